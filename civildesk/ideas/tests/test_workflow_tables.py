"""Who may take which step in each state: the tables of the ideas workflows, per role."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from civildesk.ideas import services
from civildesk.ideas.models import ActionItem, Meeting, Round
from civildesk.org.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(chair, staff_a, units, make_persona):
    return {
        "chair": chair,
        "participant": staff_a,
        "other leader of the unit": make_persona("leader2.a", units["a"], Role.LEADER),
        "leader above": make_persona("leader.p", units["province"], Role.LEADER),
    }


def _table(workflow, obj, people):
    return {who: [t.name for t in workflow.available(user, obj)] for who, user in people.items()}


def test_meeting_table(meeting, people, chair):
    nobody = {"participant": [], "other leader of the unit": [], "leader above": []}
    assert _table(services.MEETINGS, meeting, people) == {"chair": ["start", "cancel"], **nobody}
    services.MEETINGS.apply(meeting, "start", actor=chair)
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert _table(services.MEETINGS, meeting, people) == {"chair": ["end"], **nobody}
    services.MEETINGS.apply(meeting, "end", actor=chair)
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert _table(services.MEETINGS, meeting, people) == {"chair": [], **nobody}


def test_round_table(meeting, people, chair):
    rnd = services.round_create(actor=chair, meeting=meeting, question="?")
    nobody = {"participant": [], "other leader of the unit": [], "leader above": []}
    assert _table(services.ROUNDS, rnd, people) == {"chair": ["open"], **nobody}
    services.round_open(actor=chair, round=rnd)
    rnd = Round.objects.get(pk=rnd.pk)
    assert _table(services.ROUNDS, rnd, people) == {"chair": ["close"], **nobody}
    services.round_close(actor=chair, round=rnd)
    rnd = Round.objects.get(pk=rnd.pk)
    assert _table(services.ROUNDS, rnd, people) == {"chair": [], **nobody}


def test_action_table(meeting, people, chair, staff_a):
    decision = services.decision_create(actor=chair, meeting=meeting, text="Kết luận")
    item = services.action_item_add(
        actor=chair,
        decision=decision,
        owner=staff_a,
        deadline=timezone.localdate() + timedelta(days=3),
        expected_result="Việc",
    )
    table = _table(services.ACTIONS, item, people)
    assert table == {
        "chair": ["complete"],
        "participant": ["complete"],
        "other leader of the unit": [],
        "leader above": [],
    }
    services.ACTIONS.apply(item, "complete", actor=staff_a)
    item = ActionItem.objects.get(pk=item.pk)
    table = _table(services.ACTIONS, item, people)
    assert table == {"chair": ["reopen"], "participant": [], "other leader of the unit": [], "leader above": []}
