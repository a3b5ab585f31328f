"""Decisions and action items reach their owners, are followed up to done, and show overdue."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from civildesk.ideas import services
from civildesk.ideas.models import ActionItem, ActionStatus
from civildesk.org.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(meeting, chair):
    return services.decision_create(actor=chair, meeting=meeting, text="Áp dụng hồ sơ điện tử từ tháng sau")


def test_an_action_item_reaches_its_owner(decision, chair, staff_b, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item = services.action_item_add(
            actor=chair,
            decision=decision,
            owner=staff_b,
            deadline=timezone.localdate() + timedelta(days=7),
            expected_result="Quy trình hồ sơ điện tử",
        )
    assert Notification.objects.filter(user=staff_b, url=item.get_absolute_url()).exists()
    client.force_login(staff_b)
    home = client.get(reverse("home")).content.decode()
    assert "Quy trình hồ sơ điện tử" in home and "overdue" not in home.split("Quy trình hồ sơ điện tử")[1][:200]
    assert client.get(item.get_absolute_url()).status_code == 200  # the owner sees it, though not a participant


def test_overdue_is_flagged_and_done_clears_it(decision, chair, staff_a, client):
    item = services.action_item_add(
        actor=chair,
        decision=decision,
        owner=staff_a,
        deadline=timezone.localdate() - timedelta(days=1),
        expected_result="Báo cáo tiến độ",
    )
    assert item.is_overdue and list(ActionItem.objects.overdue()) == [item]
    client.force_login(staff_a)
    client.cookies["civildesk_language"] = "en"
    home = client.get(reverse("home")).content.decode()
    assert "Báo cáo tiến độ" in home and "overdue" in home.split("Báo cáo tiến độ")[1][:300]
    r = client.post(reverse("ideas:action_action", args=[item.pk, "complete"]), {"result_note": "Đã gửi"})
    assert r.status_code == 302
    item = ActionItem.objects.get(pk=item.pk)
    assert item.status == ActionStatus.DONE and not item.is_overdue and item.done_at
    assert "Báo cáo tiến độ" not in client.get(reverse("home")).content.decode()


def test_only_the_owner_or_the_chair_completes(decision, chair, staff_a, staff_a1):
    item = services.action_item_add(
        actor=chair, decision=decision, owner=staff_a, deadline=timezone.localdate(), expected_result="Việc"
    )
    with pytest.raises(PermissionDenied):
        services.ACTIONS.apply(item, "complete", actor=staff_a1)
    services.ACTIONS.apply(item, "complete", actor=chair)
    with pytest.raises(PermissionDenied):
        services.ACTIONS.apply(ActionItem.objects.get(pk=item.pk), "reopen", actor=staff_a)


def test_only_the_chair_decides(meeting, staff_a):
    with pytest.raises(PermissionDenied):
        services.decision_create(actor=staff_a, meeting=meeting, text="Tôi tự quyết")


def test_the_minutes_are_a_bien_ban_in_the_decree_30_layout(decision, chair, staff_a, meeting, open_round):
    import docx
    import pypdfium2

    from civildesk.ideas.services.export import minutes_file, minutes_layout

    services.action_item_add(
        actor=chair, decision=decision, owner=staff_a, deadline=timezone.localdate(), expected_result="Kết quả A"
    )
    services.idea_submit(actor=staff_a, round=open_round, text="Ý kiến được nêu")
    out = minutes_layout(meeting)
    assert out.find("type_name").text == "BIÊN BẢN"
    assert "/BB-" in out.find("number").text
    assert out.find("national_name").text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(minutes_file(meeting, "docx"))).paragraphs)
    assert "III. KẾT LUẬN" in text and "Áp dụng hồ sơ điện tử từ tháng sau" in text and "Kết quả A" in text
    pdf = pypdfium2.PdfDocument(minutes_file(meeting, "pdf"))
    first = pdf[0].get_textpage().get_text_range()
    assert "BIÊN BẢN" in first


def test_a_campaign_report_lists_results_groups_and_decisions(campaign, director, staff_a, staff_b, client):
    import docx

    idea = services.idea_submit(actor=staff_a, round=campaign, text="Bỏ phiếu hẹn giấy", anonymous=True)
    services.vote_cast(actor=staff_b, idea=idea, value=1)
    decision = services.decision_create(actor=director, idea=idea, text="Dùng tin nhắn thay phiếu hẹn")
    services.action_item_add(
        actor=director, decision=decision, owner=staff_b, deadline=timezone.localdate(), expected_result="Tin nhắn"
    )
    client.force_login(staff_b)
    r = client.get(reverse("ideas:round_report", args=[campaign.pk, "docx"]))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    assert "BÁO CÁO" in text and "Có 1 ý kiến (1 ý kiến ẩn danh), 1 lượt biểu quyết của 1 người." in text
    assert "Bỏ phiếu hẹn giấy (ẩn danh; đồng ý 1" in text and "Dùng tin nhắn thay phiếu hẹn" in text
    assert client.get(reverse("ideas:round_report", args=[campaign.pk, "pdf"])).content.startswith(b"%PDF")
