"""The catalogue of administrative procedures, their versions (held as data), the forms' wording and the
score thresholds of Decision 766/QĐ-TTg.

A procedure's rules (processing time, cut-off hour, components, fees, result, legal basis) live on a
:class:`ProcedureVersion`; a dossier keeps the version that applied when it was received, so a later change of
the catalogue never moves an old deadline.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from civildesk.org.models import Unit


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    DEPARTMENT = "department", _("Department")
    COMMUNE = "commune", _("Commune")


class ProcedureQuerySet(models.QuerySet["Procedure"]):
    def active(self) -> ProcedureQuerySet:
        return self.filter(is_active=True)

    def search(self, q: str) -> ProcedureQuerySet:
        """Match the name, code or field with or without diacritics (a folded copy is stored)."""
        from civildesk.text import fold

        q = " ".join(fold(q or "").split())[:200]
        if not q:
            return self
        qs = self
        for word in q.split():
            qs = qs.filter(search_text__contains=word)
        return qs


class Procedure(models.Model):
    """One administrative procedure of the province's published catalogue."""

    code = models.CharField(
        _("code"), max_length=32, unique=True, help_text=_("The code of the national database, e.g. 1.004227.")
    )
    name = models.CharField(_("name"), max_length=500)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    field = models.CharField(_("field"), max_length=200, blank=True, help_text=_("e.g. civil status, construction"))
    unit = models.ForeignKey(Unit, verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="procedures")
    online = models.BooleanField(_("can be submitted online"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    search_text = models.TextField(editable=False, default="")

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative procedure")
        verbose_name_plural = _("administrative procedures")
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("procedures:procedure", args=[self.code])

    def refresh_search_text(self) -> None:
        from civildesk.text import fold

        self.search_text = " ".join(fold(f"{self.code} {self.name} {self.field}").split())

    def current_version(self, on: date | None = None) -> ProcedureVersion | None:
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.versions.filter(valid_from__lte=on).order_by("-valid_from", "-number").first()


class ProcedureVersion(models.Model):
    """What a procedure required and promised from a date on (a new version for each change)."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    valid_from = models.DateField(_("valid from"))
    processing_days = models.PositiveSmallIntegerField(_("processing time (working days)"))
    cut_off_hour = models.PositiveSmallIntegerField(
        _("cut-off hour"),
        default=16,
        help_text=_("A dossier received at or after this hour counts as received the next working day."),
    )
    components = models.JSONField(
        _("components"),
        default=list,
        help_text=_("A list of {name, copies, original} objects: what the applicant hands in."),
    )
    fee = models.CharField(_("fees and charges"), max_length=300, blank=True)
    fee_amount = models.PositiveIntegerField(_("fee in VND"), default=0)
    result = models.CharField(_("result"), max_length=300)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    legal_document = models.ForeignKey(
        "library.Document",
        verbose_name=_("legal basis in the library"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure", "-valid_from", "-number"]
        constraints = [models.UniqueConstraint(fields=["procedure", "number"], name="procedures_unique_version")]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number}"

    @property
    def component_list(self) -> list[dict[str, Any]]:
        return [c for c in self.components if isinstance(c, dict) and c.get("name")]


class FormText(models.Model):
    """The editable wording of one form of Circular 03/2025/TT-VPCP, Appendix I (01–07).

    ``body`` is a template: ``{code}``, ``{applicant}``, ``{procedure}``, ``{received}``, ``{due}``,
    ``{new_due}``, ``{reason}``, ``{missing}``, ``{unit}`` and ``{status}`` are filled in.
    """

    number = models.CharField(_("form number"), max_length=2, unique=True)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("wording"))

    class Meta:
        verbose_name = _("form wording")
        verbose_name_plural = _("form wordings")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class ScoreRule(models.Model):
    """One indicator of Decision 766/QĐ-TTg: its maximum points and the rate that earns them."""

    indicator = models.CharField(_("indicator"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=300)
    max_points = models.DecimalField(_("maximum points"), max_digits=5, decimal_places=2)
    threshold = models.DecimalField(
        _("threshold (%)"),
        max_digits=5,
        decimal_places=2,
        help_text=_("At or above this rate the indicator earns its maximum; below it, in proportion."),
    )

    class Meta:
        verbose_name = _("score rule")
        verbose_name_plural = _("score rules")
        ordering = ["indicator"]

    def __str__(self) -> str:
        return self.name


class OneStopShop(models.Model):
    """A unit whose one-stop clerks receive dossiers of every procedure of the province, whatever the
    handling unit, and route them to it (Decree 118/2025/NĐ-CP: the provincial Public Administration Service
    Centre and the communes' one-stop shops receive regardless of administrative boundary)."""

    unit = models.OneToOneField(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("one-stop shop receiving for the whole province")
        verbose_name_plural = _("one-stop shops receiving for the whole province")

    def __str__(self) -> str:
        return str(self.unit)
