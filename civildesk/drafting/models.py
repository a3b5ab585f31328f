"""Drafts of official documents, their versions, templates and the numbering register."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from civildesk.org import policy
from civildesk.org.models import Unit
from civildesk.org.workflow import StateField

from .document import DOC_TYPES, NEEDS_ON_BEHALF_OF, OfficialDocument


class DocType(models.TextChoices):
    QD = "QD", _("Decision (Quyết định)")
    CV = "CV", _("Official letter (Công văn)")
    TTR = "TTR", _("Submission (Tờ trình)")
    BC = "BC", _("Report (Báo cáo)")
    GM = "GM", _("Invitation (Giấy mời)")
    KH = "KH", _("Plan (Kế hoạch)")
    TB = "TB", _("Notice (Thông báo)")


class Authority(models.TextChoices):
    NONE = "", _("The head signs in their own name")
    TM = "TM", _("TM. — on behalf of a collective body")
    KT = "KT", _("KT. — signing for the head")
    Q = "Q", _("Q. — acting head")
    TL = "TL", _("TL. — by order of the head")
    TUQ = "TUQ", _("TUQ. — by authorisation of the head")


class DraftStatus(models.TextChoices):
    """What really happened to the document (its workflow: ``workflows.DRAFTS``)."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    SIGNING = "signing", _("Waiting for signature")
    SIGNED = "signed", _("Signed, waiting for its number")
    ISSUED = "issued", _("Issued")
    DISPATCHED = "dispatched", _("Issued and dispatched")
    CANCELLED = "cancelled", _("Cancelled")


class DocumentTemplate(models.Model):
    """The starting text of a document type, editable by administrators."""

    doc_type = models.CharField(_("document type"), max_length=8, choices=DocType.choices, unique=True)
    name = models.CharField(_("name"), max_length=100, help_text=_("As printed in the title, e.g. Quyết định."))
    guidance = models.TextField(_("guidance"), blank=True, help_text=_("Shown to the author above the form."))
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    body = models.TextField(_("body"), blank=True, help_text=_("One paragraph per line."))
    legal_bases = models.TextField(_("legal bases"), blank=True, help_text=_("One per line."))
    addressees = models.TextField(_("addressees (Kính gửi)"), blank=True, help_text=_("One per line."))
    recipients = models.TextField(_("recipients (Nơi nhận)"), blank=True, help_text=_("One per line."))
    authority = models.CharField(_("signing authority"), max_length=4, choices=Authority.choices, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["doc_type"]

    def __str__(self) -> str:
        return f"{self.name} ({self.abbreviation or '—'})"

    @property
    def abbreviation(self) -> str:
        """Fixed by Decree 30/2020/NĐ-CP, Appendix III; not editable."""
        return DOC_TYPES[self.doc_type][1]


class DraftQuerySet(models.QuerySet["Draft"]):
    def visible_to(self, user: Any) -> DraftQuerySet:
        return policy.filter_queryset(self, user, "drafting.view")


# Fields of a draft that make up the document (and are copied into versions).
CONTENT_FIELDS = (
    "parent_agency",
    "agency",
    "agency_code",
    "unit_code",
    "place",
    "subject",
    "addressees",
    "issuer_authority",
    "legal_bases",
    "body",
    "recipients",
    "authority",
    "on_behalf_of",
    "signer_title",
    "signer_name",
)
LIST_FIELDS = ("addressees", "legal_bases", "recipients")


class Draft(models.Model):
    """A document being written in a unit (the issuing agency), then reviewed and issued."""

    unit = models.ForeignKey(Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="drafts")
    doc_type = models.CharField(_("document type"), max_length=8, choices=DocType.choices)
    status = StateField(
        _("status"), max_length=16, choices=DraftStatus.choices, default=DraftStatus.DRAFT, db_index=True
    )
    parent_agency = models.CharField(
        _("parent agency"), max_length=255, blank=True, help_text=_("The body directly above the issuing agency.")
    )
    agency = models.CharField(_("issuing agency"), max_length=255)
    agency_code = models.CharField(
        _("agency abbreviation"), max_length=32, help_text=_("Used in the symbol, e.g. UBND, STTTT.")
    )
    unit_code = models.CharField(
        _("drafting unit abbreviation"),
        max_length=32,
        blank=True,
        help_text=_("Official letters only: the drafting unit or field, e.g. CĐS in 112/STTTT-CĐS."),
    )
    place = models.CharField(_("place"), max_length=64, help_text=_("Printed before the date, e.g. Lạng Sơn."))
    subject = models.CharField(_("subject"), max_length=500)
    addressees = models.TextField(_("addressees (Kính gửi)"), blank=True, help_text=_("One per line."))
    issuer_authority = models.CharField(
        _("issuing authority"),
        max_length=255,
        blank=True,
        help_text=_("Decisions: the authority that decides, e.g. ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN."),
    )
    legal_bases = models.TextField(
        _("legal bases"), blank=True, help_text=_("One per line, e.g. Căn cứ Luật Tổ chức chính quyền địa phương;")
    )
    body = models.TextField(_("body"), help_text=_("One paragraph per line."))
    recipients = models.TextField(
        _("recipients (Nơi nhận)"), blank=True, help_text=_("One per line; “Lưu: VT” is added when missing.")
    )
    authority = models.CharField(_("signing authority"), max_length=4, choices=Authority.choices, blank=True)
    on_behalf_of = models.CharField(
        _("signing for"),
        max_length=255,
        blank=True,
        help_text=_("With TM., KT., TL., TUQ.: the body or the head's title, e.g. ỦY BAN NHÂN DÂN, GIÁM ĐỐC."),
    )
    signer_title = models.CharField(_("signer's title"), max_length=255)
    signer_name = models.CharField(_("signer's name"), max_length=255)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)
    issued_on = models.DateField(_("issue date"), null=True, blank=True, editable=False)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drafts_to_review",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    signed_pdf = models.FileField(
        _("signed PDF as issued"),
        upload_to="drafting/issued/",
        blank=True,
        editable=False,
        help_text=_("The signer's signature, the number and date, and the agency's seal, in one file."),
    )
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drafts",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DraftQuerySet.as_manager()

    class Meta:
        verbose_name = _("draft document")
        verbose_name_plural = _("draft documents")
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()}: {self.subject}"[:255]

    def get_absolute_url(self) -> str:
        return reverse("drafting:detail", args=[self.pk])

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        """Re-reading the row may change the protected status (only transitions assign it)."""
        fields = kwargs.get("fields")
        if fields is None or "status" in fields:
            self.__dict__.pop("status", None)
        super().refresh_from_db(*args, **kwargs)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        for name in ("agency_code", "unit_code"):
            code = getattr(self, name)
            if code and (any(c.isspace() for c in code) or "/" in code):
                errors[name] = _("An abbreviation may not contain spaces or “/”.")
        if self.doc_type == DocType.CV and not self.unit_code:
            errors["unit_code"] = _("An official letter's symbol needs the drafting unit's abbreviation.")
        if self.authority in NEEDS_ON_BEHALF_OF and not self.on_behalf_of:
            errors["on_behalf_of"] = _("Say whom the signer signs for (e.g. GIÁM ĐỐC).")
        if errors:
            raise ValidationError(errors)

    @property
    def is_editable(self) -> bool:
        return self.status == DraftStatus.DRAFT

    @property
    def symbol(self) -> str:
        from .layout import number_line

        return number_line(self.to_document()).removeprefix("Số: ").strip()

    def content(self) -> dict[str, str]:
        return {f: getattr(self, f) for f in CONTENT_FIELDS}

    def to_document(self) -> OfficialDocument:
        """The plain document the layout and every output are made from."""
        data: dict[str, Any] = {f: getattr(self, f) for f in CONTENT_FIELDS}
        for f in LIST_FIELDS:
            data[f] = [line.strip() for line in data[f].splitlines() if line.strip()]
        return OfficialDocument(doc_type=self.doc_type, number=self.number, issued_on=self.issued_on, **data)


class DraftVersion(models.Model):
    """A saved state of a draft's content; a new one each time the content changes."""

    draft = models.ForeignKey(Draft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("saved by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        ordering = ["draft", "-number"]
        constraints = [models.UniqueConstraint(fields=["draft", "number"], name="drafting_unique_version")]

    def __str__(self) -> str:
        return f"{self.draft} v{self.number}"

    @property
    def unit(self) -> Unit:
        return self.draft.unit

    def to_document(self) -> OfficialDocument:
        data = dict(self.content)
        for f in LIST_FIELDS:
            data[f] = [line.strip() for line in data.get(f, "").splitlines() if line.strip()]
        return OfficialDocument(
            doc_type=self.draft.doc_type,
            number=data.pop("number", None),
            issued_on=_date(data.pop("issued_on", None)),
            **{f: data.get(f, "") for f in CONTENT_FIELDS},
        )


def _date(value: Any) -> Any:
    from datetime import date

    return date.fromisoformat(value) if isinstance(value, str) and value else None


class NumberRegister(models.Model):
    """The numbering register ("sổ đăng ký văn bản đi") of one agency for one calendar year.

    Decree 30/2020/NĐ-CP, Article 15: numbers run in the order documents are
    issued within the year, from 01 on 1 January to 31 December, and a number
    and symbol are unique within the year. ``last_number`` is only ever
    increased, under a row lock, by ``services.draft_issue``.
    """

    unit = models.ForeignKey(Unit, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="registers")
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number issued"), default=0, editable=False)

    class Meta:
        verbose_name = _("numbering register")
        verbose_name_plural = _("numbering registers")
        ordering = ["unit__path", "-year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="drafting_one_register_per_year")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.year}"


class EntryStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    CANCELLED = "cancelled", _("Cancelled")


class RegisterEntry(models.Model):
    """One number taken from a register. A cancelled number stays, never reused."""

    register = models.ForeignKey(
        NumberRegister, verbose_name=_("register"), on_delete=models.PROTECT, related_name="entries"
    )
    number = models.PositiveIntegerField(_("number"))
    draft = models.ForeignKey(
        Draft, verbose_name=_("document"), on_delete=models.PROTECT, related_name="register_entries"
    )
    symbol = models.CharField(_("number and symbol"), max_length=100)
    issued_on = models.DateField(_("issue date"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=16, choices=EntryStatus.choices, default=EntryStatus.ISSUED)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")
        ordering = ["register", "-number"]
        constraints = [models.UniqueConstraint(fields=["register", "number"], name="drafting_unique_number")]

    def __str__(self) -> str:
        return self.symbol

    @property
    def unit(self) -> Unit:
        return self.register.unit
