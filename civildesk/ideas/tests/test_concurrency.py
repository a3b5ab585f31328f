"""Votes at once (PostgreSQL): one row per person per idea; a close in the middle lets no late vote in."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from civildesk.ideas import services
from civildesk.ideas.models import Round, Vote
from civildesk.org.models import Role

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writes need PostgreSQL (set DATABASE_URL=postgres://...); SQLite serialises writers",
    ),
]

THREADS = 8


def _run(work, n: int) -> None:
    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)


def test_votes_at_once(units, make_persona):
    chair = make_persona("chair.c", units["a"], Role.LEADER)
    people = [make_persona(f"p{i}.c", units["a"], Role.STAFF) for i in range(THREADS // 2)]
    meeting = services.meeting_create(
        actor=chair, unit=units["a"], title="Họp", starts_at=timezone.now() + timedelta(hours=1), participants=people
    )
    rnd = services.round_open(actor=chair, round=services.round_create(actor=chair, meeting=meeting, question="?"))
    idea = services.idea_submit(actor=chair, round=rnd, text="Một ý kiến")
    barrier = threading.Barrier(THREADS + 1)
    outcomes: list[str] = []

    def work(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            if i == THREADS:
                services.round_close(actor=chair, round=Round.objects.get(pk=rnd.pk))
                outcomes.append("closed")
            else:  # each person votes twice at the same moment, once agree and once disagree
                services.vote_cast(actor=people[i // 2], idea=idea, value=1 if i % 2 else -1)
                outcomes.append("voted")
        except ValidationError as exc:
            outcomes.append(exc.code or "invalid")
        finally:
            connections.close_all()

    _run(work, THREADS + 1)
    assert outcomes.count("closed") == 1 and len(outcomes) == THREADS + 1, outcomes
    votes = Vote.objects.filter(idea=idea)
    # Never two rows for one person; every vote that went in went in before the close.
    assert votes.count() == len(set(votes.values_list("voter", flat=True))) <= len(people)
    assert outcomes.count("voted") >= votes.count()
    assert set(outcomes) <= {"voted", "closed", "round_closed"}
    assert services.round_totals(Round.objects.get(pk=rnd.pk))["votes"] == votes.count()
