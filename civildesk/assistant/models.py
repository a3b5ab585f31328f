"""Conversations with the assistant, their turns (question + answer), ratings and cached summaries."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civildesk.library.models import Article, Document
from civildesk.org.models import Unit


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    WIDGET = "widget", _("Public portal widget")


class ConversationQuerySet(models.QuerySet["Conversation"]):
    def of(self, user: object) -> ConversationQuerySet:
        return self.filter(user=user, deleted_at__isnull=True)


class Conversation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conversations",
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.WEB)
    title = models.CharField(_("title"), max_length=200, blank=True)
    focus_article = models.ForeignKey(
        Article, verbose_name=_("article in focus"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title or str(self.id)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("assistant:conversation", args=[self.pk])


class Turn(models.Model):
    """One question and the answer given to it."""

    conversation = models.ForeignKey(
        Conversation, verbose_name=_("conversation"), on_delete=models.CASCADE, related_name="turns"
    )
    question = models.TextField(_("question"))
    language = models.CharField(_("detected language"), max_length=16)
    query = models.TextField(
        _("query sent to retrieval"), help_text=_("The question with the context of earlier turns.")
    )
    answered = models.BooleanField(_("answered"), default=True, help_text=_("False when the assistant abstained."))
    card = models.JSONField(_("answer card"), default=dict, blank=True)
    citations = models.JSONField(_("citations"), default=list, blank=True)
    top_article = models.ForeignKey(
        Article, verbose_name=_("cited article"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confidence = models.FloatField(_("confidence"), default=0.0)
    latency_ms = models.FloatField(_("latency (ms)"), default=0.0)
    generated = models.TextField(_("generated answer"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.question[:80]

    @property
    def unit(self) -> Unit | None:
        return self.conversation.unit


class RatingReason(models.TextChoices):
    WRONG_ARTICLE = "wrong_article", _("It cited the wrong article")
    INCOMPLETE = "incomplete", _("The answer is incomplete")
    OUTDATED = "outdated", _("The document is outdated")
    NOT_FOUND = "not_found", _("It should have found an answer")
    OTHER = "other", _("Other")


class Rating(models.Model):
    turn = models.OneToOneField(Turn, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="rating")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL
    )
    helpful = models.BooleanField(_("helpful"))
    reason = models.CharField(_("reason"), max_length=32, choices=RatingReason.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    correct_article = models.ForeignKey(
        Article, verbose_name=_("correct article"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{'+' if self.helpful else '-'} {self.turn}"

    @property
    def unit(self) -> Unit | None:
        return self.turn.conversation.unit


class Summary(models.Model):
    """A cached extractive summary of a document (or of an uploaded file, by its hash)."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), null=True, blank=True, on_delete=models.CASCADE, related_name="summaries"
    )
    content_hash = models.CharField(_("content hash"), max_length=64, db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    title = models.CharField(_("title"), max_length=500, blank=True)
    items = models.JSONField(_("key provisions"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("summary")
        verbose_name_plural = _("summaries")
        constraints = [models.UniqueConstraint(fields=["document", "content_hash"], name="assistant_unique_summary")]

    def __str__(self) -> str:
        return self.title


class GenerationSettings(models.Model):
    """Admin-editable settings of the optional text generation (overrides the environment)."""

    enabled = models.BooleanField(_("enabled"), default=False)
    base_url = models.URLField(_("base URL"), blank=True, help_text=_("OpenAI-compatible endpoint ending in /v1"))
    model = models.CharField(_("model"), max_length=200, blank=True)
    api_key = models.CharField(_("API key"), max_length=500, blank=True)
    timeout = models.FloatField(_("timeout (seconds)"), default=20.0)

    class Meta:
        verbose_name = _("text generation settings")
        verbose_name_plural = _("text generation settings")

    def __str__(self) -> str:
        return self.base_url or "—"
