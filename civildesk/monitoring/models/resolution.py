"""The resolution the province runs on: pillars → targets → indicators."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from civildesk.org.models import Unit


class Resolution(models.Model):
    """A digital-transformation resolution (e.g. Resolution 49-NQ/TU) owned by the province."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("owning unit"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The province: its DT office defines the resolution and reviews the reports."),
    )
    code = models.CharField(_("code"), max_length=32, unique=True)
    number = models.CharField(_("number and symbol"), max_length=64, help_text=_("e.g. 49-NQ/TU"))
    title = models.CharField(_("resolution title"), max_length=500)
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"), help_text=_("The year of the baselines."))
    target_year = models.PositiveSmallIntegerField(_("target year"), default=2025)
    horizon_year = models.PositiveSmallIntegerField(_("orientation year"), default=2030)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["-target_year", "code"]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:resolution", args=[self.pk])

    def clean(self) -> None:
        if self.start_year and self.target_year and self.target_year <= self.start_year:
            raise ValidationError({"target_year": _("The target year must come after the first year.")})


class Pillar(models.Model):
    resolution = models.ForeignKey(
        Resolution, verbose_name=_("resolution"), on_delete=models.CASCADE, related_name="pillars"
    )
    code = models.CharField(_("code"), max_length=16)
    name = models.CharField(_("name"), max_length=255)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")
        ordering = ["resolution", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["resolution", "code"], name="monitoring_unique_pillar")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("monitoring:pillar", args=[self.pk])

    @property
    def unit(self) -> Unit:
        return self.resolution.unit


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Frequency(models.TextChoices):
    YEARLY = "yearly", _("Yearly")
    QUARTERLY = "quarterly", _("Quarterly")


class Target(models.Model):
    """A target of the resolution: from a baseline to a value by the target year, oriented to the horizon."""

    pillar = models.ForeignKey(Pillar, verbose_name=_("pillar"), on_delete=models.CASCADE, related_name="targets")
    code = models.CharField(_("code"), max_length=16)
    title = models.CharField(_("target"), max_length=500)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=32, help_text=_("e.g. %, days, minutes"))
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    target_value = models.DecimalField(_("value to reach by the target year"), max_digits=14, decimal_places=2)
    horizon_value = models.DecimalField(
        _("orientation value for the horizon year"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER)
    responsible_unit = models.ForeignKey(
        Unit, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="+"
    )
    contributing_units = models.ManyToManyField(
        Unit, verbose_name=_("contributing units"), blank=True, related_name="+"
    )
    frequency = models.CharField(
        _("reporting frequency"), max_length=16, choices=Frequency.choices, default=Frequency.YEARLY
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Weight in its pillar's progress; leave empty for equal weights."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["pillar__order", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["pillar", "code"], name="monitoring_unique_target")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:target", args=[self.pk])

    @property
    def unit(self) -> Unit:
        return self.pillar.resolution.unit

    def clean(self) -> None:
        if self.baseline is not None and self.target_value is not None and self.baseline == self.target_value:
            raise ValidationError({"target_value": _("The target value must differ from the baseline.")})
        if self.weight is not None and self.weight < Decimal(0):
            raise ValidationError({"weight": _("A weight cannot be negative.")})


class Source(models.TextChoices):
    REPORTED = "reported", _("Reported by the units")
    MEASURED = "measured", _("Measured by the platform")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum of the units' values")
    MEAN = "mean", _("Mean of the units' values")


class Indicator(models.Model):
    """What is reported (or measured) for a target. The first indicator of a target gives its value."""

    target = models.ForeignKey(Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=24, unique=True)
    name = models.CharField(_("name"), max_length=500)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=32)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.REPORTED)
    measure_key = models.CharField(
        _("measurement"),
        max_length=64,
        blank=True,
        help_text=_("For a measured indicator: the platform's measurement it shows."),
    )
    aggregation = models.CharField(
        _("aggregation"), max_length=8, choices=Aggregation.choices, default=Aggregation.MEAN
    )
    headline = models.BooleanField(_("gives the target's value"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["target", "order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def unit(self) -> Unit:
        return self.target.pillar.resolution.unit

    @property
    def is_measured(self) -> bool:
        return self.source == Source.MEASURED

    def clean(self) -> None:
        from ..measured import REGISTRY

        if self.source == Source.MEASURED and self.measure_key not in REGISTRY:
            raise ValidationError({"measure_key": _("Choose one of the platform's measurements.")})
        if self.source == Source.REPORTED and self.measure_key:
            raise ValidationError({"measure_key": _("A reported indicator has no measurement.")})
