"""Pages of the inspection app: what a person sees (the newcomer's walk, issue 16)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from civildesk.inspection import services
from civildesk.inspection.models import Case
from civildesk.org.models import Notification

pytestmark = pytest.mark.django_db

PUBLIC = {
    "case_type": "complaint",
    "title": "Khiếu nại",
    "content": "Nội dung khiếu nại.",
    "name": "Công Dân",
    "address": "Lạng Sơn",
    "phone": "",
    "citizen_id": "",
    "email": "",
    "subject_name": "",
}


def _login(client, user):
    client.force_login(user)


def _to_accepted(register, reception_a):
    case = register(reception_a)
    case = services.case_classify(
        actor=reception_a, case=case, case_type=case.case_type, instance=case.instance,
        field="", complexity="normal", remote_area=False,
    )  # fmt: skip
    return services.case_accept(actor=reception_a, case=case)


@pytest.mark.parametrize("raw", ["{code}", "{lower}", "{nodash}", " {lower_nodash} "])
def test_tracking_accepts_the_code_as_people_type_it(client, units, raw):
    done = client.post(reverse("inspection:public_submit"), {**PUBLIC, "unit": units["a"].pk})
    code, secret = done.context["code"], done.context["secret"]
    typed = raw.format(
        code=code, lower=code.lower(), nodash=code.replace("-", ""), lower_nodash=code.replace("-", "").lower()
    )
    page = client.post(reverse("inspection:public_track"), {"code": typed, "secret": secret})
    assert page.context["case"] == Case.objects.get(tracking_code=code)


def test_tracking_names_the_acceptance_deadline_before_acceptance(client, units):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    done = client.post(reverse("inspection:public_submit"), {**PUBLIC, "unit": units["a"].pk})
    page = client.post(
        reverse("inspection:public_track"), {"code": done.context["code"], "secret": done.context["secret"]}
    )
    html = page.content.decode()
    assert "Decision on acceptance by" in html and "To be settled by" not in html


def test_the_anti_spam_field_is_hidden_from_people(client):
    html = client.get(reverse("inspection:public_submit")).content.decode()
    assert 'class="field hp" aria-hidden="true"' in html


def test_intake_form_warns_not_to_type_the_identity_in_the_content(client, reception_a):
    _login(client, reception_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(reverse("inspection:case_new")).content.decode()
    assert "Do not type the filer&#x27;s name" in html or "Do not type the filer's name" in html


def test_assigned_handler_is_notified_and_sees_the_case_at_home(
    client, register, reception_a, leader_a, handler_a, django_capture_on_commit_callbacks
):
    case = _to_accepted(register, reception_a)
    _login(client, leader_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("inspection:case_action", args=[case.pk, "assign"]), {"assignee": handler_a.pk, "note": ""}
        )
    assert response.status_code == 302
    assert Notification.objects.filter(user=handler_a).count() == 1
    _login(client, handler_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    home = client.get("/").content.decode()
    assert case.number in home and "Cases assigned to me" in home and "No case is assigned to you" not in home
    assert f"Case {case.number} was assigned to you" in home


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_case_page_has_no_vietnamese_action_label_or_raw_code(client, register, reception_a, leader_a, lang):
    case = _to_accepted(register, reception_a)
    _login(client, leader_a)
    client.post("/i18n/setlang/", {"language": lang, "next": "/"})
    html = client.get(case.get_absolute_url()).content.decode()
    for vietnamese in ["Phân loại", "Thụ lý", "Giao người xử lý", "Gia hạn"]:
        assert vietnamese not in html
    for raw in ["— receive", "— classify", "— accept"]:
        assert raw not in html


def _inspection_in_progress(units, leader_a, handler_a):
    from datetime import date

    from civildesk.inspection.models import TeamRole

    insp = services.inspection_create(
        actor=leader_a, unit=units["a"], subject_name="Phòng BCVT", topic="Tài chính",
        period_start=date(2026, 1, 2), period_end=date(2026, 2, 1),
    )  # fmt: skip
    return services.inspection_issue_decision(
        actor=leader_a, inspection=insp, decision_number="5/QĐ", decision_date=date(2026, 1, 2),
        team=[(handler_a, TeamRole.HEAD)],
    )  # fmt: skip


def test_inspection_page_offers_the_teams_steps_and_posts_them(client, units, leader_a, handler_a):
    insp = _inspection_in_progress(units, leader_a, handler_a)
    client.force_login(handler_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(insp.get_absolute_url()).content.decode()
    for name in ("diary", "finding", "document", "recommendation"):
        assert f'id="action-{name}"' in html
    assert 'id="action-conclude"' not in html  # the leader's step
    bad = client.post(reverse("inspection:inspection_action", args=[insp.pk, "diary"]), {"day": "", "text": ""})
    assert bad.status_code == 400 and "please correct the errors" in bad.content.decode()
    ok = client.post(
        reverse("inspection:inspection_action", args=[insp.pk, "diary"]), {"day": "2026-01-05", "text": "Làm việc"}
    )
    assert ok.status_code == 302 and insp.diary.get().text == "Làm việc"


def test_recommendation_page_report_then_review(client, units, leader_a, handler_a, make_persona):
    from datetime import date

    from civildesk.org.models import Role

    insp = _inspection_in_progress(units, leader_a, handler_a)
    rec = services.recommendation_add(
        actor=handler_a, inspection=insp, text="Thu hồi", responsible_unit=units["a1"],
        deadline=date(2026, 6, 1), measure="Nộp đủ",
    )  # fmt: skip
    staff = make_persona("ketoan.a1", units["a1"], Role.STAFF)
    client.force_login(staff)
    page = client.get(rec.get_absolute_url()).content.decode()
    assert 'id="action-report"' in page and 'id="action-accept_report"' not in page
    client.post(reverse("inspection:recommendation_report", args=[rec.pk]), {"text": "Đã nộp", "result": "Đủ"})
    client.force_login(handler_a)
    page = client.get(rec.get_absolute_url()).content.decode()
    assert 'id="action-accept_report"' in page and 'id="action-return_report"' in page
    refused = client.post(reverse("inspection:recommendation_action", args=[rec.pk, "return_report"]), {"note": ""})
    assert refused.status_code == 400
    report = rec.reports.get()
    client.post(reverse("inspection:report_review", args=[report.pk]), {"decision": "accept", "note": ""})
    rec.refresh_from_db()
    assert rec.status == "closed"


@pytest.mark.parametrize("day", ["0001-01-01", "2025-12-31", "2999-01-01"])
def test_a_diary_date_outside_the_inspection_is_refused(client, units, leader_a, handler_a, day):
    insp = _inspection_in_progress(units, leader_a, handler_a)  # decided on 2 January 2026
    client.force_login(handler_a)
    response = client.post(reverse("inspection:inspection_action", args=[insp.pk, "diary"]), {"day": day, "text": "x"})
    assert response.status_code == 400 and not insp.diary.exists()


def test_opening_a_case_page_is_audited(client, register, reception_a):
    from civildesk.org.models import AuditEntry

    case = register(reception_a)
    client.force_login(reception_a)
    assert client.get(case.get_absolute_url()).status_code == 200
    entry = AuditEntry.objects.filter(action="inspection.case_view", object_id=str(case.pk)).get()
    assert entry.actor == reception_a


def test_a_document_attached_to_an_inspection_by_code_takes_the_same_step(units, leader_a, handler_a, make_persona):
    from django.core.exceptions import PermissionDenied

    from civildesk.org.models import AuditEntry, Role

    insp = _inspection_in_progress(units, leader_a, handler_a)
    att = services.attachment_add(actor=handler_a, owner=insp, data=b"Bien ban", filename="bien-ban.txt")
    assert att.inspection_id == insp.pk
    assert AuditEntry.objects.filter(action="inspection.attachment_add", object_id=str(insp.pk)).count() == 1
    outsider = make_persona("outsider.b", units["b"], Role.INSPECTOR)
    with pytest.raises(PermissionDenied):
        services.attachment_add(actor=outsider, owner=insp, data=b"x", filename="x.txt")
