"""Each state of the incoming document's workflow (INCOMING), and what each role may do in it, against a table.

Roles: the unit's clerk, its director, the lead handler (chủ trì), a supporting handler
(phối hợp), a colleague without an assignment, and the clerk of another unit.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from civildesk.correspondence.models import Assignment, Incoming, IncomingStatus
from civildesk.correspondence.workflows import INCOMING
from civildesk.org.models import Role
from conftest import make_user

ROLES = ("clerk", "director", "lead", "support", "colleague", "outsider")
S = IncomingStatus


@pytest.fixture
def people(units, clerk_b, director_b, specialist_b):
    return {
        "clerk": clerk_b,
        "director": director_b,
        "lead": specialist_b,
        "support": make_user("support.b", units["b"], Role.STAFF),
        "colleague": make_user("colleague.b", units["b"], Role.STAFF),
        "outsider": make_user("clerk.a", units["a"], Role.CLERK),
    }


@pytest.fixture
def incoming(people, units):
    inc = Incoming.objects.create(unit=units["b"], source="email", sender="Sở A", subject="Về việc thử")
    deadline = timezone.localdate() + timedelta(days=3)
    Assignment.objects.create(incoming=inc, assignee=people["lead"], role="lead", deadline=deadline)
    Assignment.objects.create(incoming=inc, assignee=people["support"], role="support", deadline=deadline)
    return inc


NOTHING = {role: set() for role in ROLES}
TABLE = {
    S.RECEIVED: {**NOTHING, "clerk": {"register"}},
    S.REGISTERED: {**NOTHING, "director": {"assign"}},
    S.ASSIGNED: {**NOTHING, "director": {"assign"}, "lead": {"report", "complete"}, "support": {"report"}},
    S.IN_PROGRESS: {**NOTHING, "director": {"assign"}, "lead": {"report", "complete"}, "support": {"report"}},
    S.COMPLETED: NOTHING,
    S.FILED: {**NOTHING, "director": {"assign"}},
}


@pytest.mark.parametrize("state", list(TABLE))
def test_incoming_transitions_per_state_and_role(people, incoming, state):
    Incoming.objects.filter(pk=incoming.pk).update(status=state)
    inc = Incoming.objects.get(pk=incoming.pk)
    allowed = {role: {t.name for t in INCOMING.available(people[role], inc)} for role in ROLES}
    assert allowed == TABLE[state]
