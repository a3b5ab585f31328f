"""Every write of the signing app goes through these functions, one module per family.

- :mod:`.trust`: uploads, trusted roots, the timestamp authority and the levels it allows, certificates;
- :mod:`.chain`: requests, their workflow (:data:`REQUESTS`) and :func:`advance`, which opens the next group;
- :mod:`.steps`: the step workflow (:data:`STEPS`: approve, return, sign; the job's finish / finish_failed);
- :mod:`.sign`: making a signature in a step (certificate, appearance, key backend via ``signer``);
- :mod:`.validation`: validating an uploaded PDF.

The names below are the app's service interface for views, the API, commands, tasks and other apps.
"""

from __future__ import annotations

from typing import Any

from .chain import REQUESTS, StepSpec, advance, request_cancel, request_create, request_from_draft, request_resubmit
from .steps import STEPS, signature_finish, step_approve, step_return, step_sign
from .trust import (
    available_levels,
    certificate_register,
    check_pdf,
    default_level,
    settings_update,
    trusted_root_add,
    trusted_root_set_active,
)
from .trust import read as _read
from .validation import validate_upload


def notifications_unread(*, user: Any) -> Any:
    """The user's unread notifications about signature requests (the "Waiting for me" card)."""
    from django.urls import reverse

    from civildesk.org.models import Notification

    return Notification.objects.filter(user=user, url__startswith=reverse("signing:index")).unread()


def notifications_read(*, user: Any, request: Any) -> int:
    """Mark the user's notifications about this request as read (they open its page)."""
    from civildesk.org.services import notifications_read as read

    return read(user=user, url=request.get_absolute_url())


__all__ = [
    "REQUESTS",
    "STEPS",
    "StepSpec",
    "_read",
    "advance",
    "available_levels",
    "certificate_register",
    "check_pdf",
    "default_level",
    "notifications_read",
    "notifications_unread",
    "request_cancel",
    "request_create",
    "request_from_draft",
    "request_resubmit",
    "settings_update",
    "signature_finish",
    "step_approve",
    "step_return",
    "step_sign",
    "trusted_root_add",
    "trusted_root_set_active",
    "validate_upload",
]
