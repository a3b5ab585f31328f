from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civildesk.library.forms import UploadField

from .models import RatingReason


class AskForm(forms.Form):
    question = forms.CharField(
        label=_("Your question"),
        max_length=1000,
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": _("e.g. Viên chức có được thành lập doanh nghiệp không?")}
        ),
    )


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
