"""Pages: the citizen portal (no account) and the staff pages, with who may see what."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from civildesk.procedures.models import Attachment, Dossier, Status
from civildesk.procedures.services import DOSSIERS

from .conftest import PDF

pytestmark = pytest.mark.django_db


def _login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _submit(client, procedure, **extra):
    data = {"applicant_name": "Lê Thị Bình", "applicant_phone": "0987 654 321", **extra}
    data.setdefault("files", [SimpleUploadedFile("to-khai.pdf", PDF, "application/pdf")])
    return client.post(reverse("procedures:submit", args=[procedure.code]), data)


def test_catalogue_search_with_and_without_diacritics(procedure):
    c = Client()
    for q in ("giấy phép xây dựng", "giay phep xay dung", "GIAY PHEP", "1.001234"):
        assert procedure.name in c.get(reverse("procedures:catalogue"), {"q": q}).content.decode(), q
    assert procedure.name not in c.get(reverse("procedures:catalogue"), {"q": "khai sinh"}).content.decode()


def test_the_procedure_page_shows_what_is_needed(procedure):
    html = Client().get(procedure.get_absolute_url()).content.decode()
    assert "Tờ khai theo mẫu" in html and "75.000 đồng" in html and "Giấy phép xây dựng" in html


def test_a_citizen_submits_gets_a_code_a_pin_and_form_01(procedure):
    c = Client()
    r = _submit(c, procedure)
    assert r.status_code == 200
    html = r.content.decode()
    d = Dossier.objects.get()
    pin = re.search(r'id="dossier-pin"><strong>(\d{6})<', html).group(1)
    assert d.code in html and "<svg" in html and d.channel == "online" and d.status == Status.NEW
    form01 = c.get(reverse("procedures:tracked_form", args=[d.pk, "01", "pdf"]))
    assert form01.status_code == 200 and form01.content.startswith(b"%PDF")
    # Another browser (another citizen) sees nothing of it without the secret…
    other = Client()
    assert other.get(reverse("procedures:tracked", args=[d.pk])).status_code == 404
    assert other.get(reverse("procedures:tracked_form", args=[d.pk, "01", "pdf"])).status_code == 404
    # …and with it, sees it.
    r = other.post(reverse("procedures:track"), {"code": d.code, "secret": pin})
    assert r.status_code == 302 and other.get(r["Location"]).status_code == 200


def test_a_wrong_type_file_is_refused_on_the_portal_and_leaves_nothing(procedure):
    r = _submit(Client(), procedure, files=[SimpleUploadedFile("to-khai.pdf", b"GIF89a not a pdf", "application/pdf")])
    assert r.status_code == 400 and not Dossier.objects.exists() and not Attachment.objects.exists()


def test_a_wrong_secret_reveals_nothing_and_guessing_is_rate_limited(register):
    r = register(public=True)
    d = r.dossier
    c = Client()
    wrong = c.post(reverse("procedures:track"), {"code": d.code, "secret": "999999" if r.pin != "999999" else "111111"})
    unknown = c.post(reverse("procedures:track"), {"code": "A-000000-0000", "secret": "123456"})
    assert wrong.status_code == unknown.status_code == 400
    strip = lambda h: re.sub(r'value="[^"]*"|"X-CSRFToken": "[^"]*"', "", h.content.decode())  # noqa: E731
    assert strip(wrong) == strip(unknown) and d.applicant_name not in wrong.content.decode()
    statuses = [
        Client(REMOTE_ADDR=f"10.0.0.{i}")
        .post(reverse("procedures:track"), {"code": d.code, "secret": "000001"})
        .status_code
        for i in range(12)
    ]
    assert 429 in statuses  # guesses on one code are limited whoever sends them
    assert (
        Client(REMOTE_ADDR="10.0.1.1").post(reverse("procedures:track"), {"code": d.code, "secret": r.pin}).status_code
        == 429
    )


def test_the_citizen_sends_a_supplement_rates_and_withdraws(register, clerk_a):
    r = register(public=True)
    d = DOSSIERS.apply(r.dossier, "request_supplement", actor=clerk_a, missing="Bản sao sổ đỏ")
    c = Client()
    c.post(reverse("procedures:track"), {"code": d.code, "secret": r.pin})
    page = c.get(reverse("procedures:tracked", args=[d.pk])).content.decode()
    assert "Bản sao sổ đỏ" in page
    bad = c.post(
        reverse("procedures:tracked_supplement", args=[d.pk]),
        {"files": [SimpleUploadedFile("a.pdf", b"MZ", "application/pdf")]},
    )
    assert bad.status_code == 400 and Dossier.objects.get(pk=d.pk).status == Status.SUPPLEMENT
    ok = c.post(
        reverse("procedures:tracked_supplement", args=[d.pk]),
        {"files": [SimpleUploadedFile("so-do.pdf", PDF, "application/pdf")]},
    )
    assert ok.status_code == 302
    d.refresh_from_db()
    assert d.status == Status.NEW and d.attachments.filter(kind="supplement").count() == 1
    c.post(reverse("procedures:tracked_withdraw", args=[d.pk]), {"reason": "Không cần nữa"})
    d.refresh_from_db()
    assert d.status == Status.WITHDRAWAL
    c.post(reverse("procedures:tracked_rate", args=[d.pk]), {"rating": "4", "comment": "Nhanh", "complaint": ""})
    d.refresh_from_db()
    assert d.rating == 4 and not d.complaint


def test_staff_pages_are_per_unit(register, clerk_a, clerk_b, boss_a):
    d = register().dossier
    att = d.attachments.get()
    a, b = _login(clerk_a), _login(clerk_b)
    assert d.code in a.get(reverse("procedures:index")).content.decode()
    assert d.code not in b.get(reverse("procedures:index")).content.decode()
    assert a.get(d.get_absolute_url()).status_code == 200
    for url in (
        d.get_absolute_url(),
        reverse("procedures:attachment", args=[att.pk]),
        reverse("procedures:dossier_form", args=[d.pk, "01", "pdf"]),
    ):
        assert b.get(url).status_code == 404, url
    assert b.post(reverse("procedures:dossier_action", args=[d.pk, "accept"])).status_code == 404
    assert Dossier.objects.get(pk=d.pk).status == Status.NEW
    assert Client().get(d.get_absolute_url()).status_code == 302  # to the login page


def test_the_clerk_accepts_on_the_page_and_a_stale_second_click_is_told(register, clerk_a):
    d = register().dossier
    c = _login(clerk_a)
    assert c.post(reverse("procedures:dossier_action", args=[d.pk, "accept"])).status_code == 302
    r = c.post(reverse("procedures:dossier_action", args=[d.pk, "accept"]), follow=True)
    assert Dossier.objects.get(pk=d.pk).status == Status.ACCEPTED
    assert "Được tiếp nhận" in r.content.decode() or "Accepted" in r.content.decode()


def test_the_counter_registers_and_shows_the_pin(procedure, clerk_a):
    c = _login(clerk_a)
    r = c.post(
        reverse("procedures:dossier_new"),
        {"procedure": procedure.pk, "channel": "in_person", "applicant_name": "Hà Văn Cường"},
    )
    assert r.status_code == 200 and 'id="counter-pin"' in r.content.decode()
    assert Dossier.objects.get().created_by == clerk_a


def test_statistics_and_excel_for_the_leader_only(register, boss_a, clerk_a):
    register()
    assert _login(clerk_a).get(reverse("procedures:statistics")).status_code == 403
    c = _login(boss_a)
    html = c.get(reverse("procedures:statistics")).content.decode()
    assert "<svg" in html and "<table" in html
    x = c.get(reverse("procedures:statistics_xlsx"))
    assert x.status_code == 200 and x.content[:2] == b"PK"


def test_the_leaders_home_shows_due_soon_and_overdue(register, clerk_a, boss_a):
    from datetime import date

    d = DOSSIERS.apply(register().dossier, "accept", actor=clerk_a)
    Dossier.objects.filter(pk=d.pk).update(due_date=date(2020, 1, 1))
    html = _login(boss_a).get(reverse("home")).content.decode()
    assert 'id="procedures-due"' in html


def test_catalogue_export_and_import_round_trip(procedure, boss_a, units):
    c = Client()
    exported = c.get(reverse("procedures:catalogue_export", args=["json"])).content
    xlsx = c.get(reverse("procedures:catalogue_export", args=["xlsx"])).content
    assert b"1.001234" in exported and xlsx[:2] == b"PK"
    from civildesk.procedures.services import catalogue

    changed = exported.replace(b'"processing_days": 5', b'"processing_days": 7')
    assert catalogue.catalogue_import(actor=boss_a, data=changed, filename="c.json") == 1
    assert catalogue.catalogue_import(actor=boss_a, data=xlsx, filename="c.xlsx") == 1  # back to 5: a third version
    assert procedure.versions.count() == 3


def test_the_handler_is_prompted_to_issue_form_04_before_the_promised_date(register, clerk_a, specialist_a):
    from django.utils import timezone

    d = DOSSIERS.apply(register().dossier, "accept", actor=clerk_a)
    Dossier.objects.filter(pk=d.pk).update(due_date=timezone.localdate())
    assert 'id="apology-prompt"' in _login(specialist_a).get(d.get_absolute_url()).content.decode()
    Dossier.objects.filter(pk=d.pk).update(due_date=timezone.localdate() + timezone.timedelta(days=10))
    assert 'id="apology-prompt"' not in _login(specialist_a).get(d.get_absolute_url()).content.decode()


def test_the_catalogue_of_another_unit_cannot_be_imported(procedure, clerk_a, make_persona, units):
    from django.core.exceptions import PermissionDenied

    from civildesk.org.models import Role
    from civildesk.procedures.services import catalogue

    exported = Client().get(reverse("procedures:catalogue_export", args=["json"])).content
    other_leader = make_persona("lanhdao.b", units["b"], Role.LEADER)
    with pytest.raises(PermissionDenied):
        catalogue.catalogue_import(
            actor=other_leader,
            data=exported.replace(b'"processing_days": 5', b'"processing_days": 9'),
            filename="c.json",
        )
    assert procedure.versions.count() == 1
    assert _login(clerk_a).get(reverse("procedures:catalogue_import")).status_code == 403


def test_the_clerk_receives_a_scanned_supplement_at_the_counter(register, clerk_a):
    d = DOSSIERS.apply(register().dossier, "request_supplement", actor=clerk_a, missing="Bản vẽ")
    c = _login(clerk_a)
    bad = c.post(
        reverse("procedures:dossier_action", args=[d.pk, "supplement_receive"]),
        {"files": [SimpleUploadedFile("ban-ve.pdf", b"MZ not a pdf", "application/pdf")]},
    )
    assert bad.status_code == 400 and Dossier.objects.get(pk=d.pk).status == Status.SUPPLEMENT
    ok = c.post(
        reverse("procedures:dossier_action", args=[d.pk, "supplement_receive"]),
        {"files": [SimpleUploadedFile("ban-ve.pdf", PDF, "application/pdf")]},
    )
    assert ok.status_code == 302 and Dossier.objects.get(pk=d.pk).status == Status.NEW
    assert d.attachments.filter(kind="supplement").count() == 1


def test_mistakes_on_the_portal_do_not_use_up_the_submissions_allowed_per_hour(procedure, settings):
    settings.CIVILDESK_PUBLIC_SUBMISSIONS_PER_HOUR = 2
    c = Client()
    for _ in range(3):  # an incomplete form is shown again with its errors, not "too many attempts"
        assert c.post(reverse("procedures:submit", args=[procedure.code]), {"applicant_name": ""}).status_code == 400
    assert _submit(c, procedure).status_code == 200
    assert _submit(c, procedure).status_code == 200
    r = _submit(c, procedure)
    assert r.status_code == 429 and Dossier.objects.count() == 2
    assert reverse("procedures:track") in r.content.decode()  # a way on from the refusal
    for _ in range(8):  # invalid attempts are limited too, with their own larger allowance
        last = c.post(reverse("procedures:submit", args=[procedure.code]), {"applicant_name": ""})
    assert last.status_code == 429


def test_the_staff_menu_offers_only_the_pages_this_person_may_open(procedure, clerk_a, specialist_a, boss_a):
    stats_url, counter_url = reverse("procedures:statistics"), reverse("procedures:dossier_new")
    for user, stats_shown, counter_shown in (
        (clerk_a, False, True),
        (specialist_a, False, False),
        (boss_a, True, True),
    ):
        c = _login(user)
        html = c.get(reverse("procedures:index")).content.decode()
        assert (f'href="{stats_url}"' in html) is stats_shown, user
        assert (f'href="{counter_url}"' in html) is counter_shown, user
        assert c.get(stats_url).status_code == (200 if stats_shown else 403), user


def test_a_wrong_file_is_named_beside_the_file_field_in_the_portal_s_words(procedure):
    exe = SimpleUploadedFile("setup.exe", b"MZ\x90\x00" + bytes(range(256)) * 4, "application/octet-stream")
    r = _submit(Client(), procedure, files=[exe])
    html = r.content.decode()
    assert r.status_code == 400 and not Dossier.objects.exists()
    field = html[html.index('class="field has-error') :]
    assert "setup.exe" in field and 'name="files"' in field[: field.index("setup.exe")]
    assert "Markdown" not in html  # the library's list of types is not what this portal accepts
    start = html.index('id="submit-errors"')
    summary = html[start : html.index("<form", start)]  # seen at the top of a phone screen
    assert 'href="#id_files"' in summary and 'href="#id_applicant_name"' not in summary


def test_the_status_on_the_staff_page_says_what_its_number_is(register, clerk_a):
    d = register().dossier
    c = _login(clerk_a)
    c.cookies["django_language"] = "vi"
    html = c.get(reverse("procedures:dossier", args=[d.pk]), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    status = html[html.index('id="dossier-status"') :].split("</dd>")[0]
    assert "Cổng Dịch vụ công quốc gia: 1" in status and "(1)" not in status


def test_a_dossier_without_files_says_so_on_the_staff_page(register, clerk_a):
    d = register().dossier
    Attachment.objects.filter(dossier=d).delete()
    html = _login(clerk_a).get(reverse("procedures:dossier", args=[d.pk])).content.decode()
    assert "Hồ sơ chưa có tệp đính kèm." in html  # not a lone "—" in a bulleted list
