from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp import match_token, user_has_device

from .models import Role, Unit, UnitKind


def _otp_token_field() -> forms.CharField:
    return forms.CharField(
        label=_("Authenticator code"),
        required=False,
        max_length=8,
        help_text=_("Only if you have turned on two-step verification."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


OTP_ERRORS = {
    "otp_required": _("Enter the 6-digit code from your authenticator app."),
    "otp_invalid": _("That authenticator code is not valid. Check the time on your phone and try again."),
}


def verify_second_step(user: Any, token: str) -> Any:
    """The device that accepts ``token`` for an account with two-step verification on.

    None when the account has no confirmed device; ValidationError when the code
    is missing or wrong. Every login path (app, admin) calls this.
    """
    if not user_has_device(user, confirmed=True):
        return None
    token = (token or "").strip()
    if not token:
        raise forms.ValidationError(OTP_ERRORS["otp_required"], code="otp_required")
    device = match_token(user, token)
    if device is None:
        raise forms.ValidationError(OTP_ERRORS["otp_invalid"], code="otp_invalid")
    return device


class TwoStepMixin:
    """Password, then the authenticator code when the account has a confirmed device.

    The device found is put on ``user.otp_device``; django-otp marks the
    session verified when the user logs in.
    """

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)  # type: ignore[misc]
        device = verify_second_step(user, self.cleaned_data.get("otp_token") or "")  # type: ignore[attr-defined]
        if device is not None:
            user.otp_device = device


class LoginForm(TwoStepMixin, AuthenticationForm):
    """Username + password, and a TOTP code for accounts that enabled two-factor."""

    otp_token = _otp_token_field()


class AdminLoginForm(TwoStepMixin, AdminAuthenticationForm):
    """The admin's login: staff only, and the same second step as the app's login."""

    otp_token = _otp_token_field()


class TotpDisableForm(forms.Form):
    """Turning two-step verification off needs the password and a current code."""

    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)
    token = forms.CharField(label=_("Code shown by your app"), max_length=8)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "password" in data and not self.user.check_password(data["password"]):
            self.add_error("password", _("The password is not correct."))
        if "token" in data:
            try:
                verify_second_step(self.user, data["token"])
            except forms.ValidationError as exc:
                self.add_error("token", exc)
        return data


class TotpConfirmForm(forms.Form):
    token = forms.CharField(label=_("Code shown by your app"), max_length=8)


class PersonCreateForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=255)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Position title"), max_length=255)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    username = forms.CharField(
        label=_("Username"), max_length=150, required=False, help_text=_("Leave empty for a person without an account.")
    )
    password = forms.CharField(
        label=_("Initial password"), required=False, widget=forms.PasswordInput(render_value=False)
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password") and not data.get("username"):
            self.add_error("username", _("Choose a username to go with the password."))
        return data


class PositionForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Position title"), max_length=255)
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    is_primary = forms.BooleanField(label=_("Primary position"), required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class RoleForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class UnitForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=255)
    short_name = forms.CharField(label=_("Short name"), max_length=64, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    parent = forms.ModelChoiceField(label=_("Parent unit"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = units
