from __future__ import annotations

import unicodedata

import pytest
from django.urls import reverse

from civildesk.org.models import AuditEntry, Person, Role, RoleAssignment
from conftest import PASSWORD, make_user


def login(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


def _is_landing(response) -> bool:
    return response.status_code == 200 and "org/landing.html" in [t.name for t in response.templates]


def test_home_requires_login(client, db):
    response = client.get("/")
    assert _is_landing(response)
    assert "org/home.html" not in [t.name for t in response.templates]


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("vi", ["Đăng nhập", "Gửi đơn khiếu nại", "Tra cứu hồ sơ", "Hỏi trợ lý công khai", "Kiểm tra chữ ký"]),
        (
            "en",
            ["Log in", "Send a complaint or petition", "Track a case", "Ask the public assistant", "Check a signature"],
        ),
        ("bn", ["লগ ইন", "অভিযোগ বা আবেদন পাঠান", "মামলা অনুসরণ করুন", "সর্বজনীন সহকারীকে জিজ্ঞাসা করুন", "স্বাক্ষর যাচাই করুন"]),
    ],
)
def test_the_site_root_shows_visitors_every_way_in(client, db, language, texts):
    client.cookies["civildesk_language"] = language
    response = client.get("/")
    page = response.content.decode()
    assert _is_landing(response)
    for text in texts:
        assert text in page, text
    for name in ("login", "inspection:public_submit", "inspection:public_track", "assistant:embed", "signing:validate"):
        assert f'href="{reverse(name)}"' in page, name


def test_login_home_logout(client, staff_a):
    login(client, staff_a)
    page = client.get("/").content.decode()
    assert "Staff A" in page
    assert AuditEntry.objects.filter(action="auth.login", actor=staff_a).exists()

    client.post(reverse("logout"))
    assert _is_landing(client.get("/"))
    assert AuditEntry.objects.filter(action="auth.logout", actor=staff_a).exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", "Công việc của tôi"), ("en", "My work"), ("bn", "আমার কাজ")],
)
def test_language_switch_renders_translated_pages(client, staff_a, language, expected):
    login(client, staff_a)
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302

    page = client.get("/").content.decode()
    assert f'<html lang="{language}">' in page
    assert expected in page


def test_default_language_is_vietnamese(client, db):
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="vi">' in page
    assert "Đăng nhập" in page


def test_vietnamese_dates_follow_the_administrative_style(db):
    from datetime import date

    from django.template import Context, Template
    from django.utils import translation

    with translation.override("vi"):
        out = Template('{{ d|date:"DATE_FORMAT" }}').render(Context({"d": date(2026, 1, 5)}))
    assert out == "ngày 05 tháng 01 năm 2026"


def test_lockout_after_repeated_failures(client, staff_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": staff_a.username, "password": "wrong-password"})

    response = client.post(reverse("login"), {"username": staff_a.username, "password": PASSWORD})
    assert response.status_code == 429
    assert _is_landing(client.get("/"))  # still not logged in
    assert AuditEntry.objects.filter(action="auth.login_failed").count() >= settings.AXES_FAILURE_LIMIT
    assert not any("wrong-password" in str(e.summary) for e in AuditEntry.objects.all())


def test_totp_is_required_once_enabled(client, leader_a):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=leader_a, name="phone", confirmed=True)
    response = client.post(reverse("login"), {"username": leader_a.username, "password": PASSWORD})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Nhập mã gồm 6 chữ số từ ứng dụng xác thực của bạn."]

    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    response = client.post(reverse("login"), {"username": leader_a.username, "password": PASSWORD, "otp_token": code})
    assert response.status_code == 302


def test_input_is_normalised_to_nfc(client, unit_admin_a, units):
    login(client, unit_admin_a)
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
    response = client.post(
        reverse("org:person_create"),
        {"full_name": decomposed, "unit": units["a"].pk, "title": "Chuyên viên"},
    )
    assert response.status_code == 302
    person = Person.objects.get(full_name="Nguyễn Thị Hường")
    assert unicodedata.is_normalized("NFC", person.full_name)


def test_person_create_bad_input_shows_errors_and_saves_nothing(client, unit_admin_a, units):
    login(client, unit_admin_a)
    before = Person.objects.count()
    response = client.post(
        reverse("org:person_create"),
        {"full_name": "", "unit": units["a"].pk, "title": "", "username": "newbie", "password": "123"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "full_name" in form.errors and "title" in form.errors
    assert Person.objects.count() == before


def test_weak_password_is_refused_and_nothing_half_saved(client, unit_admin_a, units):
    from civildesk.org.models import User

    login(client, unit_admin_a)
    response = client.post(
        reverse("org:person_create"),
        {
            "full_name": "Lò Văn Mới",
            "unit": units["a"].pk,
            "title": "Chuyên viên",
            "username": "lo.moi",
            "password": "12345678",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not User.objects.filter(username="lo.moi").exists()
    assert not Person.objects.filter(full_name="Lò Văn Mới").exists()


def test_unit_admin_cannot_add_people_to_another_unit(client, unit_admin_a, units):
    login(client, unit_admin_a)
    response = client.post(
        reverse("org:person_create"), {"full_name": "Người Lạ", "unit": units["b"].pk, "title": "Chuyên viên"}
    )
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Person.objects.filter(full_name="Người Lạ").exists()


def test_staff_cannot_open_the_people_admin_pages(client, staff_a):
    login(client, staff_a)
    assert client.get(reverse("org:person_create")).status_code == 403
    assert client.get(reverse("org:audit")).status_code == 403


def test_people_list_shows_only_visible_units(client, leader_a, units):
    make_user("colleague.a1", units["a1"], Role.STAFF, full_name="Đồng Nghiệp Phòng")
    make_user("stranger.b", units["b"], Role.STAFF, full_name="Người Sở Khác")
    login(client, leader_a)
    page = client.get(reverse("org:people")).content.decode()
    assert "Đồng Nghiệp Phòng" in page
    assert "Người Sở Khác" not in page


def test_person_of_another_unit_is_not_found(client, leader_a, units):
    stranger = make_user("stranger.b", units["b"], Role.STAFF)
    login(client, leader_a)
    assert client.get(reverse("org:person", args=[stranger.person.pk])).status_code == 404


def test_role_grant_in_another_unit_is_refused(client, unit_admin_a, units):
    colleague = make_user("colleague.a", units["a"], Role.STAFF)
    login(client, unit_admin_a)
    client.post(reverse("org:role_grant", args=[colleague.person.pk]), {"unit": units["b"].pk, "role": "leader"})
    assert not RoleAssignment.objects.filter(user=colleague, unit=units["b"]).exists()

    client.post(reverse("org:role_grant", args=[colleague.person.pk]), {"unit": units["a1"].pk, "role": "leader"})
    assert RoleAssignment.objects.filter(user=colleague, unit=units["a1"], role="leader").exists()


def test_unit_admin_cannot_make_a_system_admin(client, unit_admin_a, units):
    colleague = make_user("colleague.a", units["a"], Role.STAFF)
    login(client, unit_admin_a)
    response = client.post(
        reverse("org:role_grant", args=[colleague.person.pk]), {"unit": units["a"].pk, "role": "system_admin"}
    )
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(user=colleague, role="system_admin").exists()


def test_audit_page_shows_only_own_subtree(client, unit_admin_a, units):
    from civildesk.org import services

    services.audit_record(actor=None, action="test.in_a", unit=units["a1"])
    services.audit_record(actor=None, action="test.in_b", unit=units["b"])
    login(client, unit_admin_a)
    page = client.get(reverse("org:audit")).content.decode().replace("<wbr>", "")  # action codes may wrap after dots
    assert "test.in_a" in page
    assert "test.in_b" not in page


def test_job_status_of_someone_else_is_hidden(client, staff_a, staff_b):
    from civildesk.org import services

    job = services.job_create(owner=staff_b, kind="x", title="B's job")
    login(client, staff_a)
    assert client.get(reverse("org:job", args=[job.pk])).status_code == 404


def test_job_status_partial_polls_until_done(client, staff_a):
    from civildesk.org import services

    job = services.job_create(owner=staff_a, kind="x", title="Import")
    services.job_progress(job_id=job.pk, percent=40, message="40 of 100")
    login(client, staff_a)
    html = client.get(reverse("org:job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html and '<progress class="progress" max="100" value="40"' in html

    services.job_finish(job_id=job.pk, message="ok")
    html = client.get(reverse("org:job", args=[job.pk])).content.decode()
    assert "hx-trigger" not in html


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_home_shows_documents_waiting_for_my_signature(client, staff_a):
    login(client, staff_a)
    page = client.get("/").content.decode()
    # The signing app contributes its "Waiting for me" panel; empty state says so.
    assert 'id="h-waiting"' in page


def test_the_job_page_fails_a_job_whose_worker_died(client, staff_a, settings):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from civildesk.org import services
    from civildesk.org.models import Job, JobStatus

    client.force_login(staff_a)
    job = services.job_create(owner=staff_a, kind="test.work", title="Work")
    services.job_progress(job_id=job.pk, percent=30, message="page 3")
    assert "hx-get" in client.get(f"/org/jobs/{job.pk}/").content.decode()

    Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(minutes=31))
    body = client.get(f"/org/jobs/{job.pk}/").content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "hx-get" not in body and job.message_text in body

    other = services.job_create(owner=staff_a, kind="test.work", title="Other")
    services.job_progress(job_id=other.pk, percent=1)
    Job.objects.filter(pk=other.pk).update(updated_at=timezone.now() - timedelta(hours=2))
    call_command("job_sweep")
    assert Job.objects.get(pk=other.pk).status == JobStatus.FAILED
