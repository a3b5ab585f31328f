from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from civildesk.library.forms import UploadField
from civildesk.org.models import Unit

from .models import Confidentiality, Incoming, IncomingStatus, Role, Source, Urgency

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
DEFAULT_WORKING_DAYS = 7  # the deadline the assignment form suggests for a normal document


class RegisterForm(forms.Form):
    """The clerk checks what arrived and registers it."""

    sender = forms.CharField(label=_("Sender"), max_length=255)
    symbol = forms.CharField(label=_("Number and symbol"), max_length=100, required=False)
    doc_date = forms.DateField(label=_("Date of the document"), required=False, **DATE)
    subject = forms.CharField(label=_("Subject"), max_length=500)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    confidentiality = forms.ChoiceField(
        label=_("Confidentiality"), choices=Confidentiality.choices, initial=Confidentiality.NONE
    )

    def __init__(self, *args: Any, instance: Incoming | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if instance is not None and not self.is_bound:
            for name in self.fields:
                self.initial.setdefault(name, getattr(instance, name))


class ReceiveForm(RegisterForm):
    """A document received by e-mail or on paper: its file (scans are read by OCR) and its marks."""

    source = forms.ChoiceField(
        label=_("Received"), choices=[(Source.EMAIL, Source.EMAIL.label), (Source.PAPER, Source.PAPER.label)]
    )
    file = UploadField(label=_("File"), help_text=_("PDF, Word .docx or a scanned image; scans are read by OCR."))
    unit = forms.ModelChoiceField(label=_("Register of"), queryset=Unit.objects.none())
    field_order = ["unit", "source", "file", "sender", "symbol", "doc_date", "subject", "urgency", "confidentiality"]

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].initial = units.first()
        for name in ("sender", "subject"):
            self.fields[name].required = False
            self.fields[name].help_text = _("Leave empty to read it from the document.")


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Person"), queryset=None, required=False)
    unit = forms.ModelChoiceField(label=_("or unit"), queryset=Unit.objects.none(), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.LEAD)
    deadline = forms.DateField(label=_("Deadline"), required=False, **DATE)
    note = forms.CharField(label=_("Instruction"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, incoming: Incoming, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = incoming.unit
        below = Unit.objects.active().filter(path__startswith=unit.path)
        self.fields["assignee"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, role_assignments__unit__in=below)
            .distinct()
            .order_by("username")
        )
        self.fields["assignee"].label_from_instance = lambda u: u.display_name
        self.fields["unit"].queryset = below.exclude(pk=unit.pk)
        if not self.is_bound:
            # A suggestion, in working days (the one calendar); urgent documents sooner.
            from django.utils import timezone

            from civildesk.workdays import add_working_days

            days = {"express": 1, "very_urgent": 2, "urgent": 3}.get(incoming.urgency, DEFAULT_WORKING_DAYS)
            self.initial.setdefault("deadline", add_working_days(timezone.localdate(), days))


class ReportForm(forms.Form):
    text = forms.CharField(label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, help_text=_("With or without diacritics."))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", "—"), *IncomingStatus.choices])
    urgency = forms.ChoiceField(label=_("Urgency"), required=False, choices=[("", "—"), *Urgency.choices])
    start = forms.DateField(label=_("Received from"), required=False, **DATE)
    end = forms.DateField(label=_("to"), required=False, **DATE)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
