"""Files attached to a case, an inspection or a follow-up report."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .cases import Case
from .inspections import Inspection, RecommendationReport

# --- Attachments ----------------------------------------------------------------


class Attachment(models.Model):
    """A file attached to a case, an inspection (documents collected) or a report (evidence)."""

    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    inspection = models.ForeignKey(
        Inspection, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    report = models.ForeignKey(
        RecommendationReport, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="inspection/%Y/", max_length=300)
    filename = models.CharField(_("file name"), max_length=255)
    file_type = models.CharField(_("file type"), max_length=16)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(case__isnull=False, inspection__isnull=True, report__isnull=True)
                    | Q(case__isnull=True, inspection__isnull=False, report__isnull=True)
                    | Q(case__isnull=True, inspection__isnull=True, report__isnull=False)
                ),
                name="inspection_attachment_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.filename

    @property
    def owner(self) -> Any:
        return self.case or self.inspection or self.report
