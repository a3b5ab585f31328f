"""The one history model: every workflow history is a TransitionEvent declared consistently."""

from django.apps import apps

from civildesk.org.history import TransitionEvent
from civildesk.org.workflow import REGISTRY


def _histories() -> list[type[TransitionEvent]]:
    return [m for m in apps.get_models() if issubclass(m, TransitionEvent)]


def test_every_history_names_a_registered_workflow_and_its_object():
    histories = _histories()
    assert {m.__name__ for m in histories} >= {"CaseEvent", "DossierEvent", "ReportEvent"}
    for model in histories:
        workflow = REGISTRY.get(model.workflow_name)
        assert workflow is not None, model
        fk = model._meta.get_field(model.subject)
        assert fk.related_model is workflow.model, model


def test_labels_come_from_the_workflow_in_the_readers_language():
    from django.utils import translation

    from civildesk.procedures.models import DossierEvent

    event = DossierEvent(action="register", from_status="", to_status="accepted")
    with translation.override("en"):
        assert event.label == "Registered"
        assert event.to_status_label == "Accepted"
    with translation.override("vi"):
        assert event.label not in ("", "Registered", "register")
        assert event.to_status_label not in ("", "Accepted")
    assert DossierEvent(action="no-such-action").label == "no-such-action"
    assert DossierEvent(to_status="no-such-status").to_status_label == ""
