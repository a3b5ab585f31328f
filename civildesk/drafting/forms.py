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


class SealForm(forms.Form):
    """The agency's key: a token PIN, or a key file's passphrase (and the file if not stored)."""

    secret = forms.CharField(
        label=_("PIN or passphrase of the agency's key"),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        strip=False,
        max_length=256,
    )
    key_file = forms.FileField(
        label=_("Key file (.p12), if it is not stored"),
        required=False,
        help_text=_("Kept in memory only while signing."),
    )


class DispatchForm(forms.Form):
    """Where the issued document goes: units of this platform, and others (exported)."""

    units = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        label=_("Units on this platform"),
        help_text=_("They receive it in their incoming register, with the signed PDF and its validation."),
        widget=forms.CheckboxSelectMultiple,
    )
    external = forms.CharField(
        label=_("Other recipients"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line; each gets an export package (the PDF and a JSON envelope)."),
    )

    def __init__(self, *args: Any, draft: Draft | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.active().exclude(pk=getattr(draft, "unit_id", None))
        if draft is not None and not self.is_bound:
            units, external = recipients_split(draft)
            self.initial.setdefault("units", [u.pk for u in units])
            self.initial.setdefault("external", "\n".join(external))


def recipients_split(draft: Draft) -> tuple[list[Unit], list[str]]:
    """The "Nơi nhận" lines that name a unit of the platform, and the others (not "Lưu")."""
    from civildesk.text.normalize import fold

    units = list(Unit.objects.active().exclude(pk=draft.unit_id))
    by_name = {fold(u.name).lower(): u for u in units}
    found: list[Unit] = []
    external: list[str] = []
    for line in draft.recipients.splitlines():
        name = line.strip().lstrip("-–+ ").rstrip(";.,").strip()
        if not name or name.lower().startswith(("lưu", "như trên", "như điều")):
            continue
        key = fold(name).lower()
        unit = by_name.get(key) or next((u for k, u in by_name.items() if k and (k in key or key in k)), None)
        if unit is not None and unit not in found:
            found.append(unit)
        elif unit is None:
            external.append(name)
    return found, external
