"""Duplicates, plans and overlaps, recommendation follow-up, the public portal, other units refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from civildesk.inspection import services
from civildesk.inspection.models import (
    Case,
    CaseStatus,
    InspectionPlan,
    PlanItem,
    Recommendation,
    RecommendationStatus,
    TeamRole,
)
from civildesk.inspection.protect import Identity

pytestmark = pytest.mark.django_db

ORIGINAL = (
    "Khiếu nại quyết định thu hồi đất",
    "Tôi khiếu nại quyết định thu hồi đất số 123/QĐ-UBND của UBND huyện Cao Lộc vì bồi thường thấp hơn giá thị trường, đề nghị xem xét lại mức bồi thường cho gia đình tôi tại thôn Nà Tăng.",
)
REWORDED = (
    "Đề nghị xem xét lại việc thu hồi đất",
    "Đề nghị xem xét lại quyết định 123/QĐ-UBND của Ủy ban huyện Cao Lộc về thu hồi đất, mức đền bù cho hộ gia đình tôi ở thôn Nà Tăng quá thấp so với thị trường.",
)
OTHERS = [
    (
        "Phản ánh xe quá tải",
        "Phản ánh tình trạng xe tải chở quá tải làm hỏng đường liên xã Gia Cát, gây bụi và mất an toàn giao thông.",
    ),
    (
        "Tố cáo cán bộ nhận tiền",
        "Tố cáo cán bộ địa chính xã nhận tiền của người dân để làm nhanh giấy chứng nhận quyền sử dụng đất.",
    ),
    (
        "Kiến nghị đèn chiếu sáng",
        "Kiến nghị lắp đèn chiếu sáng tại ngõ 5 đường Lê Lợi vì buổi tối rất tối, không an toàn.",
    ),
]


def _reg(register, actor, title, content, name):
    return register(actor, title=title, content=content, identity=Identity(name=name, phone="", address="Lạng Sơn"))


@pytest.mark.parametrize("dense", [False, True])
def test_duplicate_detection_finds_a_reworded_resubmission(register, reception_a, settings, dense):
    settings.CIVILDESK_INDEX_DENSE = dense
    first = _reg(register, reception_a, *ORIGINAL, "A")
    others = [_reg(register, reception_a, t, c, f"P{i}") for i, (t, c) in enumerate(OTHERS)]
    new = _reg(register, reception_a, *REWORDED, "B")
    found = [m.case for m in services.case_duplicates(user=reception_a, case=new)]
    assert found and found[0] == first
    assert not set(found) & set(others)
    unrelated = _reg(
        register, reception_a, "Phản ánh rác thải", "Rác thải tồn đọng nhiều ngày sau chợ Đông Kinh gây mùi hôi.", "C"
    )
    assert services.case_duplicates(user=reception_a, case=unrelated) == []


def test_same_person_is_found_by_keyed_hash_and_merge_keeps_both(register, reception_a, leader_a):
    a = register(reception_a, identity=Identity(name="X", phone="0912 345 678", address="Y"))
    b = register(
        reception_a,
        title="Đơn khác hẳn",
        content="Nội dung hoàn toàn khác về chợ.",
        identity=Identity(name="X", phone="+84912345678", address="Y"),
    )
    matches = services.case_duplicates(user=reception_a, case=b)
    assert matches[0].case == a and "person" in matches[0].reasons
    services.case_link(actor=reception_a, case=b, other=a, kind="duplicate")
    b.refresh_from_db()
    assert b.merged_into == a and Case.objects.filter(pk=b.pk).exists()
    assert b not in Case.objects.open()
    assert list(b.events.values_list("action", flat=True)) == ["receive", "merge"]
    assert a.events.filter(action="linked").exists()


def _plan(leader, unit, year):
    return services.plan_create(actor=leader, unit=unit, year=year, title=f"Kế hoạch {year}")


def test_overlap_warning_across_units(units, leader_a, make_persona):
    leader_b = make_persona("leader.b", units["b"], "leader")
    year = timezone.localdate().year
    plan_a, plan_b = _plan(leader_a, units["a"], year), _plan(leader_b, units["b"], year)
    args = {
        "subject_name": "Công ty Cổ phần Xây dựng Lạng Sơn",
        "topic": "Đấu thầu",
        "period_start": date(year, 3, 1),
        "period_end": date(year, 4, 1),
    }
    services.plan_item_add(actor=leader_a, plan=plan_a, inspecting_unit=units["a"], **args)
    with pytest.raises(services.OverlapError) as exc:
        services.plan_item_add(
            actor=leader_b,
            plan=plan_b,
            inspecting_unit=units["b"],
            **{**args, "subject_name": "Cong ty Co phan Xay dung Lang Son"},
        )
    assert exc.value.overlaps[0].inspecting_unit == units["a"]
    assert PlanItem.objects.filter(plan=plan_b).count() == 0
    _item, found = services.plan_item_add(
        actor=leader_b, plan=plan_b, inspecting_unit=units["b"], accept_overlap=True, **args
    )
    assert len(found) == 1
    # another year: no warning
    plan_next = _plan(leader_a, units["a"], year + 1)
    services.plan_item_add(
        actor=leader_a,
        plan=plan_next,
        inspecting_unit=units["a"],
        **{**args, "period_start": date(year + 1, 3, 1), "period_end": date(year + 1, 4, 1)},
    )


def test_overlap_warning_shows_on_the_plan_page(client, units, leader_a, make_persona):
    leader_b = make_persona("leader.b", units["b"], "leader")
    year = timezone.localdate().year
    plan_a, plan_b = _plan(leader_a, units["a"], year), _plan(leader_b, units["b"], year)
    services.plan_item_add(
        actor=leader_a,
        plan=plan_a,
        inspecting_unit=units["a"],
        subject_unit=units["a1"],
        subject_name="Phòng Bưu chính",
        topic="X",
        period_start=date(year, 3, 1),
        period_end=date(year, 4, 1),
    )
    client.force_login(leader_b)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    data = {
        "subject_unit": units["a1"].pk,
        "subject_name": "Phòng Bưu chính",
        "topic": "Y",
        "inspecting_unit": units["b"].pk,
        "period_start": f"{year}-05-01",
        "period_end": f"{year}-05-20",
    }
    page = client.post(reverse("inspection:plan", args=[plan_b.pk]), data)
    assert page.status_code == 400 and "already inspected this year" in page.content.decode()
    assert not plan_b.items.exists()
    assert (
        client.post(reverse("inspection:plan", args=[plan_b.pk]), {**data, "accept_overlap": "on"}).status_code == 302
    )
    assert "Also inspected this year by" in client.get(reverse("inspection:plan", args=[plan_b.pk])).content.decode()


def test_recommendation_follow_up_to_closure(client, units, leader_a, handler_a, make_persona):
    staff_a1 = make_persona("staff.sub", units["a1"], "staff")
    year = timezone.localdate().year
    plan = _plan(leader_a, units["a"], year)
    item, _ = services.plan_item_add(
        actor=leader_a,
        plan=plan,
        subject_unit=units["a1"],
        subject_name="Phòng BCVT",
        topic="Tài chính",
        inspecting_unit=units["a"],
        period_start=date(year, 1, 2),
        period_end=date(year, 2, 1),
    )
    services.plan_approve(actor=leader_a, plan=plan)
    insp = services.inspection_create(
        actor=leader_a,
        unit=units["a"],
        subject_name="Phòng BCVT",
        topic="Tài chính",
        subject_unit=units["a1"],
        period_start=date(year, 1, 2),
        period_end=date(year, 2, 1),
        plan_item=item,
    )
    services.inspection_issue_decision(
        actor=leader_a,
        inspection=insp,
        decision_number="5/QĐ",
        decision_date=date(year, 1, 2),
        team=[(handler_a, TeamRole.HEAD)],
    )
    services.diary_add(actor=handler_a, inspection=insp, day=date(year, 1, 3), text="Công bố quyết định.")
    finding = services.finding_add(actor=handler_a, inspection=insp, title="Chi sai", amount=1000000)
    rec = services.recommendation_add(
        actor=handler_a,
        inspection=insp,
        text="Thu hồi",
        responsible_unit=units["a1"],
        deadline=timezone.localdate() - timedelta(days=1),
        measure="1.000.000 đồng",
        finding=finding,
    )
    services.inspection_conclude(
        actor=leader_a,
        inspection=insp,
        conclusion_number="1/KL",
        conclusion="Có sai phạm",
        conclusion_date=date(year, 2, 1),
    )
    assert rec in Recommendation.objects.overdue() and rec.is_overdue
    # the inspected unit reports, with evidence
    client.force_login(staff_a1)
    response = client.post(
        reverse("inspection:recommendation_report", args=[rec.pk]),
        {"text": "Đã nộp", "result": "1.000.000 đồng", "file": SimpleUploadedFile("uy-nhiem-chi.txt", b"UNC so 1")},
    )
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.REPORTED
    report = rec.reports.get()
    assert report.attachments.count() == 1
    # returned, then reported again and accepted
    services.recommendation_review(actor=handler_a, report=report, accept=False, note="Thiếu chứng từ")
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.RETURNED and rec.is_overdue
    report2 = services.recommendation_report(actor=staff_a1, recommendation=rec, text="Bổ sung", result="Đủ")
    services.recommendation_review(actor=handler_a, report=report2, accept=True)
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.CLOSED and not rec.is_overdue
    assert rec not in Recommendation.objects.overdue()
    services.inspection_close(actor=leader_a, inspection=insp)


def test_public_submission_and_tracking(client, units, leader_a, handler_a):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    data = {
        "unit": units["a"].pk,
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
    done = client.post(reverse("inspection:public_submit"), data)
    assert (
        done.status_code == 200 and done["Cache-Control"].startswith("no-store") or "no-store" in done["Cache-Control"]
    )
    code, secret = done.context["code"], done.context["secret"]
    case = Case.objects.get(tracking_code=code)
    assert case.channel == "online" and secret not in case.secret_hash
    page = client.post(reverse("inspection:public_track"), {"code": code, "secret": secret})
    assert page.context["case"] == case
    wrong = client.post(reverse("inspection:public_track"), {"code": code, "secret": "guess"})
    assert wrong.context["case"] is None and "No case matches" in wrong.content.decode()
    # a second citizen cannot see the first one's case with their own secret
    other = client.post(reverse("inspection:public_submit"), {**data, "title": "Khác"})
    mixed = client.post(reverse("inspection:public_track"), {"code": code, "secret": other.context["secret"]})
    assert mixed.context["case"] is None


def test_public_form_errors_save_nothing_and_rate_limit(client, units, settings):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    bad = client.post(
        reverse("inspection:public_submit"), {"unit": units["a"].pk, "case_type": "denunciation", "title": ""}
    )
    assert bad.status_code == 400 and "This field is required" in bad.content.decode()
    honeypot = client.post(
        reverse("inspection:public_submit"),
        {
            "unit": units["a"].pk,
            "case_type": "complaint",
            "title": "t",
            "content": "c",
            "name": "n",
            "address": "a",
            "website": "http://spam",
        },
    )
    assert honeypot.status_code == 400
    assert not Case.objects.exists()
    settings.CIVILDESK_PUBLIC_SUBMISSIONS_PER_HOUR = 2
    for _ in range(2):
        client.post(reverse("inspection:public_submit"), {})
    assert client.post(reverse("inspection:public_submit"), {}).status_code == 429


def test_public_submit_requires_csrf(units):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    assert c.post(reverse("inspection:public_submit"), {"unit": units["a"].pk}).status_code == 403


def test_other_unit_is_refused_everywhere(client, register, reception_a, leader_a, handler_a, staff_b, units):
    case = register(reception_a)
    case = services.case_classify(
        actor=reception_a,
        case=case,
        case_type="complaint",
        instance="first",
        field="",
        complexity="normal",
        remote_area=False,
    )
    att = services.attachment_add(actor=reception_a, owner=case, data=b"hello", filename="a.txt")
    plan = _plan(leader_a, units["a"], timezone.localdate().year)
    client.force_login(staff_b)
    for url in [
        reverse("inspection:case", args=[case.pk]),
        reverse("inspection:attachment", args=[att.pk]),
        reverse("inspection:plan", args=[plan.pk]),
        f"/api/v1/inspection/cases/{case.pk}",
    ]:
        assert client.get(url).status_code == 404, url
    for url in [
        reverse("inspection:case_action", args=[case.pk, "accept"]),
        reverse("inspection:case_identity", args=[case.pk]),
        reverse("inspection:case_link", args=[case.pk]),
        reverse("inspection:case_attach", args=[case.pk]),
        reverse("inspection:plan_approve", args=[plan.pk]),
    ]:
        assert client.post(url, {}).status_code == 404, url
    assert client.get("/api/v1/inspection/cases").json()["count"] == 0
    assert client.get(reverse("inspection:dashboard")).status_code == 403
    assert client.get(reverse("inspection:report_xlsx")).status_code == 403
    assert client.get(reverse("inspection:plans")).status_code == 403
    assert case.number not in client.get(reverse("inspection:cases")).content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLASSIFIED


def test_bad_input_on_case_forms_is_explained_and_saves_nothing(client, register, reception_a, units):
    client.force_login(reception_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    new = client.post(
        reverse("inspection:case_new"),
        {
            "unit": units["a"].pk,
            "case_type": "denunciation",
            "instance": "none",
            "channel": "post",
            "received_on": "2025-02-30",
            "title": "",
            "content": "",
        },
    )
    assert new.status_code == 200 and "Enter a valid date" in new.content.decode()
    new = client.post(
        reverse("inspection:case_new"),
        {
            "unit": units["a"].pk,
            "case_type": "denunciation",
            "instance": "none",
            "channel": "post",
            "received_on": "2025-02-03",
            "title": "T",
            "content": "C",
        },
    )
    assert "denouncer" in new.content.decode()
    assert not Case.objects.exists()
    case = register(reception_a)
    r = client.post(reverse("inspection:case_action", args=[case.pk, "accept"]), {})
    assert r.status_code == 400 and "cannot be done while" in r.content.decode()
    client.post(
        reverse("inspection:case_action", args=[case.pk, "classify"]),
        {"case_type": "complaint", "instance": "first", "complexity": "normal"},
    )
    r = client.post(reverse("inspection:case_action", args=[case.pk, "transfer"]), {"reason": "not_competent"})
    assert r.status_code == 400 and "This field is required" in r.content.decode()
    bad_file = client.post(
        reverse("inspection:case_attach", args=[case.pk]),
        {"file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00" + b"\x00" * 64)},
    )
    assert bad_file.status_code == 400 and not case.attachments.exists()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLASSIFIED


def test_dashboard_and_report(client, register, leader_a, reception_a):
    register(
        reception_a,
        received_on=date(timezone.localdate().year, 1, 2) if timezone.localdate().month > 1 else timezone.localdate(),
    )
    client.force_login(leader_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    dash = client.get(reverse("inspection:dashboard")).content.decode()
    assert "Overdue cases" in dash
    report = client.get(reverse("inspection:report"))
    assert report.context["report"].total == 1
    assert InspectionPlan.objects.count() == 0
