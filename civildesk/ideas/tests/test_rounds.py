"""Round and vote rules: who may take part, a closed round takes nothing, one vote per person per idea."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from civildesk.ideas import services
from civildesk.ideas.models import Round, RoundStatus, Vote
from civildesk.org.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_participant_submits_and_votes_once_per_idea(open_round, staff_a, staff_a1):
    idea = services.idea_submit(actor=staff_a, round=open_round, text="Dùng hồ sơ điện tử thay bản giấy")
    services.vote_cast(actor=staff_a1, idea=idea, value=1)
    services.vote_cast(actor=staff_a1, idea=idea, value=-1)  # changed while open
    assert list(Vote.objects.filter(idea=idea).values_list("value", flat=True)) == [-1]
    assert services.my_votes(staff_a1, open_round) == {idea.pk: -1}
    assert services.my_votes(staff_a, open_round) == {}


def test_a_closed_round_takes_no_ideas_or_votes(open_round, chair, staff_a):
    idea = services.idea_submit(actor=staff_a, round=open_round, text="Số hóa kết quả giải quyết thủ tục")
    services.round_close(actor=chair, round=open_round)
    with pytest.raises(ValidationError) as refused:
        services.idea_submit(actor=staff_a, round=open_round, text="Một ý kiến muộn")
    assert refused.value.code == "round_closed"
    with pytest.raises(ValidationError) as refused:
        services.vote_cast(actor=staff_a, idea=idea, value=1)
    assert refused.value.code == "round_closed"
    assert Vote.objects.count() == 0


def test_a_round_not_yet_open_takes_nothing(meeting, chair, staff_a):
    rnd = services.round_create(actor=chair, meeting=meeting, question="Chưa mở")
    with pytest.raises(ValidationError):
        services.idea_submit(actor=staff_a, round=rnd, text="Quá sớm")


def test_an_ended_campaign_takes_nothing(campaign, staff_b):
    Round.objects.filter(pk=campaign.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    campaign = Round.objects.get(pk=campaign.pk)
    from django.utils import translation

    with pytest.raises(ValidationError) as refused, translation.override("vi"):
        services.idea_submit(actor=staff_b, round=campaign, text="Ý kiến sau hạn")
    assert refused.value.code == "round_closed"
    assert "hết hạn" in refused.value.messages[0]  # the campaign's own message, in the user's language


def test_an_outsider_may_not_take_part_in_a_meeting_round(open_round, staff_a, staff_b):
    idea = services.idea_submit(actor=staff_a, round=open_round, text="Ý kiến trong cuộc họp")
    with pytest.raises(PermissionDenied):
        services.idea_submit(actor=staff_b, round=open_round, text="Tôi không dự họp")
    with pytest.raises(PermissionDenied):
        services.vote_cast(actor=staff_b, idea=idea, value=1)
    assert not services.can_see_round(staff_b, open_round)


def test_a_campaign_is_open_to_all_staff_below_its_unit(campaign, staff_a1, staff_b, units, make_persona):
    from civildesk.org.models import Role, Unit, UnitKind

    other = Unit.objects.create(code="X", name="Tỉnh khác", kind=UnitKind.PROVINCE)
    other.path = f"/{other.pk}/"
    other.save(update_fields=["path"])
    stranger = make_persona("stranger", other, Role.STAFF)
    assert services.idea_submit(actor=staff_a1, round=campaign, text="Bỏ bản sao chứng thực")
    assert services.idea_submit(actor=staff_b, round=campaign, text="Tra cứu dữ liệu dân cư")
    with pytest.raises(PermissionDenied):
        services.idea_submit(actor=stranger, round=campaign, text="Tôi ở tỉnh khác")


def test_only_the_chair_opens_and_closes(open_round, staff_a, chair):
    assert [t.name for t in services.ROUNDS.available(staff_a, open_round)] == []
    assert [t.name for t in services.ROUNDS.available(chair, open_round)] == ["close"]
    with pytest.raises(PermissionDenied):
        services.round_close(actor=staff_a, round=open_round)
    services.round_close(actor=chair, round=open_round)
    open_round = Round.objects.get(pk=open_round.pk)
    assert open_round.status == RoundStatus.CLOSED
    entry = AuditEntry.objects.filter(action="ideas.round_close").get()
    assert entry.summary["from"] == "open" and entry.summary["to"] == "closed"


def test_workflow_tables():
    assert services.ROUNDS.table() == [
        ("open", ("draft",), "open", "ideas.chair"),
        ("close", ("open",), "closed", "ideas.chair"),
        ("expire", ("open",), "closed", "system"),
    ]
    assert services.MEETINGS.table() == [
        ("start", ("planned",), "in_progress", "ideas.chair"),
        ("end", ("in_progress",), "ended", "ideas.chair"),
        ("cancel", ("planned",), "cancelled", "ideas.chair"),
    ]
    assert services.ACTIONS.table() == [
        ("complete", ("open",), "done", "org.view_unit"),
        ("reopen", ("done",), "open", "org.view_unit"),
    ]


def test_ending_the_meeting_closes_its_open_rounds(meeting, open_round, chair):
    services.MEETINGS.apply(meeting, "start", actor=chair)
    services.MEETINGS.apply(meeting, "end", actor=chair)
    open_round = Round.objects.get(pk=open_round.pk)
    assert open_round.status == RoundStatus.CLOSED and open_round.secret == ""


def test_ranking_uses_the_wilson_lower_bound(open_round, staff_a):
    from civildesk.ideas.models import Idea

    few = services.idea_submit(actor=staff_a, round=open_round, text="Năm người đồng ý")
    many = services.idea_submit(actor=staff_a, round=open_round, text="Chín mươi trên một trăm")
    Vote.objects.bulk_create([Vote(round=open_round, idea=few, voter=f"f{i}", value=1) for i in range(5)])
    Vote.objects.bulk_create(
        [Vote(round=open_round, idea=many, voter=f"m{i}", value=1 if i < 90 else -1) for i in range(100)]
    )
    ranked = services.ranked_ideas(open_round)
    assert [i.pk for i in ranked] == [many.pk, few.pk]
    assert Idea.objects.count() == 2


def test_a_campaign_past_its_end_closes_by_itself_and_loses_its_key(campaign, staff_b, director):
    from django.core.management import call_command

    services.idea_submit(actor=staff_b, round=campaign, text="Một ý kiến")
    assert [t.name for t in services.ROUNDS.available(director, campaign)] == ["close"]  # never offered to people
    assert services.rounds_close_expired() == []  # not yet
    Round.objects.filter(pk=campaign.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    call_command("ideas_close_expired", stdout=__import__("io").StringIO())
    closed = Round.objects.get(pk=campaign.pk)
    assert closed.status == RoundStatus.CLOSED and closed.secret == ""
    entry = AuditEntry.objects.get(action="ideas.round_expire")
    assert entry.actor is None and entry.summary["ideas"] == 1
    with pytest.raises(ValidationError):
        services.ROUNDS.apply(closed, "expire", actor=None)  # not twice


def test_refresh_from_db_reads_a_status_changed_elsewhere(open_round, chair):
    """The workflow's StateField is protected, yet reading the row again is not a change."""
    stale = Round.objects.get(pk=open_round.pk)
    services.round_close(actor=chair, round=open_round)
    assert stale.status == RoundStatus.OPEN
    stale.refresh_from_db()
    assert stale.status == RoundStatus.CLOSED
    with pytest.raises(AttributeError):
        stale.status = RoundStatus.OPEN  # still protected after the refresh
