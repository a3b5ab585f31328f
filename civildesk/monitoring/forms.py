from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from civildesk.library.forms import UploadField
from civildesk.org.models import Unit

from .models import EvidenceKind, Indicator, Pillar, Resolution, Target

DATE = forms.DateInput(attrs={"type": "date"})


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("Why is it returned?"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ReportForm(forms.Form):
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    evidence_kind = forms.ChoiceField(label=_("Evidence"), choices=EvidenceKind.choices)
    evidence_file = UploadField(label=_("Evidence file"), required=False)
    evidence_url = forms.URLField(
        label=_("Link to the evidence"), required=False, max_length=500, assume_scheme="https"
    )
    evidence_number = forms.CharField(
        label=_("Document number"),
        required=False,
        max_length=100,
        help_text=_("A document in the library, e.g. 15/QĐ-UBND"),
    )
    evidence_date = forms.DateField(label=_("Document date"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class ResolutionForm(forms.ModelForm):
    class Meta:
        model = Resolution
        fields = ["code", "number", "title", "issued_on", "start_year", "target_year", "horizon_year"]
        widgets = {"issued_on": DATE}


class PillarForm(forms.ModelForm):
    class Meta:
        model = Pillar
        fields = ["code", "name", "order"]


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = [
            "code",
            "title",
            "unit_of_measure",
            "baseline",
            "target_value",
            "horizon_value",
            "direction",
            "responsible_unit",
            "contributing_units",
            "frequency",
            "weight",
            "order",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.active().order_by("path")
        self.fields["responsible_unit"].queryset = units
        self.fields["contributing_units"].queryset = units
        self.fields["contributing_units"].required = False


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["code", "name", "unit_of_measure", "source", "measure_key", "aggregation", "headline", "order"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .measured import choices

        self.fields["measure_key"] = forms.ChoiceField(
            label=_("Measurement"), choices=[("", "—"), *choices()], required=False
        )


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.IntegerField(
        label=_("Quarter"), min_value=1, max_value=4, required=False, help_text=_("Leave empty for the whole year.")
    )
    due_on = forms.DateField(label=_("Reports due on"), widget=DATE)


class ImportForm(forms.Form):
    file = UploadField(label=_("Excel file (.xlsx)"))


class DtiForm(forms.Form):
    """One field per component of a framework (measured ones shown, not editable)."""

    evidence = forms.CharField(label=_("Evidence"), required=False, max_length=500)

    def __init__(
        self, *args: Any, framework: Any, language: str, initial_values: dict[str, float], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for c in framework.components():
            self.fields[f"c_{c.code}"] = forms.DecimalField(
                label=f"{c.code} {c.label(language)} ({c.max:g})",
                required=False,
                max_digits=14,
                decimal_places=4,
                disabled=bool(c.measure),
                initial=initial_values.get(c.code),
                help_text=_("Measured by the platform") if c.measure else "",
            )
        self.framework = framework
