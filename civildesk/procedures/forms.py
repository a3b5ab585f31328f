"""Forms of the procedures app: the citizen portal, the counter, the transitions, the catalogue import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from civildesk.library.forms import UploadField
from civildesk.org import policy
from civildesk.org.models import User

from .models import Channel, Procedure


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleUploadField(UploadField):
    """The library's upload field (size limit), for several files at once."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            if not data and self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data or self.required else []


def read_files(uploads: list[Any]) -> list[tuple[str, bytes]]:
    return [(f.name, f.read()) for f in uploads]


class ApplicantFields(forms.Form):
    applicant_name = forms.CharField(label=_("Full name or business name"), max_length=255)
    applicant_phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("With the dossier code, your phone number lets you track the dossier."),
    )
    applicant_email = forms.EmailField(label=_("E-mail"), required=False)
    applicant_address = forms.CharField(label=_("Address"), max_length=500, required=False)
    applicant_id_number = forms.CharField(label=_("Citizen ID number"), max_length=32, required=False)
    note = forms.CharField(label=_("What you ask for"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SubmitForm(ApplicantFields):
    files = MultipleUploadField(
        label=_("Documents"),
        help_text=_("PDF, Word .docx or a photo of each document; several files can be chosen."),
    )
    paid_online = forms.BooleanField(label=_("I have paid the fee online"), required=False)


class CounterForm(ApplicantFields):
    procedure = forms.ModelChoiceField(label=_("Procedure"), queryset=Procedure.objects.none())
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.IN_PERSON)
    files = MultipleUploadField(label=_("Scanned documents"), required=False)
    paid_online = forms.BooleanField(label=_("Fee paid online"), required=False)
    field_order = ["procedure", "channel"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applicant_phone"].required = False
        from .services.intake import receiving_shop

        qs = Procedure.objects.active()
        if receiving_shop(user) is None:  # a province-wide one-stop shop receives every procedure
            qs = policy.filter_queryset(qs, user, "procedures.receive")
        self.fields["procedure"].queryset = qs.select_related("unit")


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Dossier code"), max_length=40)
    secret = forms.CharField(
        label=_("PIN or phone number"),
        max_length=32,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("The PIN printed on your receipt, or the phone number you gave."),
    )


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you?"),
        coerce=int,
        choices=[
            (5, _("Very satisfied")),
            (4, _("Satisfied")),
            (3, _("Neutral")),
            (2, _("Unsatisfied")),
            (1, _("Very unsatisfied")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    complaint = forms.BooleanField(label=_("I want to complain about how the dossier was handled"), required=False)


class SupplementUploadForm(forms.Form):
    files = MultipleUploadField(label=_("Supplementary documents"))


class SupplementReceiveForm(forms.Form):
    """At the counter: the supplement handed in, scanned (optional)."""

    files = MultipleUploadField(label=_("Supplementary documents"), required=False)


# --- Transitions ------------------------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason (written to the applicant)"), widget=forms.Textarea(attrs={"rows": 3}))


class SupplementForm(forms.Form):
    missing = forms.CharField(
        label=_("Everything that is missing or must be corrected"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only one request is allowed: list every item."),
    )


class ForwardForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("Specialist"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, dossier: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from civildesk.org.models import Role

        self.fields["handler"].queryset = User.objects.filter(
            is_active=True, role_assignments__unit=dossier.unit, role_assignments__role=Role.STAFF
        ).distinct()


class ProposeForm(forms.Form):
    result = forms.CharField(label=_("Proposed result"), widget=forms.Textarea(attrs={"rows": 3}))


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("What must be reworked"), widget=forms.Textarea(attrs={"rows": 3}))


class ExtendForm(forms.Form):
    new_due_date = forms.DateField(label=_("New promised date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason for the delay"), widget=forms.Textarea(attrs={"rows": 3}))


class PaymentForm(forms.Form):
    paid_online = forms.BooleanField(label=_("Paid online"), required=False)


class CatalogueImportForm(forms.Form):
    file = UploadField(label=_("Catalogue file (.json or .xlsx)"))
