"""Validating an uploaded signed PDF (the page, the API and the command call this)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import validate
from ..models import TrustedRoot
from .trust import check_pdf


def validate_upload(*, data: bytes, filename: str) -> validate.Report:
    """Validate an uploaded PDF against the trusted roots; clear errors for bad uploads."""
    check_pdf(data=data, filename=filename)
    try:
        report = validate.validate_pdf(data, roots_der=TrustedRoot.active_der(), filename=filename)
    except validate.NotAPdf as exc:
        raise ValidationError(
            _("The file “%(name)s” is damaged or not a PDF.") % {"name": filename}, code="not_pdf"
        ) from exc
    return report
