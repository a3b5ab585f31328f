"""Complaints, denunciations and petitions: the case, its deadline rules, history and links.

The status changes only through the transitions of ``services.cases.CASES``. The
identity of the person who filed a case is held encrypted (``identity_token``, see
``protect.py``); nothing here decrypts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin

from civildesk.org import policy
from civildesk.org.history import TransitionEvent
from civildesk.org.models import Unit
from civildesk.org.workflow import StateField

# --- Cases -------------------------------------------------------------------


class CaseType(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint (khiếu nại)")
    DENUNCIATION = "denunciation", _("Denunciation (tố cáo)")
    PETITION = "petition", _("Petition or feedback (kiến nghị, phản ánh)")


class Instance(models.TextChoices):
    NONE = "none", _("Not applicable")
    FIRST = "first", _("First instance")
    SECOND = "second", _("Second instance")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person at the reception office")
    POST = "post", _("By post")
    ONLINE = "online", _("Online portal")
    TRANSFERRED = "transferred", _("Transferred from another agency")
    LEADER = "leader", _("Assigned by a leader")
    PRESS = "press", _("Press and media")


class Complexity(models.TextChoices):
    NORMAL = "normal", _("Normal")
    COMPLEX = "complex", _("Complex")
    VERY_COMPLEX = "very_complex", _("Particularly complex")


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    CLASSIFIED = "classified", _("Classified")
    ACCEPTED = "accepted", _("Accepted for settlement")
    TRANSFERRED = "transferred", _("Transferred to the competent agency")
    RETURNED = "returned", _("Returned with guidance")
    REJECTED = "rejected", _("Not eligible")
    VERIFYING = "verifying", _("Being verified")
    SUSPENDED = "suspended", _("Suspended")
    CONCLUDED = "concluded", _("Concluded")
    DECISION_ISSUED = "decision_issued", _("Decision issued")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (
    CaseStatus.RECEIVED,
    CaseStatus.CLASSIFIED,
    CaseStatus.ACCEPTED,
    CaseStatus.VERIFYING,
    CaseStatus.SUSPENDED,
    CaseStatus.CONCLUDED,
)
# Statuses in which the settlement clock runs.
SETTLING_STATUSES = (CaseStatus.ACCEPTED, CaseStatus.VERIFYING, CaseStatus.SUSPENDED, CaseStatus.CONCLUDED)


class TriageReason(models.TextChoices):
    NOT_COMPETENT = "not_competent", _("Not within this agency's competence")
    WRONG_LEVEL = "wrong_level", _("Belongs to another level of settlement")
    GUIDANCE = "guidance", _("Guidance given on where and how to file")
    INCOMPLETE = "incomplete", _("Missing the required content or signature")
    TIME_BARRED = "time_barred", _("Filed after the statutory time limit")
    ALREADY_SETTLED = "already_settled", _("Already settled with a legally effective decision")
    IN_COURT = "in_court", _("Already accepted by a court")
    NO_CAPACITY = "no_capacity", _("The filer lacks legal capacity and has no representative")
    ANONYMOUS = "anonymous", _("Denunciation without a name or address")
    WITHDRAWN = "withdrawn", _("Withdrawn by the filer")
    OTHER = "other", _("Other reason (explained in the note)")


class DayCount(models.TextChoices):
    CALENDAR = "calendar", _("Calendar days")
    WORKING = "working", _("Working days")


class DeadlineRule(models.Model):
    """A statutory time limit, as data the administrator can correct when the law changes."""

    case_type = models.CharField(_("case type"), max_length=16, choices=CaseType.choices)
    instance = models.CharField(_("instance"), max_length=8, choices=Instance.choices, default=Instance.NONE)
    name = models.CharField(_("name"), max_length=255)
    legal_basis = models.CharField(
        _("legal basis"), max_length=500, help_text=_("Law and article, e.g. Law on Complaints 2011, Article 28.")
    )
    day_count = models.CharField(_("days are"), max_length=16, choices=DayCount.choices, default=DayCount.CALENDAR)
    days = models.PositiveSmallIntegerField(_("days from acceptance"))
    complex_days = models.PositiveSmallIntegerField(_("days if complex"))
    remote_days = models.PositiveSmallIntegerField(_("days in remote and difficult areas"))
    remote_complex_days = models.PositiveSmallIntegerField(_("days if complex, in remote areas"))
    extension_days = models.PositiveSmallIntegerField(
        _("days per extension"),
        default=0,
        help_text=_("0 when the law allows no extension beyond the complex-case limit."),
    )
    max_extensions_complex = models.PositiveSmallIntegerField(_("extensions allowed if complex"), default=0)
    max_extensions_very_complex = models.PositiveSmallIntegerField(
        _("extensions allowed if particularly complex"), default=0
    )
    intake_days = models.PositiveSmallIntegerField(
        _("days to decide on acceptance"), default=10, help_text=_("Counted from receipt.")
    )
    intake_day_count = models.CharField(
        _("acceptance days are"), max_length=16, choices=DayCount.choices, default=DayCount.CALENDAR
    )
    intake_legal_basis = models.CharField(_("legal basis of the acceptance limit"), max_length=500, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("statutory time limit")
        verbose_name_plural = _("statutory time limits")
        ordering = ["case_type", "instance"]
        constraints = [models.UniqueConstraint(fields=["case_type", "instance"], name="inspection_unique_rule")]

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class CaseFilters:
    """The filters of a case list (page or API), read from a query string and validated."""

    status: str = ""  # a status, "open" or "overdue"
    case_type: str = ""
    q: str = ""
    assignee_id: int | None = None

    @classmethod
    def from_query(cls, params: Any, *, user: Any = None) -> CaseFilters:
        status = params.get("status", "")
        ctype = params.get("type", "")
        return cls(
            status=status if status in ("open", "overdue", *CaseStatus.values) else "",
            case_type=ctype if ctype in CaseType.values else "",
            q=params.get("q", "").replace("\x00", "").strip()[:200],
            assignee_id=getattr(user, "pk", None) if params.get("mine") else None,
        )


class CaseQuerySet(models.QuerySet["Case"]):
    def listing(self, *, user: Any, filters: CaseFilters) -> CaseQuerySet:
        """The cases ``user`` may see, filtered, newest first, with what a list row shows (no N+1)."""
        qs = self.visible_to(user).select_related("unit", "assignee", "merged_into")
        if filters.status == "open":
            qs = qs.open()
        elif filters.status == "overdue":
            qs = qs.open().overdue()
        elif filters.status:
            qs = qs.filter(status=filters.status)
        if filters.case_type:
            qs = qs.filter(case_type=filters.case_type)
        if filters.assignee_id:
            qs = qs.filter(assignee_id=filters.assignee_id)
        if filters.q:  # never the identity: it is encrypted and not searchable
            qs = qs.filter(
                Q(number__icontains=filters.q)
                | Q(title__icontains=filters.q)
                | Q(content__icontains=filters.q)
                | Q(subject_name__icontains=filters.q)
            )
        return qs.order_by("-received_on", "-pk")

    def open(self) -> CaseQuerySet:
        return self.filter(status__in=OPEN_STATUSES, merged_into__isnull=True)

    def visible_to(self, user: Any) -> CaseQuerySet:
        return policy.filter_queryset(self, user, "inspection.view_cases")

    def overdue(self, today: date | None = None) -> CaseQuerySet:
        today = today or timezone.localdate()
        settling = Q(status__in=SETTLING_STATUSES, deadline__lt=today) & ~Q(status=CaseStatus.SUSPENDED)
        intake = Q(status__in=(CaseStatus.RECEIVED, CaseStatus.CLASSIFIED), intake_deadline__lt=today)
        return self.filter(merged_into__isnull=True).filter(settling | intake)

    def due_within(self, days: int, today: date | None = None) -> CaseQuerySet:
        from datetime import timedelta

        today = today or timezone.localdate()
        return self.open().filter(deadline__gte=today, deadline__lte=today + timedelta(days=days))


class Case(ConcurrentTransitionMixin, models.Model):
    """One complaint, denunciation or petition, from receipt to closure."""

    number = models.CharField(_("register number"), max_length=32, unique=True, editable=False)
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(_("tracking secret (hashed)"), max_length=128, blank=True, editable=False)
    case_type = models.CharField(_("type"), max_length=16, choices=CaseType.choices)
    instance = models.CharField(_("instance"), max_length=8, choices=Instance.choices, default=Instance.NONE)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="inspection_cases"
    )
    title = models.CharField(_("subject"), max_length=300)
    content = models.TextField(_("content"))
    field = models.CharField(
        _("field"), max_length=100, blank=True, help_text=_("e.g. land, construction, social policy")
    )
    subject_name = models.CharField(
        _("complained-about or denounced party"),
        max_length=300,
        blank=True,
        help_text=_("The agency, decision or official the case is about."),
    )
    subject_unit = models.ForeignKey(
        Unit, verbose_name=_("unit concerned"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    complexity = models.CharField(_("complexity"), max_length=16, choices=Complexity.choices, default=Complexity.NORMAL)
    remote_area = models.BooleanField(_("remote and difficult area"), default=False)
    status = StateField(
        _("status"),
        max_length=20,
        choices=CaseStatus.choices,
        default=CaseStatus.RECEIVED,
        editable=False,
    )
    status_before_suspension = models.CharField(max_length=20, blank=True, editable=False)
    was_denunciation = models.BooleanField(
        _("registered or classified as a denunciation"),
        default=False,
        editable=False,
        help_text=_(
            "Once a denunciation, the filer keeps the denouncer's protection even if the case is reclassified."
        ),
    )
    rule = models.ForeignKey(
        DeadlineRule,
        verbose_name=_("time limit applied"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        editable=False,
    )
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    intake_deadline = models.DateField(_("decide on acceptance by"), null=True, blank=True, editable=False)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True, editable=False)
    deadline = models.DateField(_("statutory deadline"), null=True, blank=True, editable=False, db_index=True)
    extensions = models.PositiveSmallIntegerField(_("extensions"), default=0, editable=False)
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True, editable=False)
    suspended_days = models.PositiveIntegerField(_("days suspended"), default=0, editable=False)
    triage_reason = models.CharField(
        _("reason"), max_length=20, choices=TriageReason.choices, blank=True, editable=False
    )
    transferred_to = models.CharField(_("transferred to"), max_length=300, blank=True, editable=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_cases",
        editable=False,
    )
    conclusion = models.TextField(_("conclusion"), blank=True, editable=False)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True, editable=False)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True, editable=False)
    decided_on = models.DateField(_("decision date"), null=True, blank=True, editable=False)
    outcome_public = models.TextField(
        _("outcome told to the filer"),
        blank=True,
        editable=False,
        help_text=_("Shown to the citizen on the tracking page; no personal data."),
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_cases",
        editable=False,
    )
    # Identity of the filer: encrypted (protect.py); keyed hashes for "same person" lookups.
    identity_token = models.TextField(_("identity (encrypted)"), blank=True, editable=False)
    person_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint, denunciation or petition")
        verbose_name_plural = _("complaints, denunciations and petitions")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["case_type", "status"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"[:255]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("inspection:case", args=[self.pk])

    @property
    def is_denunciation(self) -> bool:
        return self.case_type == CaseType.DENUNCIATION

    @property
    def is_protected(self) -> bool:
        """The filer has a denouncer's protection (now or ever a denunciation)."""
        return self.case_type == CaseType.DENUNCIATION or self.was_denunciation

    @property
    def in_intake(self) -> bool:
        """Not yet accepted or refused: the deadline that runs is the one for deciding on acceptance."""
        return self.status in (CaseStatus.RECEIVED, CaseStatus.CLASSIFIED)

    @property
    def current_deadline(self) -> date | None:
        """The deadline that matters now: acceptance before triage, settlement after."""
        if self.status in (CaseStatus.RECEIVED, CaseStatus.CLASSIFIED):
            return self.intake_deadline
        if self.status in SETTLING_STATUSES:
            return self.deadline
        return None

    @property
    def is_overdue(self) -> bool:
        due = self.current_deadline
        return bool(due and self.status != CaseStatus.SUSPENDED and due < timezone.localdate())

    @property
    def days_left(self) -> int | None:
        due = self.current_deadline
        return (due - timezone.localdate()).days if due else None

    @property
    def settled_on(self) -> date | None:
        return self.decided_on or (self.concluded_on if self.case_type == CaseType.PETITION else None)


class CaseEvent(TransitionEvent):
    """The history of a case, one row per transition (the audit trail holds the same, hash-chained)."""

    workflow_name = "inspection.case"
    subject = "case"

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events")
    public = models.BooleanField(_("shown to the filer"), default=False)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.case.number} {self.action}"


# Events that are not transitions of the case workflow.
EVENT_LABELS = {
    "receive": _("Received"),
    "merge": _("Merged into another case"),
    "link": _("Linked to another case"),
    "linked": _("Another case was linked to this one"),
}
CaseEvent.other_labels = EVENT_LABELS


class LinkKind(models.TextChoices):
    DUPLICATE = "duplicate", _("Merged as a duplicate")
    RELATED = "related", _("Related case")


class CaseLink(models.Model):
    """Two cases linked by an officer; both keep their own records and history."""

    from_case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="links_out")
    to_case = models.ForeignKey(Case, verbose_name=_("linked case"), on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(_("kind"), max_length=16, choices=LinkKind.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("case link")
        verbose_name_plural = _("case links")
        constraints = [models.UniqueConstraint(fields=["from_case", "to_case"], name="inspection_unique_link")]

    def __str__(self) -> str:
        return f"{self.from_case.number} → {self.to_case.number}"

    @property
    def unit(self) -> Unit:
        return self.from_case.unit
