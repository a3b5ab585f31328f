"""Idea rounds (of a meeting's agenda item, or province-wide campaigns), ideas, votes, opinion groups.

No row here links an anonymous idea to its author, and no vote row names its
voter: votes carry a keyed hash of the voter that cannot be recomputed once
the round is closed (see :mod:`civildesk.ideas.services.anonymity`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civildesk.org.models import Unit
from civildesk.org.workflow import StateField

from .meetings import AgendaItem, Meeting


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Not open yet")
    OPEN = "open", _("Open for ideas")
    CLOSED = "closed", _("Closed")


class RoundQuerySet(models.QuerySet["Round"]):
    def campaigns(self) -> RoundQuerySet:
        return self.filter(meeting__isnull=True)


class Round(models.Model):
    """A round of ideas and votes on one question.

    Of a meeting's agenda item, or (``meeting`` empty) a campaign open to all
    staff of ``unit`` and the units below it until ``closes_at``.
    """

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="idea_rounds")
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), null=True, blank=True, on_delete=models.CASCADE, related_name="rounds"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rounds",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        related_name="owned_rounds",
        help_text=_("Opens and closes the round, merges ideas and promotes decisions."),
    )
    question = models.CharField(_("question"), max_length=500)
    allow_anonymous = models.BooleanField(
        _("anonymous ideas allowed"), default=True, help_text=_("Participants may submit ideas without their name.")
    )
    closes_at = models.DateTimeField(
        _("closes at"), null=True, blank=True, help_text=_("Campaigns: ideas and votes are taken until then.")
    )
    status = StateField(
        _("status"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.DRAFT, editable=False
    )
    # The per-round key of the voters' pseudonyms: set when the round opens,
    # wiped when it closes. Never shown, exported or audited.
    secret = models.CharField(_("voter key"), max_length=64, blank=True, editable=False)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    analysis = models.JSONField(
        _("analysis"), default=dict, blank=True, editable=False, help_text=_("Opinion groups computed at closing.")
    )

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("idea round")
        verbose_name_plural = _("idea rounds")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("ideas:round", args=[self.pk])

    @property
    def is_campaign(self) -> bool:
        return self.meeting_id is None

    def accepting(self, now: Any = None) -> bool:
        """Does the round take ideas and votes now?"""
        if self.status != RoundStatus.OPEN or not self.secret:
            return False
        return self.closes_at is None or (now or timezone.now()) < self.closes_at


class Idea(models.Model):
    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="ideas")
    text = models.TextField(_("idea"), max_length=2000)
    # Empty for an anonymous idea: nothing else records who wrote it.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    # Empty for an anonymous idea (a time would let server logs point at its author).
    created_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
    )

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("ideas:round", args=[self.round_id]) + f"#idea-{self.pk}"


class VoteValue(models.IntegerChoices):
    AGREE = 1, _("Agree")
    PASS = 0, _("Pass")
    DISAGREE = -1, _("Disagree")


class Vote(models.Model):
    """One voter's vote on one idea. ``voter`` is a pseudonym: HMAC(round key, user id)."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="votes")
    idea = models.ForeignKey(Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="votes")
    voter = models.CharField(_("voter pseudonym"), max_length=64, editable=False)
    value = models.SmallIntegerField(_("vote"), choices=VoteValue.choices)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["idea", "voter"], name="ideas_one_vote_per_voter")]
        indexes = [models.Index(fields=["round", "voter"], name="ideas_vote_round_voter")]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.value}"


class OpinionGroup(models.Model):
    """A group of voters who voted alike, as found when the round closed (or the chair asked)."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveSmallIntegerField(_("number"))
    size = models.PositiveIntegerField(_("members"))
    representative = models.JSONField(
        _("representative ideas"), default=list, blank=True, help_text=_("Ideas that set this group apart.")
    )

    class Meta:
        verbose_name = _("opinion group")
        verbose_name_plural = _("opinion groups")
        ordering = ["round", "number"]
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="ideas_group_number")]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.number}"

    @property
    def letter(self) -> str:
        return "ABCDEFGH"[self.number] if self.number < 8 else str(self.number + 1)
