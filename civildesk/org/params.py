"""Request parameters that several apps' views read the same way."""

from __future__ import annotations

import uuid

from django.core.exceptions import BadRequest


def uuid_param(value: str | None) -> uuid.UUID | None:
    """``?job=`` or ``conversation=``: None when absent, 400 (BadRequest) when not a UUID.

    Handing the raw text to ``filter(pk=...)`` raised a ValidationError: a 500.
    """
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except (ValueError, AttributeError, TypeError) as exc:
        raise BadRequest("not a valid identifier") from exc
