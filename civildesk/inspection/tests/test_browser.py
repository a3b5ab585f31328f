"""A citizen complains online; the inspectorate accepts, assigns, concludes; the citizen sees the outcome."""

from __future__ import annotations

import pytest

from civildesk.inspection.models import Case
from civildesk.org.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "Correct-Horse-42")
    page.click("main button.primary")


def _act(page, name):
    page.click(f"#action-{name} >> xpath=.. >> summary")


@pytest.fixture
def rules(db):
    """Browser tests flush the tables between tests: seed the deadline rules again, as the migration does."""
    import importlib

    from django.apps import apps

    importlib.import_module("civildesk.inspection.migrations.0002_default_rules").add_rules(apps, None)


def test_online_complaint_to_outcome(page, live_server, units, make_persona, rules):
    leader = make_persona("head.a", units["a"], Role.LEADER)
    handler = make_persona("insp.a", units["a"], Role.INSPECTOR)
    # Citizen, in English
    page.goto(f"{live_server.url}/inspection/public/")
    page.select_option("#language-select", "en")
    page.click(".lang-switch button")
    page.goto(f"{live_server.url}/inspection/public/")
    page.select_option("#id_unit", str(units["a"].pk))
    page.select_option("#id_case_type", "complaint")
    page.fill("#id_title", "Khiếu nại việc trả hồ sơ")
    page.fill("#id_content", "Sở trả hồ sơ của tôi mà không nêu lý do.")
    page.fill("#id_name", "Công Dân Thử")
    page.fill("#id_address", "Lạng Sơn")
    page.click("button.primary")
    code = page.inner_text("#tracking-code")
    secret = page.inner_text("#tracking-secret")
    case = Case.objects.get(tracking_code=code)

    # Inspectorate: classify, accept, assign
    _login(page, live_server, leader.username)
    page.goto(f"{live_server.url}/inspection/cases/{case.pk}/")
    _act(page, "classify")
    page.select_option("#id_classify_instance", "first")
    page.click("#action-classify button[type=submit]")
    _act(page, "accept")
    page.click("#action-accept button[type=submit]")
    assert "Accepted" in page.inner_text("#case-status")
    _act(page, "assign")
    page.select_option("#id_assign_assignee", str(handler.pk))
    page.click("#action-assign button[type=submit]")
    page.click("form[action$='logout/'] button")

    # Handler verifies and concludes
    _login(page, live_server, handler.username)
    page.goto(f"{live_server.url}/inspection/cases/{case.pk}/")
    _act(page, "start_verification")
    page.click("#action-start_verification button[type=submit]")
    _act(page, "conclude")
    page.fill("#id_conclude_conclusion", "Việc trả hồ sơ không nêu lý do là sai.")
    page.click("#action-conclude button[type=submit]")
    page.click("form[action$='logout/'] button")

    # Leader issues the decision
    _login(page, live_server, leader.username)
    page.goto(f"{live_server.url}/inspection/cases/{case.pk}/")
    _act(page, "issue_decision")
    page.fill("#id_issue_decision_decision_number", "12/QĐ-TTr")
    page.fill("#id_issue_decision_outcome_public", "Khiếu nại đúng. Sở phải giải quyết lại hồ sơ trong 10 ngày.")
    page.click("#action-issue_decision button[type=submit]")
    assert "Decision issued" in page.inner_text("#case-status")
    page.click("form[action$='logout/'] button")

    # Citizen sees the outcome
    page.goto(f"{live_server.url}/inspection/public/track/")
    page.fill("#id_code", code)
    page.fill("#id_secret", secret)
    page.click("button.primary")
    assert "Decision issued" in page.inner_text("#public-status")
    assert "Khiếu nại đúng" in page.inner_text("#public-outcome")


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_the_assigned_handler_is_told_in_their_language(page, live_server, units, make_persona, rules, lang):
    """Issue 16: a leader assigns a case; the handler sees it on the home page with a notification, and the
    case page shows the actions and the history in the handler's language, without raw codes."""
    from civildesk.inspection import services
    from civildesk.inspection.protect import Identity

    leader = make_persona("head.a", units["a"], Role.LEADER)
    make_persona("insp.a", units["a"], Role.INSPECTOR)
    case = services.case_register(
        actor=leader, unit=units["a"], case_type="complaint", instance="first", channel="in_person",
        title="Khiếu nại về tiền bồi thường", content="Đề nghị xem xét lại mức bồi thường.",
        identity=Identity(name="Công Dân", phone="0900000001"),
    ).case  # fmt: skip
    case = services.case_classify(
        actor=leader, case=case, case_type="complaint", instance="first", field="", complexity="normal",
        remote_area=False,
    )  # fmt: skip
    services.case_accept(actor=leader, case=case)
    _login(page, live_server, "head.a")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    _act(page, "assign")
    page.select_option("#id_assign_assignee", label="Insp A")
    page.click("#action-assign button[type=submit]")
    page.click("form[action$='logout/'] button")

    _login(page, live_server, "insp.a")
    page.select_option("#language-select", lang)
    page.click(".lang-switch button")
    home = page.inner_text("main")
    assert case.number in home
    page.click("#h-notes ~ ul button.link")  # the notification opens the case
    assert page.url.endswith(case.get_absolute_url())
    text = page.inner_text("main")
    for vietnamese in ("Bắt đầu xác minh", "Giao người xử lý", "Thụ lý giải quyết", "Phân loại"):
        assert vietnamese not in text
    for raw in ("receive", "classify", "accept →", "assign →"):
        assert f"— {raw}" not in text
    assert page.locator("#action-start_verification").count() == 1
