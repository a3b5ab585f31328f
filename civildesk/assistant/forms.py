from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from civildesk.library.forms import UploadField

from .models import RatingReason

#: The example in the question box, on the staff page and in the public widget: a question the demo
#: library answers in every interface language (test_demo_suggestions asks it in each). The demo's
#: annual-leave question was the example until a new machine found its English form unanswered.
EXAMPLE_QUESTION = _("Can the result of an administrative procedure be returned electronically?")


class AskForm(forms.Form):
    # No maxlength attribute: a browser would silently cut a pasted question. The
    # limit is stated in the help text and a longer question is refused with a message.
    question = forms.CharField(
        label=_("Your question"),
        error_messages={"required": _("Type a question.")},
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": format_lazy(_("e.g. {question}"), question=EXAMPLE_QUESTION)}
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .services import MAX_QUESTION

        super().__init__(*args, **kwargs)
        field = self.fields["question"]
        field.help_text = _("At most %(max)s characters.") % {"max": number_format(MAX_QUESTION, force_grouping=True)}
        field.widget.attrs["aria-describedby"] = "id_question-help"

    def clean_question(self) -> str:
        from .services import check_question

        return check_question(self.cleaned_data["question"])


class RatingForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label=_("Was this answer helpful?"),
        choices=[("1", _("Helpful")), ("0", _("Not helpful"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.ChoiceField(label=_("What was wrong?"), choices=[("", "—"), *RatingReason.choices], required=False)
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    correct_article = forms.CharField(
        label=_("The correct article (link or number), if you know it"), required=False, max_length=500
    )


class RenameForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)


class SummaryUploadForm(forms.Form):
    file = UploadField(label=_("File to summarise"))
