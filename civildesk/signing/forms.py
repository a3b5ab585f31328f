from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from civildesk.library.forms import UploadField
from civildesk.org import policy
from civildesk.org.models import User

from .models import Level


class UserChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name if hasattr(obj, "display_name") else obj.get_username()


class RequestForm(forms.Form):
    MODES = [
        ("sequential", _("One after another")),
        ("parallel", _("All of them, in parallel")),
        ("n_of_m", _("Any n of them")),
    ]

    unit = forms.ModelChoiceField(queryset=None, label=_("Unit"))  # type: ignore[arg-type]
    title = forms.CharField(label=_("Title"), max_length=500, required=False)
    file = UploadField(label=_("PDF to sign"))
    reviewers = UserChoiceField(queryset=User.objects.none(), label=_("Reviewers"), required=False)
    review_mode = forms.ChoiceField(label=_("How the reviewers act"), choices=MODES, initial="sequential")
    review_required = forms.IntegerField(label=_("n (for “any n of them”)"), min_value=1, required=False)
    signer = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Signer (the leader)"))
    seal_by = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=_("Agency signature (seal) by"),
        required=False,
        help_text=_("Usually the clerk (văn thư), who holds the agency's certificate."),
    )
    level = forms.ChoiceField(label=_("Signature level"), choices=Level.choices, initial=Level.B_T)
    signer_name = forms.CharField(
        label=_("Signer's name as printed"), required=False, help_text=_("To place the signature image.")
    )
    signer_title = forms.CharField(label=_("Signer's title as printed"), required=False)
    is_attachment = forms.BooleanField(
        label=_("This is an attachment (stamp at the top right of page 1)"), required=False
    )
    number_symbol = forms.CharField(label=_("Number and symbol of the main document"), required=False)

    def __init__(self, *args: Any, user: Any, draft: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = policy.units_for(user, "signing.request")  # type: ignore[attr-defined]
        if draft is not None:
            # The PDF is rendered from the draft; unit and title come from it too.
            for name in ("file", "unit", "title"):
                del self.fields[name]
        people = User.objects.filter(is_active=True, role_assignments__isnull=False).distinct().order_by("username")
        for name in ("reviewers", "signer", "seal_by"):
            self.fields[name].queryset = people  # type: ignore[attr-defined]


class SignForm(forms.Form):
    secret = forms.CharField(
        label=_("Token PIN or key-file passphrase"),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Used for this signature only; never stored."),
    )
    key_file = forms.FileField(label=_("Key file (.p12), if your certificate is a key file"), required=False)


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ValidateForm(forms.Form):
    file = UploadField(label=_("Signed PDF"))
