"""Content-Security-Policy on app pages: self only, no inline script; the widget's frame-ancestors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from civildesk.org.models import Role
from conftest import PASSWORD, make_user

ROOT = Path(__file__).resolve().parents[2]


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_app_pages_carry_a_self_only_policy(client, staff_a):
    client.force_login(staff_a)
    policy = _policy(client.get(reverse("home")))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in " ".join(sum(policy.values(), []))
    assert _policy(client.get(reverse("login")))["default-src"] == ["'self'"]


def test_drafting_preview_style_carries_the_nonce(client, staff_a, units):
    from civildesk.drafting import services
    from civildesk.drafting.tests.conftest import content

    draft = services.draft_create(actor=staff_a, unit=units["a"], doc_type="GM", **content("GM"))
    client.force_login(staff_a)
    response = client.get(draft.get_absolute_url())
    nonce = re.search(r'<style nonce="([^"]+)"', response.content.decode()).group(1)
    policy = _policy(response)
    assert f"'nonce-{nonce}'" in policy["style-src"]
    assert "'unsafe-inline'" not in policy["script-src"]


def test_widget_frame_ancestors_default_to_self_not_everyone(client, db):
    policy = _policy(client.get(reverse("assistant:embed")))
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]


def test_widget_frame_ancestors_list_the_portals(client, db, settings):
    settings.CIVILDESK_WIDGET_ORIGINS = ["https://dichvucong.example.gov.vn", "https://example.gov.vn"]
    policy = _policy(client.get(reverse("assistant:embed")))
    assert policy["frame-ancestors"] == ["'self'", "https://dichvucong.example.gov.vn", "https://example.gov.vn"]


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style(?![^>]*\bnonce=)[^>]*>", re.I), "<style> without the CSP nonce"),
    (re.compile(r"\sstyle=\"", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+=\"", re.I), "inline event handler"),
    (re.compile(r"\shx-on", re.I), "hx-on (evaluated script)"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_templates_have_no_inline_script_or_style():
    found = []
    for path in sorted(ROOT.glob("**/templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            if pattern.search(text):
                found.append(f"{path.relative_to(ROOT)}: {what}")
    assert not found, found


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_run_under_the_policy_without_violations(page, live_server, units):
    """A real browser reports every violation (blocked script, style, eval) on the console."""
    from civildesk.drafting import services
    from civildesk.drafting.tests.conftest import content

    user = make_user("quantri", units["a"], Role.UNIT_ADMIN, Role.STAFF)
    user.is_staff = user.is_superuser = True
    user.save()
    draft = services.draft_create(actor=user, unit=units["a"], doc_type="GM", **content("GM"))
    violations: list[str] = []
    page.on(
        "console", lambda m: violations.append(f"{page.url}: {m.text}") if "Content Security Policy" in m.text else None
    )

    page.goto(f"{live_server.url}/login/")
    page.locator("input[name=username]").fill("quantri")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"{live_server.url}/")
    for path in [
        "/",
        "/org/units/",
        "/org/people/",
        "/library/",
        draft.get_absolute_url(),
        "/assistant/",
        "/admin/",
        "/api/v1/docs",
    ]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/org/people/")
    page.locator("input[name=q]").fill("quan")
    page.wait_for_load_state("networkidle")
    assert not violations, violations
