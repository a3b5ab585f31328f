"""Administrative units, people, positions, roles, the audit trail and jobs."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    PROVINCIAL_BODY = "provincial_body", _("Provincial body")
    DEPARTMENT = "department", _("Department")
    DISTRICT = "district", _("District")
    CITY = "city", _("Provincial city")
    COMMUNE = "commune", _("Commune")
    WARD = "ward", _("Ward")
    TOWNSHIP = "township", _("Township")
    OFFICE = "office", _("Office / division")


class UnitQuerySet(models.QuerySet["Unit"]):
    def active(self) -> UnitQuerySet:
        return self.filter(is_active=True)

    def subtree_of(self, unit: Unit) -> UnitQuerySet:
        """The unit and every unit below it."""
        return self.filter(path__startswith=unit.path)


class Unit(models.Model):
    """An administrative unit: the province, a department, a district, a commune...

    ``path`` is a materialised path of ids ("/1/4/9/") so that "this unit and
    everything below it" is one indexed prefix query.
    """

    code = models.CharField(
        _("code"), max_length=32, unique=True, help_text=_("Stable code, e.g. a national unit code.")
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(_("path"), max_length=512, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(_("depth"), editable=False, default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id and self.pk:
            parent = Unit.objects.get(pk=self.parent_id)
            if parent.path.startswith(self.path) and self.path:
                raise ValidationError({"parent": _("A unit cannot be placed under itself or one of its sub-units.")})

    def ancestors(self) -> UnitQuerySet:
        ids = [int(p) for p in self.path.strip("/").split("/") if p]
        return Unit.objects.filter(pk__in=ids).order_by("depth")

    def is_within(self, other: Unit) -> bool:
        """True when this unit is ``other`` or below it."""
        return self.path.startswith(other.path)


class User(AbstractUser):
    """A login account. The civil servant behind it is a :class:`Person`."""

    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, blank=True, default=""
    )

    class Meta:
        verbose_name = _("user account")
        verbose_name_plural = _("user accounts")

    @property
    def display_name(self) -> str:
        person = getattr(self, "person", None)
        return person.full_name if person else (self.get_full_name() or self.username)


class Person(models.Model):
    """A cadre, civil servant or public employee (or any person the platform knows)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    full_name = models.CharField(_("full name"), max_length=255)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name


class PositionQuerySet(models.QuerySet["Position"]):
    def current(self) -> PositionQuerySet:
        today = timezone.localdate()
        return self.filter(start_date__lte=today).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))


class Position(models.Model):
    """A post a person holds in a unit for a time (title, unit, start, end)."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="positions")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="positions")
    title = models.CharField(_("title"), max_length=255, help_text=_("e.g. Director, Deputy Director, Specialist"))
    start_date = models.DateField(_("start date"), default=timezone.localdate)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    is_primary = models.BooleanField(_("primary position"), default=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["person__full_name", "-is_primary", "start_date"]

    def __str__(self) -> str:
        return f"{self.title}, {self.unit}"

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})


class Role(models.TextChoices):
    STAFF = "staff", _("Staff")
    LEADER = "leader", _("Leader")
    CLERK = "clerk", _("One-stop-shop clerk")
    INSPECTOR = "inspector", _("Inspector")
    DT_OFFICER = "dt_officer", _("Digital-transformation officer")
    UNIT_ADMIN = "unit_admin", _("Unit administrator")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


class RoleAssignment(models.Model):
    """A role a user holds in a unit. What each role may do is in ``org.policy``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="org_unique_role_per_unit")]
        ordering = ["unit__path", "role"]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.unit}"


def _canonical(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise ValidationError(_("Audit entries cannot be changed."))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValidationError(_("Audit entries cannot be deleted."))


class AuditEntry(models.Model):
    """One append-only entry of the audit trail, chained by hash to the previous one.

    ``entry_hash = HMAC-SHA256(audit key, prev_hash + canonical JSON of the
    entry's fields)`` with the key kept outside the database (``org.auditkey``);
    editing or deleting a row breaks the chain, which ``audit_verify`` detects,
    and the head is anchored outside the database so that cutting the newest
    entries is detected too. Written only by ``org.services.audit_record``.
    """

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True, editable=False)
    at = models.DateTimeField(_("time"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
    )
    actor_repr = models.CharField(_("actor name"), max_length=255, editable=False)
    action = models.CharField(_("action"), max_length=64, db_index=True, editable=False)
    object_type = models.CharField(_("object type"), max_length=64, blank=True, editable=False)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, editable=False)
    object_repr = models.CharField(_("object"), max_length=255, blank=True, editable=False)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True, editable=False)
    summary = models.JSONField(_("summary"), default=dict, blank=True, editable=False)
    prev_hash = models.CharField(_("previous hash"), max_length=64, editable=False)
    entry_hash = models.CharField(_("hash"), max_length=64, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not kwargs.pop("_append", False):
            raise ValidationError(_("Audit entries are append-only; use org.services.audit_record()."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValidationError(_("Audit entries cannot be deleted."))

    def hashed_fields(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "actor_id": self.actor_id,
            "actor_repr": self.actor_repr,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "unit_id": self.unit_id,
            "ip_address": self.ip_address,
            "summary": self.summary,
        }

    def hashed_text(self) -> str:
        return self.prev_hash + _canonical(self.hashed_fields())

    def compute_hash(self) -> str:
        from .auditkey import chain_mac

        return chain_mac(self.hashed_text())


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


# Job titles and messages are stored in English, the message id with its
# values filled in (``gettext_noop("Reading “%(title)s”") % {...}``), and
# translated when shown: a job started in one language and run by a worker in
# none reads in the language of whoever looks at it. Apps declare their message
# ids with ``job_messages_register()`` from ``AppConfig.ready()``.
_JOB_MESSAGES: dict[str, re.Pattern[str]] = {}
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def job_messages_register(*msgids: str) -> None:
    for msgid in msgids:
        if msgid in _JOB_MESSAGES:
            continue
        pattern, position = "", 0
        for match in _PLACEHOLDER.finditer(msgid):
            value = r"-?\d+" if match.group(0).endswith("d") else ".+?"
            pattern += re.escape(msgid[position : match.start()]) + f"(?P<{match.group(1)}>{value})"
            position = match.end()
        _JOB_MESSAGES[msgid] = re.compile(pattern + re.escape(msgid[position:]) + r"\Z", re.DOTALL)


def job_text(text: str) -> str:
    """A stored job title or message in the current language (unknown text is shown as it is)."""
    if not text:
        return text
    for msgid, pattern in _JOB_MESSAGES.items():
        if msgid == text:
            return gettext(msgid)
        if "%(" in msgid and (match := pattern.match(text)):
            values = {
                k: int(v) if re.fullmatch(r"-?\d+", v) and f"%({k})d" in msgid else v
                for k, v in match.groupdict().items()
            }
            return gettext(msgid) % values
    return gettext(text)


class Job(models.Model):
    """Progress of one piece of long work (extraction, indexing, signing...).

    Background tasks report into it; the page polls it with htmx.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=255)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    percent = models.PositiveSmallIntegerField(_("percent done"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    result_url = models.CharField(_("result link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def title_text(self) -> str:
        return job_text(self.title)

    @property
    def message_text(self) -> str:
        return job_text(self.message)


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("prefix"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A notice to one person ("a case was assigned to you"), shown on the home page and e-mailed.

    The message is stored untranslated (a message id and its parameters) and
    rendered in the reader's language when shown.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(_("message"), max_length=500)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The message in the active language."""
        from django.utils.translation import gettext

        try:
            return gettext(self.message) % self.params if self.params else gettext(self.message)
        except (KeyError, TypeError, ValueError):
            return gettext(self.message)


class RateCount(models.Model):
    """Requests counted in one rate-limit window (``org.ratelimit``) when the cache is the database.

    Django's database cache increments by reading and writing back: two
    requests at once count one. A row here is incremented by one UPDATE,
    which the database serialises. (With Redis, its own INCR is atomic.)
    """

    key = models.CharField(_("key"), max_length=250, unique=True)
    count = models.PositiveIntegerField(_("count"), default=0)
    expires = models.DateTimeField(_("expires"), db_index=True)

    class Meta:
        verbose_name = _("rate-limit count")
        verbose_name_plural = _("rate-limit counts")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
