"""Official documents and legal texts, their versions and their articles."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from civildesk.org import policy
from civildesk.org.models import Unit


class DocType(models.TextChoices):
    HIEN_PHAP = "hien_phap", _("Constitution")
    BO_LUAT = "bo_luat", pgettext_lazy("document type", "Code")
    LUAT = "luat", _("Law")
    NGHI_QUYET = "nghi_quyet", _("Resolution")
    NGHI_DINH = "nghi_dinh", _("Decree")
    THONG_TU = "thong_tu", _("Circular")
    QUYET_DINH = "quyet_dinh", _("Decision")
    CHI_THI = "chi_thi", _("Directive")
    CONG_VAN = "cong_van", _("Official letter")
    KE_HOACH = "ke_hoach", _("Plan")
    BAO_CAO = "bao_cao", _("Report")
    TO_TRINH = "to_trinh", _("Submission")
    THONG_BAO = "thong_bao", _("Notice")
    GIAY_MOI = "giay_moi", _("Invitation")
    VAN_BAN_HOP_NHAT = "van_ban_hop_nhat", _("Consolidated text")
    KHAC = "khac", _("Other")


class Validity(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    AMENDED = "amended", _("In force, amended")
    NOT_YET = "not_yet", _("Not yet in force")
    EXPIRED = "expired", _("Expired")
    UNKNOWN = "unknown", _("Unknown")


class Scope(models.TextChoices):
    PUBLIC = "public", _("Public: everyone may read it")
    UNIT = "unit", _("Internal: this unit and the units above it")


class Status(models.TextChoices):
    PROCESSING = "processing", _("Extracting text")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Extraction failed")


class DocumentQuerySet(models.QuerySet["Document"]):
    def readable_by(self, user: Any) -> DocumentQuerySet:
        """Public documents, and internal ones of units where the user may read."""
        q = policy.unit_filter(user, "library.read")
        if q is None:
            return self
        return self.filter(Q(scope=Scope.PUBLIC) | (Q(scope=Scope.UNIT) & q))


class Document(models.Model):
    title = models.CharField(pgettext_lazy("document", "title"), max_length=500)
    number_symbol = models.CharField(
        _("number and symbol"), max_length=100, blank=True, help_text=_("e.g. 15/2020/NĐ-CP")
    )
    doc_type = models.CharField(_("type"), max_length=32, choices=DocType.choices, default=DocType.KHAC)
    issuer = models.CharField(_("issuing body"), max_length=255, blank=True)
    signed_date = models.DateField(_("signing date"), null=True, blank=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    validity = models.CharField(_("validity"), max_length=16, choices=Validity.choices, default=Validity.UNKNOWN)
    scope = models.CharField(_("access"), max_length=16, choices=Scope.choices, default=Scope.UNIT)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("owning unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        help_text=_("Internal documents are visible to this unit and the units above it."),
    )
    source_key = models.CharField(
        _("source key"),
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Identifier in an imported corpus; re-importing updates the same document."),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PROCESSING)
    error = models.TextField(_("error"), blank=True)
    structure = models.JSONField(_("structure"), default=list, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-signed_date", "-created_at"]
        indexes = [models.Index(fields=["doc_type", "validity"]), models.Index(fields=["scope", "unit"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("library:document", args=[self.pk])

    @property
    def year(self) -> int | None:
        return self.signed_date.year if self.signed_date else None

    @property
    def access_tag(self) -> str:
        """The retrieval engine's access tag for this document's passages."""
        return "public" if self.scope == Scope.PUBLIC else f"unit:{self.unit_id}"


#: How a version's text was read (``extract.Extraction.method``), as a reader calls it.
EXTRACTION_LABELS = {
    "pdf-text": _("PDF text"),
    "pdf-ocr": _("PDF, read by OCR"),
    "pdf-mixed": _("PDF, partly read by OCR"),
    "docx": _("Word document"),
    "html": _("web page"),
    "text": _("plain text"),
    "markdown": _("Markdown"),
    "image-ocr": _("image, read by OCR"),
}


class DocumentVersion(models.Model):
    """One uploaded file of a document. A new version replaces the text; old ones are kept."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to="library/%Y/", max_length=300, blank=True)
    filename = models.CharField(_("file name"), max_length=255)
    file_type = models.CharField(_("file type"), max_length=16)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    text = models.TextField(_("extracted text"), blank=True)
    extraction_method = models.CharField(_("extraction method"), max_length=32, blank=True)
    ocr_pages = models.JSONField(_("pages read by OCR"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    job = models.ForeignKey(
        "org.Job",
        verbose_name=_("extraction job"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The background job reading this version's text; a dead job lets the document be retried."),
    )

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="library_unique_version")]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    @property
    def unit(self) -> Unit | None:
        return self.document.unit

    @property
    def extraction_label(self) -> str:
        """How the text was read, in the reader's language ("plain text", not "text")."""
        return str(EXTRACTION_LABELS.get(self.extraction_method, self.extraction_method))


# The anchor of the single article of a document without Điều (a letter, an invitation).
FULL_TEXT_ANCHOR = "toan-van"


class Article(models.Model):
    """An addressable part of a document: normally one Điều, with its clauses in ``structure``."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="articles"
    )
    anchor = models.CharField(_("anchor"), max_length=255)
    number = models.CharField(_("number"), max_length=32, blank=True)
    label = models.CharField(_("label"), max_length=100)
    title = models.CharField(pgettext_lazy("article", "title"), max_length=500, blank=True)
    path_label = models.CharField(_("location"), max_length=500, blank=True)
    text = models.TextField(_("text"))
    position = models.PositiveIntegerField(pgettext_lazy("article", "position"))

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["document", "position"]
        constraints = [models.UniqueConstraint(fields=["document", "anchor"], name="library_unique_anchor")]

    def __str__(self) -> str:
        return f"{self.label_text} {self.document}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("library:document", args=[self.document_id]) + f"#{self.anchor}"

    @property
    def label_text(self) -> str:
        """The label in the current language: a document without articles is one "Full text" article."""
        return gettext("Full text") if self.anchor == FULL_TEXT_ANCHOR else self.label

    @property
    def unit(self) -> Unit | None:
        return self.document.unit

    @property
    def passage_id(self) -> str:
        return f"{self.document_id}:{self.anchor}"

    @property
    def heading(self) -> str:
        return f"{self.label_text}. {self.title}" if self.title else self.label_text


class IndexGeneration(models.Model):
    """A saved state of the search index, published to the shared storage for every app server.

    Written by the writers of the index (workers, management commands) under the
    index's write lock; read by each app server to fetch the newest one (see
    ``civildesk/library/generations.py``). Only the last few are kept.
    """

    number = models.PositiveIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True, help_text=_("Directory of the generation"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    passages = models.PositiveIntegerField(_("articles indexed"), default=0)
    manifest = models.JSONField(_("manifest"), default=dict, help_text=_("Files with their sizes and SHA-256"))

    class Meta:
        verbose_name = _("search index generation")
        verbose_name_plural = _("search index generations")
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.number} ({self.name})"
