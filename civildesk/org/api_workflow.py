"""The API side of the workflow mechanism: list and apply transitions through the same calls as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Schema, Status

from .workflow import Workflow


class TransitionOut(Schema):
    name: str
    label: str
    fields: list[str]


class TransitionIn(Schema):
    data: dict[str, Any] = {}


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def transitions_out(workflow: Workflow, user: Any, obj: Any) -> list[dict[str, Any]]:
    """The transitions ``user`` may apply to ``obj`` now, with the fields their form takes."""
    out = []
    for t in workflow.available(user, obj):
        form = workflow.form(t, obj)
        out.append({"name": t.name, "label": str(t.label), "fields": list(form.fields) if form is not None else []})
    return out


def transition_apply(workflow: Workflow, user: Any, obj: Any, name: str, data: dict[str, Any]) -> Any:
    """Validate ``data`` with the transition's form and apply it; a django-ninja ``Status`` for refusals."""
    from django.utils.translation import gettext as _

    try:
        return workflow.apply_data(obj, name, actor=user, data=data)
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc) if exc.args and " " in str(exc) else _("You may not do this.")})
    except ValidationError as exc:
        errors = {k: [str(m) for m in v] for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict") else {}
        return Status(400, {"detail": " ".join(exc.messages), "errors": errors})
