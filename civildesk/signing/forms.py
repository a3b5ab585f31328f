from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civildesk.library.forms import UploadField
from civildesk.org import policy
from civildesk.org.models import Role, User

from .models import CertKind, Level, SignerCertificate, StepAction


def _name(user: Any) -> str:
    return getattr(user, "display_name", "") or user.get_username()


class UserChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _name(obj)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _name(obj)


def signers(units: Any) -> Any:
    """Who may sign for these units: their leaders and whoever holds a valid personal certificate there."""
    certified = SignerCertificate.objects.usable().filter(kind=CertKind.PERSONAL, unit__in=units).values("user")
    leaders = Q(role_assignments__role=Role.LEADER, role_assignments__unit__in=units)
    return _people(User.objects.filter(leaders | Q(pk__in=certified)))


def sealers(units: Any) -> Any:
    """Who may add the agency's signature (seal) for these units: holders of its valid agency certificate."""
    certified = SignerCertificate.objects.usable().filter(kind=CertKind.AGENCY, unit__in=units).values("user")
    return _people(User.objects.filter(pk__in=certified))


def _people(qs: Any) -> Any:
    return qs.filter(is_active=True).select_related("person").distinct().order_by("username")


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
    signer = PersonChoiceField(queryset=User.objects.none(), label=_("Signer (the leader)"))
    seal_by = PersonChoiceField(
        queryset=User.objects.none(),
        label=_("Agency signature (seal) by"),
        required=False,
        help_text=_("Usually the clerk (văn thư), who holds the agency's certificate."),
    )
    level = forms.ChoiceField(label=_("Signature level"), choices=Level.choices)
    signer_name = forms.CharField(
        label=_("Signer's name as printed"), required=False, help_text=_("To place the signature image.")
    )
    signer_title = forms.CharField(label=_("Signer's title as printed"), required=False)
    is_attachment = forms.BooleanField(
        label=_("This is an attachment (stamp at the top right of page 1)"), required=False
    )
    number_symbol = forms.CharField(label=_("Number and symbol of the main document"), required=False)

    def __init__(self, *args: Any, user: Any, draft: Any = None, **kwargs: Any) -> None:
        from .services import available_levels, default_level

        super().__init__(*args, **kwargs)
        units = policy.units_for(user, "signing.request")
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        own = user.role_assignments.filter(unit__in=units).order_by("pk").values_list("unit_id", flat=True).first()
        self.fields["unit"].initial = own
        levels = available_levels()
        self.fields["level"].choices = [(v, label) for v, label in Level.choices if v in levels]  # type: ignore[attr-defined]
        self.fields["level"].initial = default_level()
        scope = [draft.unit] if draft is not None else units
        self.fields["reviewers"].queryset = _people(  # type: ignore[attr-defined]
            User.objects.filter(role_assignments__isnull=False)
        )
        self.fields["signer"].queryset = signers(scope)  # type: ignore[attr-defined]
        self.fields["seal_by"].queryset = sealers(scope)  # type: ignore[attr-defined]
        if draft is not None:
            # The PDF is rendered from the draft; unit and title come from it too, the signer is prefilled.
            for name in ("file", "unit", "title"):
                del self.fields[name]
            named = [u for u in self.fields["signer"].queryset if _name(u) == draft.signer_name]  # type: ignore[attr-defined]
            if named:
                self.fields["signer"].initial = named[0].pk
            self.fields["signer_name"].initial = draft.signer_name
            self.fields["signer_title"].initial = draft.signer_title

    def chain(self) -> list[Any]:
        """The chain the choices describe: reviewers, then the signer, then the seal if any."""
        from .services import StepSpec

        d = self.cleaned_data
        reviewers = list(d["reviewers"])
        out: list[StepSpec] = []
        if d["review_mode"] == "sequential":
            out += [StepSpec(assignees=[r]) for r in reviewers]
        elif reviewers:
            required = d["review_required"] if d["review_mode"] == "n_of_m" else None
            out.append(StepSpec(assignees=reviewers, required=required))
        out.append(StepSpec(assignees=[d["signer"]], action=StepAction.SIGN))
        if d["seal_by"]:
            out.append(StepSpec(assignees=[d["seal_by"]], action=StepAction.SEAL))
        return out


class SignForm(forms.Form):
    secret = forms.CharField(
        label=_("Token PIN or key-file passphrase"),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Used for this signature only; never stored."),
    )
    key_file = forms.FileField(label=_("Key file (.p12), if your certificate is a key file"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # A person has one signature step open at a time, so the page has one sign form:
        # its fields keep the plain ids (id_secret) that assistive tools and the tests know.
        kwargs["auto_id"] = "id_%s"
        super().__init__(*args, **kwargs)


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Why you return the document"), widget=forms.Textarea(attrs={"rows": 3}), required=True
    )


class ResubmitForm(forms.Form):
    file = UploadField(label=_("Corrected PDF (optional)"), required=False)


class ValidateForm(forms.Form):
    file = UploadField(label=_("Signed PDF"))
