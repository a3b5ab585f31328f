"""Persona fixtures shared by every app's tests.

A small province: the province, two departments (A with a sub-office, B),
and personas holding roles in them. Tests ask for ``leader_a``, ``staff_b``...

Also the ``legal_qa`` fixture: the shared ALQAC data beside the repository,
whose absence skips a test locally but fails it in CI (see docs/testing.md).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from civildesk.org.models import Person, Position, Role, RoleAssignment, Unit, UnitKind, User

PASSWORD = "Correct-Horse-42"


def _unit(code: str, name: str, kind: str, parent: Unit | None) -> Unit:
    unit = Unit.objects.create(code=code, name=name, kind=kind, parent=parent)
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.depth = (parent.depth + 1) if parent else 0
    unit.save(update_fields=["path", "depth"])
    return unit


@pytest.fixture
def units(db):
    province = _unit("P", "Ủy ban nhân dân tỉnh Thử Nghiệm", UnitKind.PROVINCE, None)
    dept_a = _unit("A", "Sở Thông tin và Truyền thông", UnitKind.DEPARTMENT, province)
    office_a = _unit("A1", "Phòng Bưu chính, Viễn thông", UnitKind.OFFICE, dept_a)
    dept_b = _unit("B", "Sở Xây dựng", UnitKind.DEPARTMENT, province)
    return {"province": province, "a": dept_a, "a1": office_a, "b": dept_b}


def close_response(response) -> None:  # type: ignore[no-untyped-def]
    """Close a (file) response without closing the test's database connection.

    ``response.close()`` sends ``request_finished``, whose ``close_old_connections``
    would close the PostgreSQL connection the test runs in (the test client
    disconnects it for its own requests in the same way).
    """
    from django.core import signals
    from django.db import close_old_connections

    signals.request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        signals.request_finished.connect(close_old_connections)


def make_user(username: str, unit: Unit, *roles: str, full_name: str | None = None) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD)
    person = Person.objects.create(user=user, full_name=full_name or username.replace(".", " ").title())
    Position.objects.create(person=person, unit=unit, title="Chuyên viên")
    for role in roles:
        RoleAssignment.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def make_persona(units):
    return make_user


@pytest.fixture
def staff_a(units):
    return make_user("staff.a", units["a"], Role.STAFF)


@pytest.fixture
def staff_a1(units):
    return make_user("staff.a1", units["a1"], Role.STAFF)


@pytest.fixture
def staff_b(units):
    return make_user("staff.b", units["b"], Role.STAFF)


@pytest.fixture
def leader_a(units):
    return make_user("leader.a", units["a"], Role.LEADER)


@pytest.fixture
def director(units):
    return make_user("director", units["province"], Role.LEADER)


@pytest.fixture
def clerk(units):
    return make_user("clerk.b", units["b"], Role.CLERK)


@pytest.fixture
def inspector(units):
    return make_user("inspector.p", units["province"], Role.INSPECTOR)


@pytest.fixture
def unit_admin_a(units):
    return make_user("admin.a", units["a"], Role.UNIT_ADMIN)


@pytest.fixture
def sysadmin(units):
    return make_user("sysadmin", units["province"], Role.SYSTEM_ADMIN)


# --- Browser tests: Playwright drives Debian's Chromium, never a downloaded one.
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    import os

    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (make test installs it)")
    # Django's live server runs in a thread; Playwright's sync API runs an
    # event loop in the test thread, which Django would otherwise refuse.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


# --- The cache is a database table (as in production) -------------------------


@pytest.fixture(autouse=True)
def _no_cache_table_without_database(request, monkeypatch):
    """A test without the database has nothing in the database cache: clearing it is a no-op there."""
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames):
        return
    from django.core.cache.backends.db import DatabaseCache

    monkeypatch.setattr(DatabaseCache, "clear", lambda self: None)


# --- Isolation of files and the retrieval index ------------------------------


@pytest.fixture
def isolated_data(settings, tmp_path):
    """Own uploaded files, data directory and retrieval index for one test."""
    from civildesk.library import search

    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.CIVILDESK_INDEX_DIR = tmp_path / "index"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path / "files", "base_url": None}},
    }
    search._cached = None
    yield tmp_path
    search._cached = None


@pytest.fixture
def english():
    """Messages of services asserted in English (pages are tested in Vietnamese)."""
    from django.utils import translation

    with translation.override("en"):
        yield


# --- The shared ALQAC data (../shared/data/legal-qa beside the repository) ----

LEGAL_QA = Path(__file__).resolve().parent.parent / "shared" / "data" / "legal-qa"
NEEDS_SHARED_DATA = "needs the shared ALQAC data"


@pytest.fixture(scope="session")
def legal_qa() -> Path:
    """The ALQAC legal-qa directory; the test skips without it (and fails in CI, below)."""
    if not (LEGAL_QA / "alqac24-laws.json").exists():
        pytest.skip(f"{NEEDS_SHARED_DATA}: not found at {LEGAL_QA}")
    return LEGAL_QA


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (``CI=true``), a test skipped for want of the shared data fails instead.

    Locally the data may be absent and such tests skip; in CI a skip would hide
    that the retrieval quality and the real-law parsing were never checked.
    """
    report = yield
    if report.skipped and os.environ.get("CI") == "true" and NEEDS_SHARED_DATA in str(report.longrepr):
        report.outcome = "failed"
        report.longrepr = (
            f"CI=true: {item.nodeid} {NEEDS_SHARED_DATA} at {LEGAL_QA}, and CI must not skip it. "
            "Put the data there (see docs/testing.md)."
        )
    return report


@pytest.fixture(autouse=True)
def _audit_anchor_per_test(settings, tmp_path_factory):
    """Each test's database starts empty: so does its audit anchor file (outside the database)."""
    settings.CIVILDESK_AUDIT_ANCHOR_FILE = tmp_path_factory.mktemp("audit") / "anchor.log"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (vi): a request of an earlier test in the same
    thread (the test client runs LocaleMiddleware) may have left another one active."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


# --- `pytest -m cluster`: the real cluster (scripts/cluster.sh), only when selected ---


def pytest_collection_modifyitems(config, items):
    """Tests marked ``cluster`` start PostgreSQL databases, Redis, gunicorn, HAProxy and RQ workers
    (minutes): they run only when the marker expression names them (``make test PYTEST_ARGS="-m cluster"``)."""
    if "cluster" in (config.option.markexpr or ""):
        return
    kept, dropped = [], []
    for item in items:
        (dropped if item.get_closest_marker("cluster") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
