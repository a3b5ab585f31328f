"""The workflow mechanism (civildesk.org.workflow), exercised through a real workflow: the case workflow."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase

from civildesk.inspection import services
from civildesk.inspection.models import Case, CaseStatus
from civildesk.org.models import AuditEntry, Notification, Role
from civildesk.org.workflow import REGISTRY

pytestmark = pytest.mark.django_db


def classified(register, actor):
    case = register(actor)
    return services.case_classify(
        actor=actor, case=case, case_type=case.case_type, instance=case.instance,
        field="", complexity="normal", remote_area=False,
    )  # fmt: skip


def test_the_workflow_is_registered_with_django_fsm(register, reception_a):
    case = register(reception_a)
    names = {t.name for t in case.get_available_status_transitions()}
    assert names == {"classify"}
    assert REGISTRY["inspection.case"] is services.CASES


def test_status_cannot_be_assigned_directly(register, reception_a):
    case = register(reception_a)
    with pytest.raises(AttributeError):
        case.status = CaseStatus.CLOSED
    case.full_clean(exclude=["number"])  # re-assigning the same value is fine


def test_wrong_state_is_refused_with_the_status_in_the_users_language(register, reception_a, english):
    case = register(reception_a)
    with pytest.raises(ValidationError) as exc:
        services.CASES.apply(case, "accept", actor=reception_a)
    assert exc.value.code == "wrong_state" and "Received" in exc.value.messages[0]


def test_permission_is_checked_after_the_state(register, reception_a, handler_a):
    case = classified(register, reception_a)
    services.case_accept(actor=reception_a, case=case)
    with pytest.raises(PermissionDenied):
        services.CASES.apply(case, "assign", actor=reception_a, assignee=handler_a)


def test_a_guard_refuses_who_is_not_the_handler(
    register, reception_a, leader_a, handler_a, make_persona, units, english
):
    other = make_persona("other.inspector", units["a"], Role.INSPECTOR)
    case = services.case_accept(actor=reception_a, case=classified(register, reception_a))
    case = services.case_assign(actor=leader_a, case=case, assignee=handler_a)
    with pytest.raises(PermissionDenied, match="assigned handler"):
        services.case_start_verification(actor=other, case=case)


def test_a_refused_effect_changes_nothing(register, reception_a):
    case = classified(register, reception_a)
    audit_before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        services.case_transfer(actor=reception_a, case=case, reason="not_competent", transferred_to=" ")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLASSIFIED and AuditEntry.objects.count() == audit_before
    assert not case.events.filter(action="transfer").exists()


def test_a_stale_object_is_relocked_and_refused(register, reception_a):
    case = classified(register, reception_a)
    stale = Case.objects.get(pk=case.pk)
    services.case_reject(actor=reception_a, case=case, reason="not_competent")
    with pytest.raises(ValidationError) as exc:
        services.case_accept(actor=reception_a, case=stale)  # the row is re-read under lock
    assert exc.value.code == "wrong_state"


def test_actions_offer_the_forms_and_urls(register, reception_a):
    case = register(reception_a)
    (action,) = services.CASES.actions(reception_a, case)
    assert action.name == "classify" and action.url == f"/inspection/cases/{case.pk}/do/classify/"
    assert "case_type" in action.form.fields and action.form.initial["case_type"] == case.case_type


def test_apply_data_validates_with_the_form(register, reception_a):
    case = classified(register, reception_a)
    with pytest.raises(ValidationError) as exc:
        services.CASES.apply_data(case, "transfer", actor=reception_a, data={"reason": "nonsense"})
    assert "reason" in exc.value.message_dict


class NotificationsOnCommit(TestCase):
    """Notifications leave only once the transaction commits (TestCase runs on_commit on demand)."""

    def test_the_assignee_is_notified_on_commit_only(self):
        from civildesk.inspection.models import CaseType, Channel, Instance
        from civildesk.inspection.protect import Identity
        from civildesk.org.models import Unit, UnitKind
        from conftest import make_user

        unit = Unit.objects.create(code="X", name="Sở X", kind=UnitKind.DEPARTMENT, path="/", depth=0)
        unit.path = f"/{unit.pk}/"
        unit.save(update_fields=["path"])
        leader = make_user("leader.x", unit, Role.LEADER)
        handler = make_user("handler.x", unit, Role.INSPECTOR)
        handler.email = "handler@example.gov.vn"
        handler.save(update_fields=["email"])
        with self.settings(CIVILDESK_FIELD_KEY_FILE=self._key_path()):
            case = services.case_register(
                actor=leader, unit=unit, case_type=CaseType.COMPLAINT, instance=Instance.FIRST,
                channel=Channel.IN_PERSON, title="Khiếu nại", content="Nội dung",
                identity=Identity(name="A", phone="0900000000"),
            ).case  # fmt: skip
            case = services.case_classify(
                actor=leader, case=case, case_type=case.case_type, instance=case.instance,
                field="", complexity="normal", remote_area=False,
            )  # fmt: skip
            case = services.case_accept(actor=leader, case=case)
            with self.captureOnCommitCallbacks(execute=False) as callbacks:
                services.case_assign(actor=leader, case=case, assignee=handler)
            assert not Notification.objects.exists() and not mail.outbox
            for callback in callbacks:
                callback()
        note = Notification.objects.get(user=handler)
        assert case.number in note.text and note.url == case.get_absolute_url()
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["handler@example.gov.vn"]

    def _key_path(self):
        import tempfile
        from pathlib import Path

        from civildesk.inspection import protect

        protect._load_key.cache_clear()
        self.addCleanup(protect._load_key.cache_clear)
        return Path(tempfile.mkdtemp()) / "field.key"
