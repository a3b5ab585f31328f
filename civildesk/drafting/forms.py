from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from civildesk.org.models import Unit

from .models import CONTENT_FIELDS, Draft

TEXTAREAS = {"addressees": 3, "legal_bases": 4, "body": 12, "recipients": 4}


class DraftForm(forms.ModelForm):
    """The document's content; on a new draft also the issuing unit.

    Validation is the model's (``Draft.clean``); saving is the service's.
    """

    class Meta:
        model = Draft
        fields = list(CONTENT_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": rows}) for name, rows in TEXTAREAS.items()}

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"] = forms.ModelChoiceField(
                queryset=units, label=_("Issuing unit"), help_text=_("The agency whose register will number it.")
            )
            self.order_fields(["unit", *CONTENT_FIELDS])
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs.setdefault("aria-describedby", f"id_{name}-help")

    def _post_clean(self) -> None:
        unit = self.cleaned_data.get("unit")
        if isinstance(unit, Unit):
            self.instance.unit = unit
        super()._post_clean()

    def content(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in CONTENT_FIELDS}


class ReviewForm(forms.Form):
    reviewer = forms.ModelChoiceField(queryset=None, label=_("Reviewer"))

    def __init__(self, *args: Any, reviewers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers
        self.fields["reviewer"].label_from_instance = lambda u: u.display_name


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling the number"), max_length=500)
