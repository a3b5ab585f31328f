"""What a meeting or a campaign decided, and who does what by when."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civildesk.org.workflow import StateField

from .meetings import Meeting
from .rounds import Idea, Round


class Decision(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), null=True, blank=True, on_delete=models.CASCADE, related_name="decisions"
    )
    round = models.ForeignKey(
        Round, verbose_name=_("round"), null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    idea = models.ForeignKey(
        Idea,
        verbose_name=_("from idea"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    text = models.TextField(_("decision"), max_length=2000)
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["decided_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        if self.meeting_id:
            return reverse("ideas:meeting", args=[self.meeting_id]) + f"#decision-{self.pk}"
        return reverse("ideas:round", args=[self.round_id]) + f"#decision-{self.pk}"

    def get_policy_unit(self) -> Any:
        return self.meeting.unit if self.meeting_id else self.round.unit


class ActionStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")


class ActionItemQuerySet(models.QuerySet["ActionItem"]):
    def open(self) -> ActionItemQuerySet:
        return self.filter(status=ActionStatus.OPEN)

    def overdue(self, today: date | None = None) -> ActionItemQuerySet:
        return self.open().filter(deadline__lt=today or timezone.localdate())


class ActionItem(models.Model):
    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="action_items"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="action_items"
    )
    deadline = models.DateField(_("deadline"))
    expected_result = models.CharField(_("expected result"), max_length=500)
    status = StateField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN, editable=False
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True, editable=False)
    result_note = models.TextField(_("what was done"), blank=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.expected_result[:80]

    def get_absolute_url(self) -> str:
        return reverse("ideas:action", args=[self.pk])

    def get_policy_unit(self) -> Any:
        return self.decision.get_policy_unit()

    @property
    def is_overdue(self) -> bool:
        return self.status == ActionStatus.OPEN and self.deadline < timezone.localdate()
