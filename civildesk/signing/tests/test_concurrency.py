"""Steps acted on at the same time (PostgreSQL, real connections): the request-row lock serialises them."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from civildesk.org.models import AuditEntry, Role
from civildesk.signing import services
from civildesk.signing.models import ChainStep, RequestStatus, StepAction, StepStatus
from conftest import make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent steps need PostgreSQL (set DATABASE_URL=postgres://...); SQLite serialises all writers",
    ),
]

N = 6


def _run_concurrently(work, n):
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def target(i):
        try:
            barrier.wait(timeout=30)
            work(i)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return errors


def _request(owner, unit, pdf, reviewers, leader, required=None):
    return services.request_create(
        actor=owner,
        unit=unit,
        title="Quyết định thử",
        pdf=pdf,
        filename="qd.pdf",
        chain=[
            services.StepSpec(assignees=reviewers, required=required),
            services.StepSpec(assignees=[leader], action=StepAction.SIGN),
        ],
        level="B-B",
    )


def test_parallel_approvals_open_the_next_group_once(units, staff_a, leader_a, decision_pdf):
    reviewers = [make_user(f"rev{i}", units["a"], Role.STAFF) for i in range(N)]
    sr = _request(staff_a, units["a"], decision_pdf, reviewers, leader_a)
    steps = {s.assignee_id: s for s in sr.steps.filter(position=1)}

    errors = _run_concurrently(lambda i: services.step_approve(actor=reviewers[i], step=steps[reviewers[i].pk]), N)

    assert not errors, errors
    assert set(sr.steps.filter(position=1).values_list("status", flat=True)) == {StepStatus.APPROVED}
    assert ChainStep.objects.get(request=sr, assignee=leader_a).status == StepStatus.PENDING
    assert AuditEntry.objects.filter(object_id=str(sr.pk), action="signing.step_approve").count() == N


def test_one_of_two_wins_a_race_between_approving_and_returning(units, staff_a, leader_a, decision_pdf):
    a, b = (make_user(f"rev{i}", units["a"], Role.STAFF) for i in range(2))
    sr = _request(staff_a, units["a"], decision_pdf, [a, b], leader_a, required=1)
    step_a, step_b = (ChainStep.objects.get(request=sr, assignee=u) for u in (a, b))

    def work(i):
        if i == 0:
            services.step_approve(actor=a, step=step_a)
        else:
            services.step_return(actor=b, step=step_b, comment="Sửa Điều 2")

    errors = _run_concurrently(work, 2)

    # Whoever took the request row first decided; the other was refused with a clear message.
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    sr.refresh_from_db()
    leader = ChainStep.objects.get(request=sr, assignee=leader_a)
    if sr.status == RequestStatus.RETURNED:
        assert ChainStep.objects.get(pk=step_b.pk).status == StepStatus.RETURNED
        assert leader.status == StepStatus.WAITING
    else:
        assert sr.status == RequestStatus.IN_PROGRESS
        assert ChainStep.objects.get(pk=step_a.pk).status == StepStatus.APPROVED
        assert ChainStep.objects.get(pk=step_b.pk).status == StepStatus.SKIPPED
        assert leader.status == StepStatus.PENDING
