"""Every page of org, library, assistant, drafting and correspondence, as every persona, in English and Bengali.

Each URL name of these apps is reversed with real objects (a document, a
conversation, a draft, a job, a person...) and fetched with GET as staff, a
leader, a clerk, a unit administrator, a digital-transformation officer, a
system administrator and a visitor. A server error, Django's debug page or a
piece of the Vietnamese interface left in an English or Bengali page fails the
test; refusals (403, 404, 405) and redirects to the login are fine.
"""

from __future__ import annotations

import importlib

import pytest
from django.urls import URLPattern, reverse

from civildesk.org.models import Role
from conftest import close_response, make_user

APPS = ("org", "library", "assistant", "drafting", "correspondence")
# Site-wide pages of org, outside its namespace.
ROOT_NAMES = ("home", "login", "two_factor", "healthz")
LANGUAGES = ("en", "bn")
PERSONAS = ("staff", "leader", "clerk", "unit_admin", "dt_officer", "system_admin", "anonymous")

DEBUG_MARKERS = ("Using the URLconf defined in", "You're seeing this error because you have", "Traceback (most recent")
# The Vietnamese interface, which an English or Bengali page must not show
# (documents and answers to Vietnamese questions stay in Vietnamese).
VIETNAMESE_ONLY = ("Công việc của tôi", "Đăng xuất", "Thư viện văn bản", "Không tìm thấy trang", "Trợ lý ảo: ")

DECREE = """CHÍNH PHỦ
Số: 77/2026/NĐ-CP
Hà Nội, ngày 05 tháng 3 năm 2026

NGHỊ ĐỊNH
Quy định về lưu trữ hồ sơ điện tử

Điều 1. Phạm vi điều chỉnh
Nghị định này quy định về lưu trữ hồ sơ điện tử của cơ quan nhà nước.

Điều 2. Thời hạn lưu trữ
Hồ sơ điện tử được lưu trữ ít nhất 10 năm.
"""

LETTER = """UBND TỈNH THỬ NGHIỆM
SỞ THÔNG TIN VÀ TRUYỀN THÔNG
Số: 12/STTTT-VP
V/v báo cáo chuyển đổi số

Kính gửi: Các phòng chuyên môn.

Đề nghị các phòng gửi báo cáo chuyển đổi số quý I trước ngày 15.
"""


def _url_names() -> list[tuple[str, URLPattern]]:
    names = []
    root = importlib.import_module("civildesk.urls")
    for pattern in root.urlpatterns:
        if isinstance(pattern, URLPattern) and pattern.name in ROOT_NAMES:
            names.append((pattern.name, pattern))
    for app in APPS:
        module = importlib.import_module(f"civildesk.{app}.urls")
        for pattern in module.urlpatterns:
            names.append((f"{module.app_name}:{pattern.name}", pattern))
    return names


@pytest.fixture
def world(units, isolated_data, settings, django_capture_on_commit_callbacks):
    """The personas and one object of each kind the pages are about."""
    from civildesk.assistant import services as assistant_services
    from civildesk.drafting import services as drafting_services
    from civildesk.drafting.models import CONTENT_FIELDS, LIST_FIELDS
    from civildesk.drafting.tests.examples import example
    from civildesk.library import services as library_services
    from civildesk.library.models import Scope
    from civildesk.org import services as org_services

    settings.CIVILDESK_INDEX_DENSE = False
    people = {
        "staff": make_user("walk.staff", units["a"], Role.STAFF),
        "leader": make_user("walk.leader", units["a"], Role.LEADER),
        "clerk": make_user("walk.clerk", units["a"], Role.CLERK),
        "unit_admin": make_user("walk.admin", units["a"], Role.UNIT_ADMIN),
        "dt_officer": make_user("walk.cds", units["province"], Role.DT_OFFICER),
        "system_admin": make_user("walk.sysadmin", units["province"], Role.SYSTEM_ADMIN),
    }
    staff = people["staff"]
    with django_capture_on_commit_callbacks(execute=True):
        decree = library_services.document_upload(
            actor=people["leader"], data=DECREE.encode(), filename="nghi-dinh.txt", unit=units["a"], scope=Scope.PUBLIC
        ).document
        library_services.document_upload(
            actor=staff, data=LETTER.encode(), filename="cong-van.txt", unit=units["a"], scope=Scope.UNIT
        )
    # Asked in Vietnamese: the answer card is in Vietnamese on every interface (by design).
    turn = assistant_services.ask(user=staff, question="Hồ sơ điện tử được lưu trữ bao lâu?")
    data = example("GM")
    content = {k: data.get(k, "") for k in CONTENT_FIELDS} | {k: "\n".join(data.get(k) or []) for k in LIST_FIELDS}
    draft = drafting_services.draft_create(actor=staff, unit=units["a"], doc_type="GM", **content)
    job = org_services.job_create(owner=staff, kind="walk", title="Verify the audit trail")
    from civildesk.correspondence import services as correspondence

    incoming = correspondence.incoming_receive(
        actor=people["clerk"], unit=units["a"], source="email", data=LETTER.encode(), filename="cong-van-den.txt"
    )
    person = staff.person
    values = {
        "org:person": {"pk": person.pk},
        "org:position_add": {"pk": person.pk},
        "org:position_end": {"pk": person.pk, "position_pk": person.positions.first().pk},
        "org:role_grant": {"pk": person.pk},
        "org:role_revoke": {"pk": person.pk, "role_pk": staff.role_assignments.first().pk},
        "org:job": {"pk": job.pk},
        "library:download": {"pk": decree.versions.first().pk},
        "assistant:turn": {"turn_id": turn.pk},
        "drafting:version": {"pk": draft.pk, "number": draft.version},
        "drafting:download": {"pk": draft.pk, "fmt": "docx"},
        "drafting:action": {"pk": draft.pk, "name": "dispatch"},
        "correspondence:action": {"pk": incoming.pk, "name": "assign"},
        "correspondence:package": {"pk": 1},
    }
    defaults = {
        "library": {"pk": decree.pk},
        "drafting": {"pk": draft.pk},
        "correspondence": {"pk": incoming.pk},
        "assistant": {
            "conversation_id": turn.conversation_id,
            "turn_id": turn.pk,
            "document_id": decree.pk,
        },
    }
    return {"people": people, "values": values, "defaults": defaults}


def _kwargs(world, name: str, pattern: URLPattern) -> dict:
    wanted = list(pattern.pattern.converters)
    namespace = name.split(":")[0]
    given = {**world["defaults"].get(namespace, {}), **world["values"].get(name, {})}
    missing = [key for key in wanted if key not in given]
    assert not missing, f"give the URL walk a value for {name} {missing}"
    return {key: given[key] for key in wanted}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_answers_without_error_in_english_and_bengali(client, world, persona):
    if persona != "anonymous":
        client.force_login(world["people"][persona])
    urls = [reverse(name, kwargs=_kwargs(world, name, pattern)) for name, pattern in _url_names()]
    assert len(urls) >= 40
    problems = []
    for language in LANGUAGES:
        client.cookies["civildesk_language"] = language
        for url in urls:
            try:
                response = client.get(url)
            except Exception as exc:  # noqa: BLE001 - a server error, reported with the others
                problems.append(f"{language} {url}: {exc.__class__.__name__}: {exc}")
                continue
            close_response(response)  # file downloads
            if response.status_code >= 500:
                problems.append(f"{language} {url}: {response.status_code}")
                continue
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            html = response.content.decode("utf-8", "replace")
            problems += [f"{language} {url}: debug page" for marker in DEBUG_MARKERS if marker in html]
            problems += [f"{language} {url}: Vietnamese “{text}”" for text in VIETNAMESE_ONLY if text in html]
    assert not problems, "\n".join(problems)
