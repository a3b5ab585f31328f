"""Inspection plans, inspections (team, diary, findings) and recommendations with their follow-up reports."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin

from civildesk.org import policy
from civildesk.org.models import Unit
from civildesk.org.workflow import StateField

# --- Inspection plans and inspections -----------------------------------------


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class InspectionPlan(models.Model):
    """The annual inspection plan of an inspecting unit."""

    unit = models.ForeignKey(Unit, verbose_name=_("inspecting unit"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT, editable=False
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="inspection_one_plan_per_year")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("inspection:plan", args=[self.pk])


class PlanItem(models.Model):
    """One inspection foreseen in a plan: subject, topic, inspecting unit, period."""

    plan = models.ForeignKey(InspectionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items")
    subject_unit = models.ForeignKey(
        Unit, verbose_name=_("inspected unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_name = models.CharField(
        _("inspected subject"), max_length=300, help_text=_("The agency, enterprise or project inspected.")
    )
    topic = models.CharField(_("topic"), max_length=500)
    inspecting_unit = models.ForeignKey(
        Unit, verbose_name=_("inspecting unit"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["period_start", "pk"]

    def __str__(self) -> str:
        return f"{self.subject_name}: {self.topic}"[:255]

    @property
    def unit(self) -> Unit:
        return self.plan.unit


class InspectionStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    DECIDED = "decided", _("Decision issued, in progress")
    CONCLUDED = "concluded", _("Concluded")
    CLOSED = "closed", _("Closed")


class InspectionQuerySet(models.QuerySet["Inspection"]):
    def visible_to(self, user: Any) -> InspectionQuerySet:
        return policy.filter_queryset(self, user, "inspection.inspect")


class Inspection(ConcurrentTransitionMixin, models.Model):
    unit = models.ForeignKey(Unit, verbose_name=_("inspecting unit"), on_delete=models.PROTECT, related_name="+")
    plan_item = models.ForeignKey(
        PlanItem,
        verbose_name=_("plan item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspections",
    )
    subject_unit = models.ForeignKey(
        Unit, verbose_name=_("inspected unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_name = models.CharField(_("inspected subject"), max_length=300)
    topic = models.CharField(_("topic"), max_length=500)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    status = StateField(
        _("status"),
        max_length=16,
        choices=InspectionStatus.choices,
        default=InspectionStatus.PREPARING,
        editable=False,
    )
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True, editable=False)
    decision_date = models.DateField(_("decision date"), null=True, blank=True, editable=False)
    conclusion_number = models.CharField(_("conclusion number"), max_length=100, blank=True, editable=False)
    conclusion_date = models.DateField(_("conclusion date"), null=True, blank=True, editable=False)
    conclusion = models.TextField(_("conclusion"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-period_start", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject_name}: {self.topic}"[:255]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("inspection:inspection", args=[self.pk])


class TeamRole(models.TextChoices):
    HEAD = "head", _("Team head")
    DEPUTY = "deputy", _("Deputy head")
    MEMBER = "member", _("Member")


class TeamMember(models.Model):
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="team"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role in the team"), max_length=16, choices=TeamRole.choices, default=TeamRole.MEMBER)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [models.UniqueConstraint(fields=["inspection", "user"], name="inspection_unique_member")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    @property
    def unit(self) -> Unit:
        return self.inspection.unit


class DiaryEntry(models.Model):
    """The inspection team's diary (nhật ký đoàn thanh tra)."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="diary"
    )
    day = models.DateField(_("date"))
    text = models.TextField(_("work done"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("diary entry")
        verbose_name_plural = _("diary entries")
        ordering = ["day", "pk"]

    def __str__(self) -> str:
        return f"{self.day}: {self.text[:60]}"

    @property
    def unit(self) -> Unit:
        return self.inspection.unit


class Finding(models.Model):
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="findings"
    )
    title = models.CharField(_("finding"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    amount = models.DecimalField(
        _("amount concerned (VND)"),
        max_digits=18,
        decimal_places=0,
        null=True,
        blank=True,
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def unit(self) -> Unit:
        return self.inspection.unit


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Not yet implemented")
    REPORTED = "reported", _("Reported, awaiting review")
    RETURNED = "returned", _("Report returned")
    CLOSED = "closed", _("Implemented and closed")


class RecommendationQuerySet(models.QuerySet["Recommendation"]):
    def not_implemented(self) -> RecommendationQuerySet:
        return self.exclude(status=RecommendationStatus.CLOSED)

    def overdue(self, today: date | None = None) -> RecommendationQuerySet:
        return self.not_implemented().filter(deadline__lt=today or timezone.localdate())

    def visible_to(self, user: Any) -> RecommendationQuerySet:
        """The inspectorate sees its recommendations; the inspected unit those addressed to it."""
        q_inspect = policy.unit_filter(user, "inspection.inspect", field="inspection__unit")
        q_follow = policy.unit_filter(user, "inspection.follow_up", field="responsible_unit")
        if q_inspect is None or q_follow is None:
            return self
        return self.filter(q_inspect | q_follow)


class Recommendation(ConcurrentTransitionMixin, models.Model):
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="recommendations"
    )
    finding = models.ForeignKey(
        Finding, verbose_name=_("finding"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("recommendation"))
    responsible_unit = models.ForeignKey(
        Unit, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(_("deadline"))
    measure = models.CharField(
        _("measurable result"),
        max_length=500,
        help_text=_("e.g. 1.2 billion VND recovered to the budget; 3 officials reviewed."),
    )
    status = StateField(
        _("status"),
        max_length=16,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.OPEN,
        editable=False,
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.text[:120]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("inspection:recommendation", args=[self.pk])

    @property
    def unit(self) -> Unit:
        return self.inspection.unit

    @property
    def is_overdue(self) -> bool:
        return self.status != RecommendationStatus.CLOSED and self.deadline < timezone.localdate()


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class RecommendationReport(models.Model):
    """What the inspected unit reports it did on a recommendation, with evidence."""

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("recommendation"), on_delete=models.CASCADE, related_name="reports"
    )
    text = models.TextField(_("what was done"))
    result = models.CharField(
        _("result achieved"), max_length=500, help_text=_("Against the measurable result asked for.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED, editable=False
    )
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("implementation report")
        verbose_name_plural = _("implementation reports")
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.get_status_display()}"

    @property
    def unit(self) -> Unit:
        return self.recommendation.responsible_unit
