"""Two people acting on the same case at once: one succeeds, the other is told it changed (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from civildesk.inspection import services
from civildesk.inspection.models import Case, CaseEvent, CaseStatus
from civildesk.org.models import AuditEntry, Role

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent transitions need PostgreSQL (set DATABASE_URL=postgres://...); SQLite serialises writers",
    ),
]

THREADS = 6


def test_the_same_transition_at_once_succeeds_once(register, units, make_persona):
    clerks = [make_persona(f"reception{i}.a", units["a"], Role.STAFF) for i in range(THREADS)]
    case = register(clerks[0])
    case = services.case_classify(
        actor=clerks[0], case=case, case_type=case.case_type, instance=case.instance,
        field="", complexity="normal", remote_area=False,
    )  # fmt: skip
    stale = [Case.objects.get(pk=case.pk) for _ in range(THREADS)]  # everyone loaded the page before anyone acted
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []

    def work(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            if i % 2:
                services.case_accept(actor=clerks[i], case=stale[i])
            else:
                services.case_reject(actor=clerks[i], case=stale[i], reason="not_competent")
            outcomes.append("done")
        except ValidationError as exc:
            outcomes.append(exc.code or f"invalid: {exc.messages}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    # Exactly one wins; every other attempt is refused with a message (normally "wrong_state": the
    # case changed under it), never applied twice.
    assert len(outcomes) == THREADS and outcomes.count("done") == 1, outcomes
    case.refresh_from_db()
    assert case.status in (CaseStatus.ACCEPTED, CaseStatus.REJECTED)
    assert CaseEvent.objects.filter(case=case, action__in=["accept", "reject"]).count() == 1
    assert AuditEntry.objects.filter(action__in=["inspection.case_accept", "inspection.case_reject"]).count() == 1
