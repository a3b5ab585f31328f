"""Merging near-duplicate ideas keeps the votes and counts each person once."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from civildesk.ideas import services
from civildesk.ideas.models import Idea, Vote

pytestmark = pytest.mark.django_db


def test_merge_moves_votes_without_double_counting(open_round, chair, staff_a, staff_a1, meeting, make_persona, units):
    from civildesk.org.models import Role

    third = make_persona("staff.a3", units["a"], Role.STAFF)
    meeting.participants.add(third)
    a = services.idea_submit(actor=staff_a, round=open_round, text="Số hóa hồ sơ để giảm giấy tờ")
    b = services.idea_submit(actor=staff_a1, round=open_round, text="So hoa ho so de giam giay to", anonymous=True)
    services.vote_cast(actor=staff_a, idea=a, value=1)
    services.vote_cast(actor=staff_a, idea=b, value=1)  # voted on both: counts once after the merge
    services.vote_cast(actor=staff_a1, idea=b, value=1)  # only on b: moves to a
    services.vote_cast(actor=third, idea=b, value=-1)  # only on b: moves to a
    target = services.idea_merge(actor=chair, source=b, target=a)
    assert target == a
    assert Idea.objects.get(pk=b.pk).merged_into_id == a.pk
    assert sorted(Vote.objects.filter(idea=a).values_list("value", flat=True)) == [-1, 1, 1]
    assert Vote.objects.filter(idea=b).count() == 0
    ranked = services.ranked_ideas(open_round)
    assert [(i.pk, i.agrees, i.disagrees) for i in ranked] == [(a.pk, 2, 1)]
    # A late vote on the merged idea goes to the idea it was merged into, still once per person.
    services.vote_cast(actor=staff_a1, idea=b, value=-1)
    assert Vote.objects.filter(idea=a).count() == 3
    assert sorted(Vote.objects.filter(idea=a).values_list("value", flat=True)) == [-1, -1, 1]


def test_only_the_chair_merges(open_round, staff_a):
    a = services.idea_submit(actor=staff_a, round=open_round, text="Một")
    b = services.idea_submit(actor=staff_a, round=open_round, text="Hai")
    with pytest.raises(PermissionDenied):
        services.idea_merge(actor=staff_a, source=b, target=a)


def test_near_duplicates_are_proposed_lexically_without_accents(open_round, staff_a):
    a = services.idea_submit(actor=staff_a, round=open_round, text="Bỏ yêu cầu nộp bản sao chứng thực giấy khai sinh")
    b = services.idea_submit(actor=staff_a, round=open_round, text="bo yeu cau nop ban sao chung thuc giay khai sinh")
    services.idea_submit(actor=staff_a, round=open_round, text="Tổ chức tập huấn kỹ năng số cho cán bộ xã")
    assert [[i.pk for i in g] for g in services.duplicate_clusters(open_round)] == [[a.pk, b.pk]]
    hits = services.similar_to_draft(round=open_round, text="không bắt nộp bản sao chứng thực giấy khai sinh nữa")
    assert [i.pk for i, _s in hits][:2] == [a.pk, b.pk] or [i.pk for i, _s in hits][:2] == [b.pk, a.pk]
