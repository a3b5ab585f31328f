"""The register under concurrent issuing: unique and gap-free (PostgreSQL, real connections)."""

from __future__ import annotations

import contextlib
import threading

import pytest
from django.db import connection, connections

from civildesk.drafting import services
from civildesk.drafting.models import Draft, NumberRegister, RegisterEntry
from civildesk.org.models import Role

from .conftest import content

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent issuing needs PostgreSQL (set DATABASE_URL=postgres://...); SQLite serialises all writers",
    ),
]

THREADS = 8
PER_THREAD = 4


def _run_concurrently(work, n):
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def target(i):
        try:
            barrier.wait(timeout=30)
            work(i)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors


def test_concurrent_issuing_is_unique_and_gap_free(units, make_persona):
    author = make_persona("author.a", units["a"], Role.STAFF)
    clerks = [make_persona(f"clerk.a{i}", units["a"], Role.CLERK) for i in range(THREADS)]
    drafts = [
        services.draft_create(actor=author, unit=units["a"], doc_type="GM", **content("GM"))
        for _ in range(THREADS * PER_THREAD)
    ]
    # No register yet: the first issuers also race to create it.
    assert not NumberRegister.objects.exists()

    def work(i):
        for d in drafts[i * PER_THREAD : (i + 1) * PER_THREAD]:
            services.draft_issue(actor=clerks[i], draft=d)

    _run_concurrently(work, THREADS)

    numbers = sorted(RegisterEntry.objects.values_list("number", flat=True))
    assert numbers == list(range(1, THREADS * PER_THREAD + 1))
    assert sorted(Draft.objects.values_list("number", flat=True)) == numbers
    assert NumberRegister.objects.get().last_number == THREADS * PER_THREAD


def test_a_failed_issue_leaves_no_gap(units, make_persona, monkeypatch):
    author = make_persona("author.a", units["a"], Role.STAFF)
    clerks = [make_persona(f"clerk.a{i}", units["a"], Role.CLERK) for i in range(THREADS)]
    drafts = [
        services.draft_create(actor=author, unit=units["a"], doc_type="GM", **content("GM")) for _ in range(THREADS)
    ]
    real_snapshot = services.snapshot
    failing = {drafts[2].pk, drafts[5].pk}

    def snapshot(*, draft, actor, note=""):
        if draft.pk in failing:
            raise RuntimeError("crash after the number was taken")
        return real_snapshot(draft=draft, actor=actor, note=note)

    monkeypatch.setattr(services, "snapshot", snapshot)

    def work(i):
        with contextlib.suppress(RuntimeError):
            services.draft_issue(actor=clerks[i], draft=drafts[i])

    _run_concurrently(work, THREADS)

    numbers = sorted(RegisterEntry.objects.values_list("number", flat=True))
    assert numbers == list(range(1, THREADS - len(failing) + 1))
    assert Draft.objects.filter(pk__in=failing, number__isnull=True).count() == len(failing)
