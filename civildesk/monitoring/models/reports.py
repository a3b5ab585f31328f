"""Reporting periods, the units' reports (one per indicator) and every version of them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin

from civildesk.org import policy
from civildesk.org.history import TransitionEvent
from civildesk.org.models import Unit
from civildesk.org.workflow import StateField

from .resolution import Indicator, Resolution


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Open for reporting")
    CLOSED = "closed", _("Closed")


class PeriodQuerySet(models.QuerySet["ReportingPeriod"]):
    def open(self) -> PeriodQuerySet:
        return self.filter(status=PeriodStatus.OPEN)


class ReportingPeriod(ConcurrentTransitionMixin, models.Model):
    """A period the units report for: a year (quarter empty) or a quarter of it."""

    resolution = models.ForeignKey(
        Resolution, verbose_name=_("resolution"), on_delete=models.CASCADE, related_name="periods"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    due_on = models.DateField(_("reports due on"))
    status = StateField(_("status"), max_length=8, choices=PeriodStatus.choices, default=PeriodStatus.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["resolution", "year", "quarter"], name="monitoring_unique_quarter"),
            models.UniqueConstraint(
                fields=["resolution", "year"], condition=models.Q(quarter__isnull=True), name="monitoring_unique_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} Q{self.quarter}" if self.quarter else str(self.year)

    def get_absolute_url(self) -> str:
        return reverse("monitoring:period", args=[self.pk])

    @property
    def unit(self) -> Unit:
        return self.resolution.unit


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class EvidenceKind(models.TextChoices):
    FILE = "file", _("A file")
    LINK = "link", _("A link")
    DOCUMENT = "document", _("A document (number and date)")


class ReportQuerySet(models.QuerySet["Report"]):
    def visible_to(self, user: Any) -> ReportQuerySet:
        return policy.filter_queryset(self, user, "monitoring.view_reports")

    def approved(self) -> ReportQuerySet:
        return self.filter(status=ReportStatus.APPROVED)


class Report(ConcurrentTransitionMixin, models.Model):
    """A unit's value of one indicator for one period, with its evidence; the newest version.

    Every save writes a :class:`ReportVersion`; its review (submit, approve,
    return) is the workflow ``services.reports.REPORTS``.
    """

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.CASCADE, related_name="reports"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("reporting unit"), on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="reports"
    )
    status = StateField(_("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    evidence_kind = models.CharField(_("evidence"), max_length=16, choices=EvidenceKind.choices)
    evidence_file = models.FileField(_("evidence file"), upload_to="monitoring/evidence/", blank=True)
    evidence_filename = models.CharField(_("file name"), max_length=255, blank=True)
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    evidence_number = models.CharField(_("document number"), max_length=100, blank=True)
    evidence_date = models.DateField(_("document date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=4000)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit report")
        verbose_name_plural = _("unit reports")
        ordering = ["period", "indicator", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit", "indicator"], name="monitoring_unique_report"),
        ]
        indexes = [models.Index(fields=["indicator", "status"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} — {self.unit} — {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:report", args=[self.pk])

    @property
    def is_late(self) -> bool:
        return bool(self.submitted_at and timezone.localtime(self.submitted_at).date() > self.period.due_on)


class ReportVersion(models.Model):
    """One saved state of a report: every correction is kept."""

    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    evidence_kind = models.CharField(_("evidence"), max_length=16, choices=EvidenceKind.choices)
    evidence_file = models.CharField(_("evidence file"), max_length=255, blank=True)
    evidence_filename = models.CharField(_("file name"), max_length=255, blank=True)
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    evidence_number = models.CharField(_("document number"), max_length=100, blank=True)
    evidence_date = models.DateField(_("document date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("saved by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["report", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="monitoring_unique_report_version")]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.number}"

    @property
    def unit(self) -> Unit:
        return self.report.unit


class ReportEvent(TransitionEvent):
    """The review history of a report (one row per transition)."""

    workflow_name = "monitoring.report"
    subject = "report"

    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="events")

    class Meta(TransitionEvent.Meta):
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["report", "at", "pk"]
