from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import DocType, Scope, Validity


def validate_upload_size(f: Any) -> None:
    """Refuse a file over ``CIVILDESK_MAX_UPLOAD_MB`` before it is read into memory."""
    from .services import max_upload_bytes

    if f is not None and f.size > max_upload_bytes():
        raise ValidationError(
            gettext("The file is too large; the limit is %(limit)d MB.") % {"limit": max_upload_bytes() // 2**20},
            code="too_large",
        )


class UploadField(forms.FileField):
    """A file field with the platform's size limit; the type is checked from the bytes by the service."""

    default_validators = [validate_upload_size]


class UploadForm(forms.Form):
    file = UploadField(
        label=_("File"),
        help_text=_("PDF (text or scanned), Word .docx, HTML, plain text, a scanned image, or a .zip of several."),
    )
    title = forms.CharField(
        label=_("Title"), max_length=500, required=False, help_text=_("Leave empty to take it from the document.")
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    scope = forms.ChoiceField(label=_("Who may read it"), choices=Scope.choices, initial=Scope.UNIT)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if units.count() == 1:
            self.fields["unit"].initial = units.first()


class VersionForm(forms.Form):
    file = UploadField(label=_("New file"))


class MetadataForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    number_symbol = forms.CharField(label=_("Number and symbol"), max_length=100, required=False)
    doc_type = forms.ChoiceField(label=_("Type"), choices=DocType.choices)
    issuer = forms.CharField(label=_("Issuing body"), max_length=255, required=False)
    signed_date = forms.DateField(
        label=_("Signing date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    effective_date = forms.DateField(
        label=_("Effective date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    validity = forms.ChoiceField(label=_("Validity"), choices=Validity.choices)
    scope = forms.ChoiceField(label=_("Who may read it"), choices=Scope.choices)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=500)
    type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *DocType.choices])
    validity = forms.ChoiceField(label=_("Validity"), required=False, choices=[("", _("Any")), *Validity.choices])
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    issuer = forms.CharField(label=_("Issuing body"), required=False, max_length=255)
