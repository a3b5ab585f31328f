from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import AgendaItem, Meeting

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def people() -> Any:
    return (
        get_user_model()
        .objects.filter(is_active=True, person__isnull=False)
        .select_related("person")
        .order_by("person__full_name", "username")
    )


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


class PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


class MeetingForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)  # type: ignore[arg-type]
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME)
    place = forms.CharField(label=_("Place or link"), max_length=300, required=False)
    participants = PeopleChoice(
        label=_("Participants"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),  # type: ignore[arg-type]
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One item a line."),
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        # the organiser's own (topmost) unit is chosen already, not a blank "---------"
        self.fields["unit"].initial = units.order_by("path").first()
        self.fields["participants"].queryset = people()

    def clean_agenda(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["agenda"].splitlines() if line.strip()]


class CampaignForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Open to the staff of"),
        queryset=None,
        help_text=_("The unit and every unit below it."),  # type: ignore[arg-type]
    )
    question = forms.CharField(label=_("Question"), max_length=500)
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=DATETIME)
    allow_anonymous = forms.BooleanField(label=_("Allow anonymous ideas"), required=False, initial=True)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        # the organiser's own (topmost) unit is chosen already, not a blank "---------"
        self.fields["unit"].initial = units.order_by("path").first()


class RoundForm(forms.Form):
    agenda_item = forms.ModelChoiceField(label=_("Agenda item"), queryset=None, required=False)  # type: ignore[arg-type]
    question = forms.CharField(label=_("Question"), max_length=500)
    allow_anonymous = forms.BooleanField(label=_("Allow anonymous ideas"), required=False, initial=True)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(meeting=meeting)


class IdeaForm(forms.Form):
    text = forms.CharField(
        label=_("Your idea"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"})
    )
    anonymous = forms.BooleanField(
        label=_("Submit without my name"),
        required=False,
        help_text=_("Nobody, not even an administrator, can find out that it was you."),
    )

    def __init__(self, *args: Any, allow_anonymous: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not allow_anonymous:
            del self.fields["anonymous"]


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    owner = PersonChoice(label=_("Action owner"), queryset=None, required=False)  # type: ignore[arg-type]
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DATE)
    expected_result = forms.CharField(label=_("Expected result"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [bool(data.get(k)) for k in ("owner", "deadline", "expected_result")]
        if any(given) and not all(given):
            raise forms.ValidationError(_("An action needs an owner, a deadline and the expected result."))
        return data


class ActionItemForm(forms.Form):
    owner = PersonChoice(label=_("Action owner"), queryset=None)  # type: ignore[arg-type]
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)
    expected_result = forms.CharField(label=_("Expected result"), max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people()


class DoneForm(forms.Form):
    result_note = forms.CharField(label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SummaryForm(forms.Form):
    summary = forms.CharField(label=_("Minutes summary"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
