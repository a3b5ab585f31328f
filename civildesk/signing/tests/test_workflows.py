"""Each state of the request and step workflows, and what each role may do in it, against a table.

Roles: the owner (who sent the request), the assignee (of the step), a colleague
(another user of the same unit) and an outsider (a user of another unit).
"""

from __future__ import annotations

import pytest

from civildesk.org.models import Role
from civildesk.signing import services
from civildesk.signing.models import ChainStep, RequestStatus, SignatureRequest, StepAction, StepStatus
from conftest import make_user

ROLES = ("owner", "assignee", "colleague", "outsider")


@pytest.fixture
def people(units, staff_a, unit_admin_a, leader_a, staff_b):
    return {
        "owner": staff_a,
        "reviewer": unit_admin_a,
        "leader": leader_a,
        "colleague": make_user("colleague.a", units["a"], Role.STAFF),
        "outsider": staff_b,
    }


@pytest.fixture
def request_(people, units, decision_pdf):
    return services.request_create(
        actor=people["owner"],
        unit=units["a"],
        title="Quyết định thử",
        pdf=decision_pdf,
        filename="qd.pdf",
        chain=[
            services.StepSpec(assignees=[people["reviewer"]]),
            services.StepSpec(assignees=[people["leader"]], action=StepAction.SIGN),
        ],
        level="B-B",
    )


def _allowed(workflow, obj, people, assignee):
    who = {"owner": people["owner"], "assignee": assignee, "colleague": people["colleague"]}
    who["outsider"] = people["outsider"]
    return {role: {t.name for t in workflow.available(who[role], obj)} for role in ROLES}


def _force(model, obj, status):
    """Put a row in a state the table needs without the steps that lead there (setup only)."""
    model.objects.filter(pk=obj.pk).update(status=status)
    return model.objects.get(pk=obj.pk)


NOTHING = {role: set() for role in ROLES}

REQUEST_TABLE = {
    RequestStatus.IN_PROGRESS: {**NOTHING, "owner": {"cancel"}},
    RequestStatus.RETURNED: {**NOTHING, "owner": {"resubmit", "cancel"}},
    RequestStatus.COMPLETED: NOTHING,
    RequestStatus.CANCELLED: NOTHING,
}


@pytest.mark.parametrize("state", list(REQUEST_TABLE))
def test_request_transitions_per_state_and_role(people, request_, state):
    sr = _force(SignatureRequest, request_, state)
    assert _allowed(services.REQUESTS, sr, people, people["reviewer"]) == REQUEST_TABLE[state]


# (state of the step, kind of step, state of the request) -> role -> allowed transitions
STEP_TABLE = {
    (StepStatus.WAITING, StepAction.SIGN, RequestStatus.IN_PROGRESS): NOTHING,
    (StepStatus.PENDING, StepAction.APPROVE, RequestStatus.IN_PROGRESS): {**NOTHING, "assignee": {"approve", "return"}},
    (StepStatus.PENDING, StepAction.SIGN, RequestStatus.IN_PROGRESS): {**NOTHING, "assignee": {"sign", "return"}},
    (StepStatus.PENDING, StepAction.APPROVE, RequestStatus.RETURNED): NOTHING,
    (StepStatus.PENDING, StepAction.APPROVE, RequestStatus.CANCELLED): NOTHING,
    (StepStatus.FINISHING, StepAction.SIGN, RequestStatus.IN_PROGRESS): NOTHING,  # only the job: finish / finish_failed
    (StepStatus.APPROVED, StepAction.APPROVE, RequestStatus.IN_PROGRESS): NOTHING,
    (StepStatus.SIGNED, StepAction.SIGN, RequestStatus.COMPLETED): NOTHING,
    (StepStatus.RETURNED, StepAction.APPROVE, RequestStatus.RETURNED): NOTHING,
    (StepStatus.SKIPPED, StepAction.APPROVE, RequestStatus.IN_PROGRESS): NOTHING,
}


@pytest.mark.parametrize("key", list(STEP_TABLE), ids=lambda k: "-".join(k))
def test_step_transitions_per_state_and_role(people, request_, key):
    state, action, request_state = key
    assignee = people["reviewer"] if action == StepAction.APPROVE else people["leader"]
    step = ChainStep.objects.get(request=request_, assignee=assignee)
    _force(SignatureRequest, request_, request_state)
    step = _force(ChainStep, step, state)
    assert _allowed(services.STEPS, step, people, assignee) == STEP_TABLE[key]


def test_the_chain_moves_through_the_declared_transitions_only(people, request_):
    """The table's states are reached for real: pending → approved opens the next group; a return
    sends the request back and re-closes the open steps; the owner's resubmit reopens the first group."""
    reviewer = ChainStep.objects.get(request=request_, assignee=people["reviewer"])
    signer = ChainStep.objects.get(request=request_, assignee=people["leader"])
    assert (reviewer.status, signer.status) == (StepStatus.PENDING, StepStatus.WAITING)
    services.step_approve(actor=people["reviewer"], step=reviewer)
    signer.refresh_from_db()
    assert signer.status == StepStatus.PENDING
    assert {t.name for t in services.STEPS.available(people["leader"], signer)} == {"sign", "return"}
    services.step_return(actor=people["leader"], step=signer, comment="Sửa Điều 2")
    request_.refresh_from_db()
    assert request_.status == RequestStatus.RETURNED
    assert {t.name for t in services.REQUESTS.available(people["owner"], request_)} == {"resubmit", "cancel"}
    services.request_resubmit(actor=people["owner"], request=request_)
    reviewer.refresh_from_db()
    assert reviewer.status == StepStatus.PENDING


def test_system_transitions_are_never_offered_and_refuse_a_person(people, request_):
    from django.core.exceptions import PermissionDenied

    step = _force(ChainStep, ChainStep.objects.get(request=request_, assignee=people["leader"]), StepStatus.FINISHING)
    assert services.STEPS.table()[-2:] == [
        ("finish", ("finishing",), "signed", "system"),
        ("finish_failed", ("finishing",), "pending", "system"),
    ]
    with pytest.raises(PermissionDenied):
        services.STEPS.apply(step, "finish", actor=people["leader"], data=b"")


def test_the_status_changes_only_through_a_transition(request_):
    with pytest.raises(AttributeError):
        request_.status = RequestStatus.COMPLETED


def test_a_signature_whose_finishing_worker_died_goes_back_to_the_signer(people, request_):
    """The job that finishes a signature is lost with its worker: the step is open again, with the reason."""
    from datetime import timedelta

    from django.utils import timezone

    from civildesk.org import services as org_services
    from civildesk.org.models import JobStatus

    job = org_services.job_create(owner=people["leader"], kind="signing.finish", title="Finishing")
    org_services.job_progress(job_id=job.pk, percent=30)
    step = ChainStep.objects.get(request=request_, assignee=people["leader"])
    ChainStep.objects.filter(pk=step.pk).update(status=StepStatus.FINISHING, job=job)
    org_services.job_sweep_stale(now=timezone.now() + timedelta(hours=2))
    step.refresh_from_db()
    job.refresh_from_db()
    assert (step.status, step.failure) == (StepStatus.PENDING, "interrupted")
    assert job.status == JobStatus.FAILED
