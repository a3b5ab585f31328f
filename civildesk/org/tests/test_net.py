"""The client address behind a simulated reverse proxy (nginx at 127.0.0.1)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from civildesk.org.models import AuditEntry
from civildesk.org.net import client_address
from conftest import PASSWORD

PROXY = "127.0.0.1"
CLIENT = "203.0.113.7"


def _request(forwarded: str | None = None, remote: str = PROXY):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.fixture
def behind_one_proxy(settings):
    settings.CIVILDESK_PROXY_COUNT = 1


def test_without_proxy_the_header_is_ignored(settings):
    settings.CIVILDESK_PROXY_COUNT = 0
    assert client_address(_request(f"9.9.9.9, {CLIENT}", remote="198.51.100.1")) == "198.51.100.1"


@pytest.mark.parametrize(
    "forwarded",
    [
        CLIENT,  # what nginx writes for an honest client
        f"9.9.9.9, {CLIENT}",  # the client prepended an address
        f"9.9.9.9, 8.8.8.8, {CLIENT}",
        f'9.9.9.9, "x, {CLIENT}',  # an open quote must not swallow the proxy's entry
        f"for=9.9.9.9, {CLIENT}",
        f"garbage, {CLIENT}",
    ],
)
def test_behind_one_proxy_the_client_is_what_the_proxy_appended(behind_one_proxy, forwarded):
    assert client_address(_request(forwarded)) == CLIENT


def test_behind_two_proxies(settings):
    settings.CIVILDESK_PROXY_COUNT = 2
    assert client_address(_request(f"9.9.9.9, {CLIENT}, 10.0.0.2")) == CLIENT
    assert client_address(_request("[2001:db8::7]:4711, 10.0.0.2")) == "2001:db8::7"


def test_missing_or_short_header_falls_back_to_the_connection(settings):
    settings.CIVILDESK_PROXY_COUNT = 1
    assert client_address(_request(None)) == PROXY
    assert client_address(_request("not-an-address")) == PROXY
    settings.CIVILDESK_PROXY_COUNT = 2
    assert client_address(_request(CLIENT)) == PROXY


def test_audit_trail_records_the_client_not_the_proxy(client, staff_a, behind_one_proxy):
    response = client.post(
        reverse("login"),
        {"username": staff_a.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR=f"9.9.9.9, {CLIENT}",
        REMOTE_ADDR=PROXY,
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="auth.login", actor=staff_a)
    assert entry.ip_address == CLIENT


def test_the_request_context_of_services_holds_the_client(behind_one_proxy):
    # Services write audit entries with the address the middleware put in the context.
    from civildesk.org.audit import client_ip
    from civildesk.org.middleware import NFCMiddleware

    seen = []
    NFCMiddleware(lambda request: seen.append(client_ip.get()))(_request(f"1.1.1.1, {CLIENT}"))
    assert seen == [CLIENT]


def test_spoofed_forwarded_for_does_not_bypass_the_lockout(client, staff_a, settings, behind_one_proxy):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": staff_a.username, "password": "wrong-password"},
            HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, {CLIENT}",
            REMOTE_ADDR=PROXY,
        )
    response = client.post(
        reverse("login"),
        {"username": staff_a.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR=f"10.8.8.8, {CLIENT}",
        REMOTE_ADDR=PROXY,
    )
    assert response.status_code == 429


def test_the_lockout_is_per_client_not_per_proxy(client, staff_a, settings, behind_one_proxy):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": staff_a.username, "password": "wrong-password"},
            HTTP_X_FORWARDED_FOR="198.51.100.66",
            REMOTE_ADDR=PROXY,
        )
    response = client.post(
        reverse("login"),
        {"username": staff_a.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR=CLIENT,
        REMOTE_ADDR=PROXY,
    )
    assert response.status_code == 302  # the real user, elsewhere, is not locked out


def _widget(client, forwarded: str) -> int:
    # The limit is counted before the question is read: an empty one suffices.
    return client.post(
        reverse("assistant:embed"), {"question": ""}, HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=PROXY
    ).status_code


def test_spoofed_forwarded_for_does_not_bypass_a_rate_limit(client, db, settings, behind_one_proxy):
    settings.CIVILDESK_WIDGET_RATE = "2/m"
    codes = [_widget(client, f"10.7.7.{n}, {CLIENT}") for n in range(3)]
    assert codes[-1] == 429


def test_each_client_behind_the_proxy_has_its_own_rate_limit(client, db, settings, behind_one_proxy):
    settings.CIVILDESK_WIDGET_RATE = "2/m"
    assert [_widget(client, "198.51.100.66") for _ in range(3)][-1] == 429
    assert _widget(client, CLIENT) != 429
