"""Two-step verification holds on every login path: the app, the admin, the API behind them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from civildesk.org.models import AuditEntry
from conftest import PASSWORD


def _code(device: TOTPDevice, drift: int = 0) -> str:
    """The code the phone shows now (drift=1: the next one, accepted once the current one was used)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def _wrong(code: str) -> str:
    return f"{(int(code) + 7) % 1_000_000:06d}"


@pytest.fixture
def admin_with_2fa(director):
    director.is_staff = director.is_superuser = True
    director.save()
    return director, TOTPDevice.objects.create(user=director, name="phone", confirmed=True)


def _admin_login(client, user, **extra):
    return client.post(
        reverse("admin:login"), {"username": user.username, "password": PASSWORD, "next": "/admin/", **extra}
    )


def test_admin_login_with_the_password_alone_is_refused(client, admin_with_2fa):
    user, _device = admin_with_2fa
    response = _admin_login(client, user)
    assert response.status_code == 200
    assert "otp_token" in response.context["form"].errors or response.context["form"].non_field_errors()
    assert client.get(reverse("admin:index")).status_code == 302
    # Nothing else opened either: the app and the API.
    assert "_auth_user_id" not in client.session  # not logged in: "/" is the public landing page
    assert client.get(reverse("org:people")).status_code == 302
    assert client.get("/api/v1/me").status_code == 401


def test_admin_login_with_a_wrong_code_is_refused(client, admin_with_2fa):
    user, device = admin_with_2fa
    assert _admin_login(client, user, otp_token=_wrong(_code(device))).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302


def test_admin_login_with_the_code_opens_the_admin(client, admin_with_2fa):
    user, device = admin_with_2fa
    response = _admin_login(client, user, otp_token=_code(device))
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get("/api/v1/me").status_code == 200


def test_admin_login_page_asks_for_the_code(client, db):
    page = client.get(reverse("admin:login")).content.decode()
    assert 'name="otp_token"' in page


def test_admin_without_2fa_logs_in_with_the_password(client, director):
    director.is_staff = director.is_superuser = True
    director.save()
    assert _admin_login(client, director).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_unverified_session_of_a_2fa_account_is_refused_by_the_admin(client, admin_with_2fa):
    user, _device = admin_with_2fa
    client.force_login(user)  # a session opened without the code (e.g. before 2FA was turned on)
    assert client.get(reverse("admin:index")).status_code == 302


def test_app_login_with_the_password_alone_is_refused(client, admin_with_2fa):
    user, device = admin_with_2fa
    assert client.post(reverse("login"), {"username": user.username, "password": PASSWORD}).status_code == 200
    assert client.get("/api/v1/me").status_code == 401
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD, "otp_token": _code(device)}
    )
    assert response.status_code == 302
    assert client.get("/api/v1/me").status_code == 200


def _login_verified(client, user, device):
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD, "otp_token": _code(device)}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("password", "code"),
    [
        (None, None),  # the old one-click form
        (PASSWORD, None),
        (None, "next"),
        ("wrong-password", "next"),
        (PASSWORD, "wrong"),
    ],
)
def test_turning_2fa_off_needs_the_password_and_a_current_code(client, leader_a, password, code):
    device = TOTPDevice.objects.create(user=leader_a, name="phone", confirmed=True)
    _login_verified(client, leader_a, device)
    data = {"action": "disable"}
    if password:
        data["password"] = password
    if code:
        data["token"] = _code(device, drift=1) if code == "next" else _wrong(_code(device, drift=1))
    response = client.post(reverse("two_factor"), data)
    assert response.status_code == 200
    assert TOTPDevice.objects.filter(user=leader_a, confirmed=True).exists()
    assert not AuditEntry.objects.filter(action="auth.2fa_disable").exists()


def test_turning_2fa_off_with_password_and_code(client, leader_a):
    device = TOTPDevice.objects.create(user=leader_a, name="phone", confirmed=True)
    _login_verified(client, leader_a, device)
    response = client.post(
        reverse("two_factor"), {"action": "disable", "password": PASSWORD, "token": _code(device, drift=1)}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=leader_a).exists()
    assert AuditEntry.objects.filter(action="auth.2fa_disable", actor=leader_a).exists()
