"""Dossiers: the national status set, channel, payment, digitisation of components, history, files.

The status changes only through the transitions of ``services.workflow.DOSSIERS``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import ConcurrentTransitionMixin

from civildesk.org import policy
from civildesk.org.history import TransitionEvent
from civildesk.org.models import Unit
from civildesk.org.workflow import StateField

from .catalogue import Procedure, ProcedureVersion


class Status(models.TextChoices):
    """The national status set, as the national public-service portal synchronises it (codes 1–10)."""

    NEW = "new", pgettext_lazy("dossier status", "New registration")
    ACCEPTED = "accepted", pgettext_lazy("dossier status", "Accepted")
    REFUSED = "refused", pgettext_lazy("dossier status", "Not accepted")
    PROCESSING = "processing", pgettext_lazy("dossier status", "Being processed")
    SUPPLEMENT = "supplement", pgettext_lazy("dossier status", "Supplement requested")
    PAYMENT = "payment", pgettext_lazy("dossier status", "Financial obligation requested")
    WITHDRAWAL = "withdrawal", pgettext_lazy("dossier status", "Withdrawn at the applicant's request")
    STOPPED = "stopped", pgettext_lazy("dossier status", "Processing stopped")
    DONE = "done", pgettext_lazy("dossier status", "Processed")
    RETURNED = "returned", pgettext_lazy("dossier status", "Result returned")


NATIONAL_CODE = {
    Status.NEW: 1,
    Status.ACCEPTED: 2,
    Status.REFUSED: 3,
    Status.PROCESSING: 4,
    Status.SUPPLEMENT: 5,
    Status.PAYMENT: 6,
    Status.WITHDRAWAL: 7,
    Status.STOPPED: 8,
    Status.DONE: 9,
    Status.RETURNED: 10,
}
OPEN = (Status.NEW, Status.ACCEPTED, Status.PROCESSING, Status.SUPPLEMENT, Status.PAYMENT)
RUNNING = (Status.ACCEPTED, Status.PROCESSING, Status.PAYMENT)  # the clock runs
TERMINAL = (Status.REFUSED, Status.WITHDRAWAL, Status.STOPPED, Status.DONE, Status.RETURNED)


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    POSTAL = "postal", _("Public postal service")


class Digitisation(models.TextChoices):
    NONE = "none", _("Not digitised")
    DIGITISED = "digitised", _("Digitised")
    REUSED_DOSSIER = "reused_dossier", _("Reused from another dossier")
    REUSED_RESULT = "reused_result", _("Reused from a result")


class DossierQuerySet(models.QuerySet["Dossier"]):
    def visible_to(self, user: Any) -> DossierQuerySet:
        """The handling unit's people, and the one-stop shop that received the dossier."""
        handling = policy.unit_filter(user, "procedures.view", field="unit")
        receiving = policy.unit_filter(user, "procedures.receive", field="received_by")
        if handling is None or receiving is None:
            return self
        return self.filter(handling | receiving)

    def open(self) -> DossierQuerySet:
        return self.filter(status__in=OPEN)

    def overdue(self, today: date | None = None) -> DossierQuerySet:
        today = today or timezone.localdate()
        return self.filter(status__in=RUNNING, due_date__lt=today)

    def due_soon(self, days: int = 3, today: date | None = None) -> DossierQuerySet:
        today = today or timezone.localdate()
        return self.filter(status__in=RUNNING, due_date__gte=today, due_date__lte=today + timedelta(days=days))


class Dossier(ConcurrentTransitionMixin, models.Model):
    """One application for a procedure, from registration to the returned result."""

    code = models.CharField(_("dossier code"), max_length=40, unique=True, editable=False)
    unit = models.ForeignKey(Unit, verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="dossiers")
    received_by = models.ForeignKey(
        Unit,
        verbose_name=_("received by the one-stop shop of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text=_("Empty when the handling unit received it."),
    )
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="dossiers"
    )
    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("procedure version applied"),
        on_delete=models.PROTECT,
        related_name="dossiers",
        editable=False,
    )
    status = StateField(_("status"), max_length=16, choices=Status.choices, default=Status.NEW, editable=False)
    status_before = models.CharField(max_length=16, blank=True, editable=False)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    paid_online = models.BooleanField(_("fee paid online"), default=False)
    applicant_name = models.CharField(_("applicant"), max_length=255)
    applicant_phone = models.CharField(_("phone"), max_length=32, blank=True)
    applicant_email = models.EmailField(_("e-mail"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=500, blank=True)
    applicant_id_number = models.CharField(_("citizen ID number"), max_length=32, blank=True)
    note = models.TextField(_("what is asked"), blank=True)
    pin_hash = models.CharField(max_length=128, blank=True, editable=False)
    phone_hash = models.CharField(max_length=128, blank=True, editable=False)
    received_at = models.DateTimeField(_("received at"), default=timezone.now, editable=False)
    received_on = models.DateField(_("received on"), editable=False, db_index=True)
    digitised = models.BooleanField(_("every component digitised or reused"), default=False, editable=False)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True, editable=False)
    due_date = models.DateField(_("promised date"), null=True, blank=True, editable=False, db_index=True)
    original_due_date = models.DateField(_("first promised date"), null=True, blank=True, editable=False)
    paused_since = models.DateField(_("clock paused since"), null=True, blank=True, editable=False)
    paused_days = models.PositiveIntegerField(_("working days paused"), default=0, editable=False)
    supplement_count = models.PositiveSmallIntegerField(_("supplement requests"), default=0, editable=False)
    supplement_note = models.TextField(_("what is missing"), blank=True, editable=False)
    extension_reason = models.TextField(_("reason for the delay"), blank=True, editable=False)
    extended_on = models.DateField(_("apology issued on"), null=True, blank=True, editable=False)
    reason = models.TextField(_("reason"), blank=True, editable=False, help_text=_("Of a refusal or a stop."))
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("specialist"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="procedure_dossiers",
        editable=False,
    )
    result_summary = models.TextField(_("result"), blank=True, editable=False)
    proposed = models.BooleanField(_("result proposed to the leader"), default=False, editable=False)
    signature_request_id = models.PositiveIntegerField(null=True, blank=True, editable=False)
    result_file = models.FileField(_("signed result"), upload_to="procedures/results/%Y/", blank=True, editable=False)
    finished_on = models.DateField(_("finished on"), null=True, blank=True, editable=False, db_index=True)
    returned_on = models.DateField(_("result returned on"), null=True, blank=True, editable=False)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True, editable=False)
    rating_comment = models.TextField(_("comment"), blank=True, editable=False)
    complaint = models.BooleanField(_("the applicant complained"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status", "due_date"]),
            models.Index(fields=["unit", "received_on"]),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("procedures:dossier", args=[self.pk])

    @property
    def intake_unit(self) -> Unit:
        """Whose one-stop clerks receive, accept, refuse, forward and return: the receiving shop, if any."""
        return self.received_by or self.unit

    @property
    def national_code(self) -> int:
        return NATIONAL_CODE[Status(self.status)]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def is_overdue(self) -> bool:
        return bool(self.status in RUNNING and self.due_date and self.due_date < timezone.localdate())

    @property
    def apology_due(self) -> bool:
        """The promised date is within two days and no Form 04 was issued: the handler is prompted to issue it."""
        if self.status not in RUNNING or not self.due_date or self.extended_on:
            return False
        return 0 <= (self.due_date - timezone.localdate()).days <= 2

    @property
    def was_extended(self) -> bool:
        return self.extended_on is not None


class DossierComponent(models.Model):
    """One component handed in (a form, a certificate...), with its digitisation state."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="components")
    name = models.CharField(_("component"), max_length=300)
    digitisation = models.CharField(
        _("digitisation"), max_length=16, choices=Digitisation.choices, default=Digitisation.NONE
    )

    class Meta:
        verbose_name = _("dossier component")
        verbose_name_plural = _("dossier components")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def unit(self) -> Unit:
        return self.dossier.unit


class AttachmentKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SUPPLEMENT = "supplement", _("Supplement")


class Attachment(models.Model):
    """A file handed in with a dossier; stored outside the web root, served only to those allowed."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=16, choices=AttachmentKind.choices, default=AttachmentKind.SUBMITTED)
    file = models.FileField(_("file"), upload_to="procedures/%Y/", max_length=300)
    filename = models.CharField(_("file name"), max_length=255)
    file_type = models.CharField(_("file type"), max_length=16)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.filename

    @property
    def unit(self) -> Unit:
        return self.dossier.unit


class DossierEvent(TransitionEvent):
    """The history of a dossier, one row per transition (the audit trail holds the same, hash-chained)."""

    workflow_name = "procedures.dossier"
    subject = "dossier"
    other_labels = {"register": _("Registered")}

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="events")

    class Meta(TransitionEvent.Meta):
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")


class DailyCounter(models.Model):
    """The last sequence number of the dossier codes of one unit on one day (locked to stay gap-free)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily dossier counter")
        verbose_name_plural = _("daily dossier counters")
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="procedures_unique_counter")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day} {self.last}"
