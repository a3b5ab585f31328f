"""A real browser through the whole correspondence: a specialist drafts a Công văn to two departments,
the leader signs, the clerk numbers, seals and dispatches; at one recipient department the clerk
registers it, the director assigns it with a deadline, the specialist completes it with a reply draft."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from civildesk.correspondence.models import Incoming, IncomingStatus
from civildesk.drafting.models import Draft, DraftStatus
from civildesk.org.models import Role, UnitKind
from conftest import PASSWORD, _unit, make_user

from .conftest import PASSPHRASE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def templates(db):
    """Browser tests flush the tables between tests: seed the templates again, as the migration does."""
    import importlib

    from django.apps import apps

    importlib.import_module("civildesk.drafting.migrations.0002_seed_templates").seed(apps, None)


def _login(page, live_server, username):
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"{live_server.url}/")


def _action(page, label):
    """Open a workflow action's form (a <details>) and return its form."""
    page.locator("details summary", has_text=label).click()
    return page.locator("details[open] form")


def test_outgoing_to_two_departments_then_incoming_assignment_and_reply(
    page, live_server, units, give_certificate, templates
):
    health = _unit("C", "Sở Y tế", UnitKind.DEPARTMENT, units["province"])
    specialist = make_user("chuyenvien.a", units["a"], Role.STAFF, full_name="Nông Thị Lan")
    leader = make_user("giamdoc.a", units["a"], Role.LEADER, full_name="Nông Văn Quang")
    clerk = make_user("vanthu.a", units["a"], Role.CLERK, full_name="Hoàng Thị Thư")
    clerk_b = make_user("vanthu.b", units["b"], Role.CLERK, full_name="Lý Thị Văn")
    director_b = make_user("giamdoc.b", units["b"], Role.LEADER, full_name="Vi Văn Đức")
    specialist_b = make_user("chuyenvien.b", units["b"], Role.STAFF, full_name="Lộc Thị Mai")
    give_certificate(leader, units["a"], "signer", backend="pkcs12")
    give_certificate(clerk, units["a"], "agency", backend="pkcs12", kind="agency")
    subject = "V/v cử cán bộ tham gia tập huấn Trợ lý ảo"

    # The specialist drafts a Công văn to two departments and sends it for review.
    _login(page, live_server, specialist.username)
    page.goto(f"{live_server.url}/drafting/new/?type=CV")
    page.locator("#id_agency_code").fill("STTTT")
    page.locator("#id_unit_code").fill("CĐS")
    page.locator("#id_place").fill("Lạng Sơn")
    page.locator("#id_subject").fill(subject)
    page.locator("#id_addressees").fill("Sở Xây dựng\nSở Y tế")
    page.locator("#id_body").fill("Đề nghị các sở cử 02 cán bộ tham gia tập huấn sử dụng Trợ lý ảo./.")
    page.locator("#id_recipients").fill("Như trên;\nSở Xây dựng;\nSở Y tế;\nLưu: VT, CĐS.")
    page.locator("#id_authority").select_option("")
    page.locator("#id_signer_title").fill("GIÁM ĐỐC")
    page.locator("#id_signer_name").fill("Nông Văn Quang")
    page.locator("button[name=save]").click()
    page.locator(".d30-sheet").wait_for()
    draft = Draft.objects.get()
    page.locator("#id_reviewer").select_option(str(leader.pk))
    page.get_by_role("button", name="Send for review").click()
    page.get_by_role("link", name="Send for signature").click()
    page.locator("#id_signer").select_option(str(leader.pk))
    page.locator("#id_level").select_option("B-B")
    page.get_by_role("button", name="Send").click()
    page.locator("#request-status").wait_for()
    draft.refresh_from_db()
    assert draft.status == DraftStatus.SIGNING

    # The leader signs.
    _login(page, live_server, leader.username)
    page.goto(f"{live_server.url}/signing/")
    page.get_by_role("link", name=subject).first.click()
    page.locator("#id_secret").fill(PASSPHRASE)
    page.get_by_role("button", name="Sign", exact=True).click()
    page.locator("#request-status").wait_for()
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    assert page.locator("#draft-status").inner_text() == "Signed, waiting for its number"

    # The clerk issues the number and seals, then dispatches to both departments.
    _login(page, live_server, clerk.username)
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    form = _action(page, "Issue the number and apply the seal")
    form.locator("#id_issue_signed_secret").fill(PASSPHRASE)
    form.get_by_role("button", name="Issue the number and apply the seal").click()
    page.locator("#signed-pdf").wait_for()
    assert page.locator("#draft-status").inner_text() == "Issued"
    form = _action(page, "Dispatch to the recipients")
    checked = form.locator("input[name=units]:checked")
    assert sorted(checked.evaluate_all("els => els.map(e => e.value)")) == sorted([str(units["b"].pk), str(health.pk)])
    form.get_by_role("button", name="Dispatch to the recipients").click()
    page.locator("#signed-pdf").wait_for()
    assert page.locator("#draft-status").inner_text() == "Issued and dispatched"
    assert set(Incoming.objects.values_list("unit__code", flat=True)) == {"B", "C"}

    # At the Department of Construction the clerk registers it.
    _login(page, live_server, clerk_b.username)
    page.goto(f"{live_server.url}/correspondence/")
    page.get_by_role("link", name=subject).click()
    assert "All signatures are valid." in page.locator("#incoming-validation").inner_text()
    form = _action(page, "Register with the next incoming number")
    form.locator("#id_register_urgency").select_option("urgent")
    form.get_by_role("button", name="Register with the next incoming number").click()
    page.locator("#incoming-status").wait_for()
    assert page.locator("#incoming-number").inner_text() == f"01/{timezone.localdate().year}"

    # The director assigns it to a specialist with a deadline.
    _login(page, live_server, director_b.username)
    page.goto(f"{live_server.url}/correspondence/")
    page.get_by_role("link", name=subject).click()
    form = _action(page, "Assign for handling")
    form.locator("#id_assign_assignee").select_option(str(specialist_b.pk))
    form.locator("#id_assign_deadline").fill((timezone.localdate() + timedelta(days=5)).isoformat())
    form.locator("#id_assign_note").fill("Đề xuất danh sách cán bộ")
    form.get_by_role("button", name="Assign for handling").click()
    page.locator("#incoming-status").wait_for()
    assert page.locator("#incoming-status").inner_text() == "Assigned"

    # The specialist finds it on the home page, drafts the reply and completes it.
    _login(page, live_server, specialist_b.username)
    page.locator("#incoming-mine").get_by_role("link", name=subject).click()
    page.locator("#draft-reply").click()
    page.locator("#id_subject").wait_for()
    assert page.locator("#id_subject").input_value().startswith("V/v trả lời")
    incoming = Incoming.objects.get(unit=units["b"])
    page.goto(f"{live_server.url}{incoming.get_absolute_url()}")
    assert page.locator("#reply-link").is_visible()
    form = _action(page, "Complete")
    form.locator("#id_complete_text").fill("Đã dự thảo công văn trả lời")
    form.get_by_role("button", name="Complete").click()
    page.locator("#incoming-status").wait_for()
    assert page.locator("#incoming-status").inner_text() == "Completed"
    incoming.refresh_from_db()
    assert incoming.status == IncomingStatus.COMPLETED and incoming.reply.doc_type == "CV"
