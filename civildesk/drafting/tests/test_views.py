from __future__ import annotations

import io

import pytest
from django.urls import reverse

from civildesk.drafting import services
from civildesk.drafting.models import Draft, DraftStatus, RegisterEntry
from civildesk.library import services as library_services
from civildesk.library.models import Scope
from civildesk.org.models import AuditEntry, Role

from .conftest import content

DECREE = """CHÍNH PHỦ
Số: 88/2025/NĐ-CP
Hà Nội, ngày 05 tháng 3 năm 2025

NGHỊ ĐỊNH
Quy định về hội nghị trực tuyến của cơ quan hành chính nhà nước

Điều 1. Phạm vi điều chỉnh
Nghị định này quy định việc tổ chức hội nghị trực tuyến, mời đại biểu và chuẩn bị tài liệu hội nghị của cơ quan hành chính nhà nước.

Điều 2. Giấy mời hội nghị
Giấy mời hội nghị được gửi trước ít nhất 03 ngày làm việc, ghi rõ thời gian, địa điểm và thành phần mời.
"""


def english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def form_data(doc_type="GM", unit=None, **overrides):
    data = {**content(doc_type), "doc_type": doc_type, "save": "1", **overrides}
    if unit is not None:
        data["unit"] = unit.pk
    return data


@pytest.fixture
def draft(staff_a, units):
    return services.draft_create(actor=staff_a, unit=units["a"], doc_type="GM", **content("GM"))


def test_empty_list(client, staff_a):
    client.force_login(staff_a)
    english(client)
    page = client.get(reverse("drafting:index")).content.decode()
    assert "No documents here yet" in page


def test_list_shows_my_units_drafts_paginated(client, staff_a, staff_b, units):
    for i in range(23):
        services.draft_create(actor=staff_a, unit=units["a"], doc_type="GM", **content("GM", subject=f"Họp số {i}"))
    services.draft_create(actor=staff_b, unit=units["b"], doc_type="GM", **content("GM", subject="Của sở B"))
    client.force_login(staff_a)
    first = client.get(reverse("drafting:index")).content.decode()
    assert first.count('href="/drafting/') >= 20 and "Của sở B" not in first
    second = client.get(reverse("drafting:index"), {"page": 2}).content.decode()
    assert "Họp số 0" in second and "Họp số 22" not in second


def test_choose_type_then_create(client, staff_a, units):
    client.force_login(staff_a)
    english(client)
    page = client.get(reverse("drafting:new")).content.decode()
    for label in ("Quyết định", "Công văn", "Tờ trình", "Báo cáo", "Giấy mời", "Kế hoạch", "Thông báo"):
        assert label in page
    form = client.get(reverse("drafting:new"), {"type": "GM"}).content.decode()
    assert 'name="subject"' in form and "Dự ..." in form  # the template's starting text
    response = client.post(reverse("drafting:new") + "?type=GM", form_data("GM", units["a"]))
    draft = Draft.objects.get()
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    assert draft.unit == units["a"] and draft.created_by == staff_a


def test_bad_form_shows_errors_and_saves_nothing(client, staff_a, units):
    client.force_login(staff_a)
    english(client)
    response = client.post(
        reverse("drafting:new") + "?type=CV",
        form_data("CV", units["a"], subject="", unit_code="", authority="KT", on_behalf_of="", agency_code="A B"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in page
    assert "needs the drafting unit" in page
    assert "Say whom the signer signs for" in page
    assert "may not contain spaces" in page
    assert not Draft.objects.exists() and not AuditEntry.objects.filter(action__startswith="drafting").exists()


def test_cannot_create_in_another_unit(client, staff_a, units):
    client.force_login(staff_a)
    response = client.post(reverse("drafting:new") + "?type=GM", form_data("GM", units["b"]))
    assert response.status_code == 200  # the unit is not among the choices
    assert not Draft.objects.exists()


def test_edit_makes_a_new_version(client, staff_a, draft):
    client.force_login(staff_a)
    response = client.post(reverse("drafting:edit", args=[draft.pk]), form_data("GM", subject="Dự họp sơ kết"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.subject == "Dự họp sơ kết" and draft.version == 2
    page = client.get(draft.get_absolute_url()).content.decode()
    assert reverse("drafting:version", args=[draft.pk, 1]) in page
    old = client.get(reverse("drafting:version", args=[draft.pk, 1])).content.decode()
    assert content("GM")["subject"] in old


def test_preview_is_the_laid_out_document(client, staff_a, draft):
    client.force_login(staff_a)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page
    assert "GIẤY MỜI" in page and "/GM-VP" in page


@pytest.mark.parametrize(("fmt", "magic"), [("pdf", b"%PDF"), ("docx", b"PK")])
def test_download(client, staff_a, draft, fmt, magic):
    client.force_login(staff_a)
    response = client.get(reverse("drafting:download", args=[draft.pk, fmt]))
    assert response.status_code == 200 and response.content.startswith(magic)
    assert f'filename="GM-draft-{draft.pk}-v1.{fmt}"' in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "method", "args"),
    [
        ("drafting:detail", "get", []),
        ("drafting:edit", "get", []),
        ("drafting:download", "get", ["pdf"]),
        ("drafting:version", "get", [1]),
        ("drafting:review", "post", []),
        ("drafting:issue", "post", []),
        ("drafting:cancel", "post", []),
        ("drafting:withdraw", "post", []),
    ],
)
def test_another_unit_gets_404(client, staff_b, draft, name, method, args):
    client.force_login(staff_b)
    response = getattr(client, method)(reverse(name, args=[draft.pk, *args]))
    assert response.status_code == 404


def test_send_for_review(client, staff_a, leader_a, draft):
    client.force_login(staff_a)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert f'value="{leader_a.pk}"' in page
    client.post(reverse("drafting:review", args=[draft.pk]), {"reviewer": leader_a.pk})
    draft.refresh_from_db()
    assert draft.status == DraftStatus.IN_REVIEW and draft.reviewer == leader_a


def test_staff_cannot_issue_but_the_clerk_can(client, staff_a, draft, make_persona, units):
    client.force_login(staff_a)
    assert client.post(reverse("drafting:issue", args=[draft.pk])).status_code == 403
    clerk_a = make_persona("clerk.a", units["a"], Role.CLERK)
    client.force_login(clerk_a)
    english(client)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Issue number" in page
    client.post(reverse("drafting:issue", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.number == 1 and draft.status == DraftStatus.ISSUED
    response = client.post(reverse("drafting:cancel", args=[draft.pk]), {"reason": ""})
    assert RegisterEntry.objects.get().status == "issued"
    response = client.post(reverse("drafting:cancel", args=[draft.pk]), {"reason": "Ghi sai ngày họp"}, follow=True)
    assert RegisterEntry.objects.get().status == "cancelled"
    assert "will not be used again" in response.content.decode()


@pytest.fixture
def indexed_decree(staff_a, units, settings, django_capture_on_commit_callbacks):
    settings.CIVILDESK_INDEX_DENSE = False
    with django_capture_on_commit_callbacks(execute=True):
        result = library_services.document_upload(
            actor=staff_a, data=DECREE.encode(), filename="nd-88.txt", unit=units["a"], scope=Scope.UNIT
        )
    result.document.refresh_from_db()
    return result.document


def test_suggested_legal_bases_with_htmx(client, staff_a, draft, indexed_decree):
    client.force_login(staff_a)
    data = form_data("GM", subject="Dự hội nghị trực tuyến", body="Giấy mời hội nghị trực tuyến", suggest="1")
    response = client.post(reverse("drafting:edit", args=[draft.pk]), data, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="legal-bases">')
    assert indexed_decree.get_absolute_url() in page
    assert "Căn cứ Nghị định số 88/2025/NĐ-CP ngày 05 tháng 3 năm 2025" in page
    # Choosing one adds it to the field, nothing is saved yet.
    line = next(s for s in page.split('value="')[1:] if s.startswith("Căn cứ Nghị định")).split('"')[0]
    data = {**data, "add_basis": line}
    del data["suggest"]
    response = client.post(reverse("drafting:edit", args=[draft.pk]), data, HTTP_HX_REQUEST="true")
    textarea = response.content.decode().split('name="legal_bases"')[1].split("</textarea>")[0]
    assert "Căn cứ Nghị định số 88/2025/NĐ-CP" in textarea
    draft.refresh_from_db()
    assert draft.legal_bases == "" and draft.version == 1


def test_suggestions_only_from_documents_the_user_may_read(client, staff_b, units, indexed_decree):
    draft_b = services.draft_create(actor=staff_b, unit=units["b"], doc_type="GM", **content("GM"))
    client.force_login(staff_b)
    data = form_data("GM", subject="Dự hội nghị trực tuyến", body="Giấy mời hội nghị trực tuyến", suggest="1")
    page = client.post(reverse("drafting:edit", args=[draft_b.pk]), data, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="suggestions"' in page
    assert "88/2025" not in page


def test_suggest_without_javascript_rerenders_the_form(client, staff_a, draft, indexed_decree):
    client.force_login(staff_a)
    data = form_data("GM", subject="Dự hội nghị trực tuyến", body="Giấy mời hội nghị trực tuyến", suggest="1")
    page = client.post(reverse("drafting:edit", args=[draft.pk]), data).content.decode()
    assert "<html" in page and "88/2025/NĐ-CP" in page


def test_docx_download_opens_in_python_docx(client, staff_a, draft):
    from docx import Document as open_docx

    client.force_login(staff_a)
    data = client.get(reverse("drafting:download", args=[draft.pk, "docx"])).content
    text = "\n".join(p.text for p in open_docx(io.BytesIO(data)).paragraphs)
    assert "GIẤY MỜI" in text
