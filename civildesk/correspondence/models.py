"""The incoming register (sổ văn bản đến), assignments for handling, and the dispatch records of
outgoing documents. Decree 30/2020/NĐ-CP, Chapter III, Section 2 (Articles 20-24)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civildesk.org import policy
from civildesk.org.models import Unit
from civildesk.org.workflow import StateField


class Source(models.TextChoices):
    PLATFORM = "platform", _("From a unit on this platform")
    EMAIL = "email", _("By e-mail")
    PAPER = "paper", _("On paper (scanned)")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent (Khẩn)")
    VERY_URGENT = "very_urgent", _("Very urgent (Thượng khẩn)")
    EXPRESS = "express", _("Express (Hỏa tốc)")


class Confidentiality(models.TextChoices):
    NONE = "none", _("Not classified")
    CONFIDENTIAL = "confidential", _("Confidential (Mật)")
    SECRET = "secret", _("Secret (Tối mật)")
    TOP_SECRET = "top_secret", _("Top secret (Tuyệt mật)")


class IncomingStatus(models.TextChoices):
    RECEIVED = "received", _("Received, not registered")
    REGISTERED = "registered", _("Registered, waiting for assignment")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("Being handled")
    COMPLETED = "completed", pgettext_lazy("incoming document", "Completed")
    FILED = "filed", _("Filed for information")


OPEN = (IncomingStatus.ASSIGNED, IncomingStatus.IN_PROGRESS)


class IncomingCounter(models.Model):
    """The incoming numbers of one unit for one year: from 01 on 1 January (Article 22)."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last incoming number"), default=0, editable=False)

    class Meta:
        verbose_name = _("incoming register")
        verbose_name_plural = _("incoming registers")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="correspondence_one_counter_per_year")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.year}"


class IncomingQuerySet(models.QuerySet["Incoming"]):
    def visible_to(self, user: Any) -> IncomingQuerySet:
        """The register of units where the user keeps or leads it, and what is assigned to the user."""
        q = policy.unit_filter(user, "correspondence.view")
        if q is None:
            return self
        mine = Q(assignments__assignee=user) | Q(
            assignments__unit__in=[g.unit_id for g in policy.grants(user)], assignments__unit__isnull=False
        )
        return self.filter(q | mine).distinct()

    def overdue(self) -> IncomingQuerySet:
        return self.filter(status__in=OPEN, deadline__lt=timezone.localdate())


class Incoming(models.Model):
    """One incoming document of a unit's register."""

    unit = models.ForeignKey(Unit, verbose_name=_("receiving unit"), on_delete=models.PROTECT, related_name="incoming")
    status = StateField(_("status"), max_length=16, choices=IncomingStatus.choices, default=IncomingStatus.RECEIVED)
    source = models.CharField(_("received"), max_length=16, choices=Source.choices)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, editable=False)
    number = models.PositiveIntegerField(_("incoming number"), null=True, blank=True, editable=False)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    sender = models.CharField(_("sender"), max_length=255)
    sender_unit = models.ForeignKey(
        Unit, verbose_name=_("sending unit"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    symbol = models.CharField(_("number and symbol"), max_length=100, blank=True)
    doc_date = models.DateField(_("date of the document"), null=True, blank=True)
    doc_type = models.CharField(_("type"), max_length=64, blank=True)
    subject = models.CharField(_("subject"), max_length=500)
    urgency = models.CharField(_("urgency"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL)
    confidentiality = models.CharField(
        _("confidentiality"), max_length=16, choices=Confidentiality.choices, default=Confidentiality.NONE
    )
    file = models.FileField(_("file"), upload_to="correspondence/incoming/", blank=True)
    text = models.TextField(_("text"), blank=True, editable=False)
    search = models.TextField(_("search text"), blank=True, editable=False, help_text=_("Folded, for search."))
    validation = models.JSONField(_("signature validation"), null=True, blank=True, editable=False)
    outgoing = models.ForeignKey(
        "drafting.Draft",
        verbose_name=_("outgoing document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    reply = models.ForeignKey(
        "drafting.Draft",
        verbose_name=_("reply"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    result = models.TextField(_("result"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = IncomingQuerySet.as_manager()

    class Meta:
        verbose_name = _("incoming document")
        verbose_name_plural = _("incoming documents")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "number"], name="correspondence_unique_incoming_number")
        ]
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["deadline"])]

    def __str__(self) -> str:
        return f"{self.number_display} {self.subject}"[:255]

    def get_absolute_url(self) -> str:
        return reverse("correspondence:detail", args=[self.pk])

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        fields = kwargs.get("fields")
        if fields is None or "status" in fields:
            self.__dict__.pop("status", None)
        super().refresh_from_db(*args, **kwargs)

    @property
    def number_display(self) -> str:
        return f"{self.number:02d}/{self.year}" if self.number else "—"

    @property
    def is_overdue(self) -> bool:
        return bool(self.deadline and self.status in OPEN and self.deadline < timezone.localdate())


class Role(models.TextChoices):
    LEAD = "lead", _("Lead (chủ trì)")
    SUPPORT = "support", _("Support (phối hợp)")
    INFO = "info", _("For information (để biết)")


class Assignment(models.Model):
    """The leader's instruction: who handles it (a person or a unit), in what role, by when."""

    incoming = models.ForeignKey(
        Incoming, verbose_name=_("incoming document"), on_delete=models.CASCADE, related_name="assignments"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correspondence_assignments",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.LEAD)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    note = models.TextField(_("instruction"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["incoming", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.assignee or self.unit}"


class Progress(models.Model):
    """A handler's report on an incoming document."""

    incoming = models.ForeignKey(
        Incoming, verbose_name=_("incoming document"), on_delete=models.CASCADE, related_name="progress"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("what was reported"))
    created_at = models.DateTimeField(_("time of the report"), default=timezone.now)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["incoming", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Dispatch(models.Model):
    """An outgoing document sent to one recipient: a platform unit's register, or an export package."""

    draft = models.ForeignKey(
        "drafting.Draft", verbose_name=_("outgoing document"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("from unit"), on_delete=models.PROTECT, related_name="dispatches")
    recipient_unit = models.ForeignKey(
        Unit, verbose_name=_("recipient unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.CharField(_("recipient"), max_length=255)
    incoming = models.ForeignKey(
        Incoming, verbose_name=_("incoming entry"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    package = models.FileField(_("export package"), upload_to="correspondence/packages/", blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        ordering = ["-sent_at", "pk"]

    def __str__(self) -> str:
        return f"{self.draft} → {self.recipient}"
