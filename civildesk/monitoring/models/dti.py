"""Inputs of the DTI scoring: one value (or entered score) per unit, year and component of a framework."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civildesk.org.models import Unit


class DtiInput(models.Model):
    """The value a component is scored from (frameworks are versioned data: ``monitoring/frameworks/*.json``)."""

    framework = models.CharField(_("framework"), max_length=64, help_text=_("code@version"))
    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    component = models.CharField(_("component"), max_length=32)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    evidence = models.CharField(_("evidence"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        verbose_name = _("DTI input")
        verbose_name_plural = _("DTI inputs")
        ordering = ["framework", "year", "unit", "component"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "year", "unit", "component"], name="monitoring_unique_dti")
        ]
        indexes = [models.Index(fields=["framework", "year"])]

    def __str__(self) -> str:
        return f"{self.framework} {self.year} {self.unit_id} {self.component}"
