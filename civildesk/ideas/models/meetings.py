"""Meetings and their agenda."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from civildesk.org.models import Unit
from civildesk.org.workflow import StateField


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    ENDED = "ended", _("Ended")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, user: Any) -> MeetingQuerySet:
        """Meetings the user chairs or takes part in, and those of units they organise."""
        from civildesk.org import policy

        if not getattr(user, "is_authenticated", False):
            return self.none()
        q = Q(chair=user) | Q(participants=user)
        organise = policy.unit_filter(user, "ideas.organise")
        if organise is None:
            return self
        return self.filter(q | organise).distinct()


class Meeting(models.Model):
    """A meeting called by a unit: a chair, participants, an agenda, idea rounds, minutes."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place or link"), max_length=300, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chair"), on_delete=models.PROTECT, related_name="chaired_meetings"
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participants"),
        related_name="meetings",
        blank=True,
        help_text=_("People of the organisation invited to speak and vote."),
    )
    status = StateField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED, editable=False
    )
    summary = models.TextField(_("minutes summary"), blank=True, help_text=_("What was discussed, for the minutes."))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ideas:meeting", args=[self.pk])


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"
