from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civildesk.library.forms import UploadField
from civildesk.org.models import Role, Unit, User

from .models import CaseType, Channel, Complexity, Instance, LinkKind, TeamRole, TriageReason

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}


def handlers_for(unit: Unit) -> Any:
    """Users who may handle cases of ``unit``: inspectors and leaders of it or of a unit above."""
    ids = [int(p) for p in unit.path.strip("/").split("/") if p]
    return (
        User.objects.filter(
            is_active=True, role_assignments__role__in=[Role.INSPECTOR, Role.LEADER], role_assignments__unit_id__in=ids
        )
        .distinct()
        .order_by("username")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class IdentityFields(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    citizen_id = forms.CharField(label=_("Citizen ID number"), max_length=20, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)


class CaseRegisterForm(IdentityFields):
    unit = forms.ModelChoiceField(label=_("Handling unit"), queryset=Unit.objects.none())
    case_type = forms.ChoiceField(label=_("Type"), choices=CaseType.choices)
    instance = forms.ChoiceField(label=_("Instance (complaints)"), choices=Instance.choices, initial=Instance.FIRST)
    channel = forms.ChoiceField(label=_("Received through"), choices=Channel.choices, initial=Channel.IN_PERSON)
    received_on = forms.DateField(label=_("Received on"), **DATE)
    title = forms.CharField(label=_("Subject"), max_length=300)
    content = forms.CharField(
        label=_("Content"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Do not type the filer's name, phone, ID number or address here: every inspector of the unit can read "
            "this text. The identity goes only in the protected fields below."
        ),
    )
    field = forms.CharField(label=_("Field"), max_length=100, required=False)
    subject_name = forms.CharField(label=_("Party complained about or denounced"), max_length=300, required=False)
    subject_unit = forms.ModelChoiceField(label=_("Unit concerned"), queryset=Unit.objects.active(), required=False)

    field_order = [
        "unit",
        "case_type",
        "instance",
        "channel",
        "received_on",
        "title",
        "content",
        "field",
        "subject_name",
        "subject_unit",
        "name",
        "phone",
        "citizen_id",
        "address",
        "email",
    ]

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if units.count() == 1:
            self.fields["unit"].initial = units.first()


class PublicSubmitForm(IdentityFields):
    unit = forms.ModelChoiceField(
        label=_("Agency you are writing to"), queryset=Unit.objects.active().filter(depth__lte=1)
    )
    case_type = forms.ChoiceField(
        label=_("Type"),
        choices=[(CaseType.COMPLAINT, CaseType.COMPLAINT.label), (CaseType.PETITION, CaseType.PETITION.label)],
    )
    title = forms.CharField(label=_("Subject"), max_length=300)
    content = forms.CharField(
        label=_("What happened and what you ask for"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000
    )
    subject_name = forms.CharField(label=_("Decision, act or agency concerned"), max_length=300, required=False)
    website = forms.CharField(label=_("Leave this field empty"), required=False)  # honeypot

    field_order = [
        "unit",
        "case_type",
        "title",
        "content",
        "subject_name",
        "name",
        "phone",
        "citizen_id",
        "address",
        "email",
        "website",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["address"].required = True
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["website"].honeypot = True  # rendered off-screen: people never see it, robots fill it

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(_("Your submission could not be accepted."))
        return data


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=16, help_text=_("For example ABCD-2345."))
    secret = forms.CharField(label=_("Secret"), max_length=64, widget=forms.PasswordInput(render_value=False))

    def clean_code(self) -> str:
        """Accept the code as people type it: lower case, spaces, with or without the dash."""
        raw = "".join(ch for ch in self.cleaned_data["code"].upper() if ch.isalnum())
        return f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else self.cleaned_data["code"].strip().upper()


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ClassifyForm(NoteForm):
    case_type = forms.ChoiceField(label=_("Type"), choices=CaseType.choices)
    instance = forms.ChoiceField(label=_("Instance (complaints)"), choices=Instance.choices)
    field = forms.CharField(label=_("Field"), max_length=100, required=False)
    complexity = forms.ChoiceField(label=_("Complexity"), choices=Complexity.choices)
    remote_area = forms.BooleanField(label=_("Remote and difficult area"), required=False)
    subject_name = forms.CharField(label=_("Party complained about or denounced"), max_length=300, required=False)
    subject_unit = forms.ModelChoiceField(label=_("Unit concerned"), queryset=Unit.objects.active(), required=False)
    field_order = [
        "case_type",
        "instance",
        "field",
        "complexity",
        "remote_area",
        "subject_name",
        "subject_unit",
        "note",
    ]


class AcceptForm(NoteForm):
    accepted_on = forms.DateField(label=_("Accepted on"), required=False, **DATE)


class ReasonForm(NoteForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "---------"), *TriageReason.choices])


class TransferForm(ReasonForm):
    transferred_to = forms.CharField(label=_("Competent agency"), max_length=300)
    field_order = ["reason", "transferred_to", "note"]


class AssignForm(NoteForm):
    assignee = UserChoiceField(label=_("Handler"), queryset=User.objects.none())

    def __init__(self, *args: Any, case: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["assignee"].queryset = handlers_for(case.unit)


class ExtendForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    complexity = forms.ChoiceField(
        label=_("Complexity"), choices=[("", _("unchanged")), *Complexity.choices], required=False
    )


class SuspendForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ConcludeForm(forms.Form):
    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 5}))


class DecisionForm(forms.Form):
    decision_number = forms.CharField(label=_("Number of the decision or reply"), max_length=100)
    outcome_public = forms.CharField(
        label=_("Outcome to tell the filer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the citizen's tracking page. No personal data."),
    )


class LinkForm(forms.Form):
    other = forms.CharField(label=_("Register number of the other case"), max_length=32)
    kind = forms.ChoiceField(label=_("Link"), choices=LinkKind.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class AttachmentForm(forms.Form):
    file = UploadField(label=_("File"), help_text=_("PDF, Word .docx, HTML, plain text or a scanned image."))
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


class PlanForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Inspecting unit"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=300)
    legal_basis = forms.CharField(label=_("Legal basis"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class PlanItemForm(forms.Form):
    subject_unit = forms.ModelChoiceField(label=_("Inspected unit"), queryset=Unit.objects.active(), required=False)
    subject_name = forms.CharField(label=_("Inspected subject"), max_length=300)
    topic = forms.CharField(label=_("Topic"), max_length=500)
    inspecting_unit = forms.ModelChoiceField(label=_("Inspecting unit"), queryset=Unit.objects.active())
    period_start = forms.DateField(label=pgettext_lazy("period", "From"), **DATE)
    period_end = forms.DateField(label=_("To"), **DATE)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=500, required=False)
    accept_overlap = forms.BooleanField(
        label=_("Add it even though another unit inspects the same subject this year"), required=False
    )


class InspectionForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Inspecting unit"), queryset=Unit.objects.none())
    subject_unit = forms.ModelChoiceField(label=_("Inspected unit"), queryset=Unit.objects.active(), required=False)
    subject_name = forms.CharField(label=_("Inspected subject"), max_length=300)
    topic = forms.CharField(label=_("Topic"), max_length=500)
    period_start = forms.DateField(label=pgettext_lazy("period", "From"), **DATE)
    period_end = forms.DateField(label=_("To"), **DATE)
    legal_basis = forms.CharField(label=_("Legal basis"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class InspectionDecisionForm(forms.Form):
    decision_number = forms.CharField(label=_("Decision number"), max_length=100)
    decision_date = forms.DateField(label=_("Decision date"), **DATE)
    head = UserChoiceField(label=_("Team head"), queryset=User.objects.none())
    members = forms.ModelMultipleChoiceField(label=_("Members"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, inspection: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if inspection is not None:
            self.fields["head"].queryset = self.fields["members"].queryset = handlers_for(inspection.unit)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("head"):
            data["team"] = self.team()
        return data

    def team(self) -> list[tuple[Any, str]]:
        head = self.cleaned_data["head"]
        return [(head, TeamRole.HEAD)] + [(u, TeamRole.MEMBER) for u in self.cleaned_data["members"] if u != head]


class DiaryForm(forms.Form):
    day = forms.DateField(label=_("Date"), **DATE)
    text = forms.CharField(label=_("Work done"), widget=forms.Textarea(attrs={"rows": 3}))


class FindingForm(forms.Form):
    title = forms.CharField(label=_("Finding"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    amount = forms.DecimalField(label=_("Amount concerned (VND)"), required=False, min_value=0, decimal_places=0)


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 3}))
    responsible_unit = forms.ModelChoiceField(label=_("Responsible unit"), queryset=Unit.objects.active())
    deadline = forms.DateField(label=_("Deadline"), **DATE)
    measure = forms.CharField(label=_("Measurable result"), max_length=500)
    finding = forms.ModelChoiceField(label=_("Finding"), queryset=None, required=False)

    def __init__(self, *args: Any, inspection: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .models import Finding

        self.fields["finding"].queryset = (
            Finding.objects.filter(inspection=inspection) if inspection else Finding.objects.none()
        )


class InspectionConcludeForm(forms.Form):
    conclusion_number = forms.CharField(label=_("Conclusion number"), max_length=100)
    conclusion_date = forms.DateField(label=_("Conclusion date"), **DATE)
    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 6}))


class ReportForm(forms.Form):
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}))
    result = forms.CharField(label=_("Result achieved"), max_length=500)
    file = UploadField(label=_("Evidence"), required=False)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("accept", _("Accept")), ("return", _("Return"))])
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("Why it is returned"), widget=forms.Textarea(attrs={"rows": 2}))


class PeriodForm(forms.Form):
    date_from = forms.DateField(label=pgettext_lazy("period", "From"), **DATE)
    date_to = forms.DateField(label=_("To"), **DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            raise forms.ValidationError(_("The end of the period is before its start."))
        return data
