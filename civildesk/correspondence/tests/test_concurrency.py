"""Incoming numbers under concurrent registration: unique and gap-free (PostgreSQL, real connections)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from civildesk.correspondence import services
from civildesk.correspondence.models import Incoming, IncomingCounter
from civildesk.org.models import Role
from conftest import make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent registering needs PostgreSQL (set DATABASE_URL=postgres://...); SQLite serialises writers",
    ),
]

THREADS = 6
PER_THREAD = 3


def test_concurrent_registering_is_unique_and_gap_free(units):
    clerks = [make_user(f"clerk.b{i}", units["b"], Role.CLERK) for i in range(THREADS)]
    arrived = [
        Incoming.objects.create(unit=units["b"], source="platform", sender="Sở A", subject=f"Văn bản {i}")
        for i in range(THREADS * PER_THREAD)
    ]
    assert not IncomingCounter.objects.exists()  # the first registrars also race to create the counter
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def work(i):
        try:
            barrier.wait(timeout=30)
            for inc in arrived[i * PER_THREAD : (i + 1) * PER_THREAD]:
                services.incoming_register(actor=clerks[i], incoming=inc)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert sorted(Incoming.objects.values_list("number", flat=True)) == list(range(1, THREADS * PER_THREAD + 1))
    assert IncomingCounter.objects.get().last_number == THREADS * PER_THREAD
