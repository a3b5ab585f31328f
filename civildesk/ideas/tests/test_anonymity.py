"""An anonymous idea keeps no link to its author: not in any table, audit entry, log line or export.

Checked on the database itself: every row of every table is read before and
after the author submits an anonymous idea and votes (through the pages, so
the middleware, the session and the messages run too); no new or changed row
holds the author's id, username or name.
"""

from __future__ import annotations

import io
import logging
import re

import pytest
from django.db import connection
from django.urls import reverse

from civildesk.ideas import services
from civildesk.ideas.models import Idea, Round, Vote
from civildesk.ideas.services.anonymity import voter_pseudonym
from civildesk.org.models import AuditEntry, Person, Position, Role, RoleAssignment, User

pytestmark = pytest.mark.django_db

AUTHOR_ID = 987654
USERNAME = "tac.gia.bi.mat"
FULL_NAME = "Lò Văn Kín Đáo"


@pytest.fixture
def author(units, meeting):
    user = User.objects.create_user(pk=AUTHOR_ID, username=USERNAME, password="Correct-Horse-42")
    person = Person.objects.create(user=user, full_name=FULL_NAME)
    Position.objects.create(person=person, unit=units["a"], title="Chuyên viên")
    RoleAssignment.objects.create(user=user, unit=units["a"], role=Role.STAFF)
    meeting.participants.add(user)
    return user


def _rows() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (table names from the schema)
            out[table] = {
                repr(tuple(bytes(v).decode("latin-1") if isinstance(v, (bytes, memoryview)) else v for v in row))
                for row in cursor.fetchall()
            }
    return out


def _leaks(text: str) -> list[str]:
    found = []
    if re.search(rf"(?<!\d){AUTHOR_ID}(?!\d)", text):
        found.append("id")
    if USERNAME in text:
        found.append("username")
    if FULL_NAME in text or FULL_NAME.lower() in text.lower():
        found.append("name")
    return found


def test_no_row_links_an_anonymous_idea_to_its_author(client, author, open_round, staff_a, caplog):
    other = services.idea_submit(actor=staff_a, round=open_round, text="Ý kiến có tên của người khác")
    client.force_login(author)
    client.get(open_round.get_absolute_url())
    before = _rows()
    entries = AuditEntry.objects.count()
    with caplog.at_level(logging.DEBUG):
        response = client.post(
            reverse("ideas:round_ideas", args=[open_round.pk]),
            {"text": "Bỏ yêu cầu nộp bản sao giấy tờ đã có trong cơ sở dữ liệu", "anonymous": "on"},
        )
        assert response.status_code == 302
        idea = Idea.objects.get(anonymous=True)
        client.post(reverse("ideas:idea_vote", args=[idea.pk]), {"value": "1"})
        client.post(reverse("ideas:idea_vote", args=[other.pk]), {"value": "-1"})
        client.get(open_round.get_absolute_url())
    after = _rows()

    changed = {t: after[t] - before.get(t, set()) for t in after}
    leaks = {t: _leaks(row) for t, rows in changed.items() for row in rows if _leaks(row)}
    # The session row of the author changes with each request (Django stores the login there); it must
    # not mention the idea. Every other table: nothing new names the author.
    sessions = {t for t in leaks if t == "django_session"}
    assert set(leaks) - sessions == set(), leaks
    from django.contrib.sessions.models import Session

    for session in Session.objects.all():
        data = session.get_decoded()
        assert set(data) <= {"_auth_user_id", "_auth_user_backend", "_auth_user_hash", "_language"}, data
    assert idea.author_id is None and idea.created_at is None
    assert Vote.objects.filter(idea=idea).count() == 1
    # No audit entry and no log line for the anonymous idea or the votes.
    assert AuditEntry.objects.count() == entries
    for record in caplog.records:
        assert not _leaks(record.getMessage()), record.getMessage()


def test_closing_the_round_discards_the_key(author, open_round, chair):
    idea = services.idea_submit(actor=author, round=open_round, text="Ẩn danh hoàn toàn", anonymous=True)
    services.vote_cast(actor=author, idea=idea, value=1)
    key = Round.objects.get(pk=open_round.pk).secret
    assert Vote.objects.get().voter == voter_pseudonym(key, open_round.pk, AUTHOR_ID)
    services.round_close(actor=chair, round=open_round)
    closed = Round.objects.get(pk=open_round.pk)
    assert closed.secret == ""
    for table, rows in _rows().items():
        assert not any(key in row for row in rows), table  # the key survives nowhere
    assert services.my_votes(author, closed) == {}  # not even the voter can be told their vote now
    with pytest.raises(ValueError):
        voter_pseudonym(closed.secret, closed.pk, AUTHOR_ID)
    entry = AuditEntry.objects.get(action="ideas.round_close")
    assert entry.summary["anonymous_ideas"] == 1 and entry.summary["voters"] == 1


def test_the_minutes_do_not_name_the_author(author, open_round, meeting, chair):
    import docx

    from civildesk.ideas.services.export import minutes_file

    meeting.participants.remove(author)  # the attendance list names participants: keep it out of the check
    meeting.participants.add(author)
    idea = services.idea_submit(actor=author, round=open_round, text="Ý tưởng không tên về một cửa", anonymous=True)
    services.vote_cast(actor=chair, idea=idea, value=1)
    document = docx.Document(io.BytesIO(minutes_file(meeting, "docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    ideas_part = text.split("II. CÁC Ý KIẾN")[1]
    assert "Ý tưởng không tên về một cửa (ẩn danh;" in ideas_part
    assert FULL_NAME not in ideas_part and USERNAME not in text


def test_anonymous_ideas_refused_where_the_chair_does_not_allow_them(meeting, chair, staff_a):
    from django.core.exceptions import ValidationError

    rnd = services.round_create(actor=chair, meeting=meeting, question="Có tên", allow_anonymous=False)
    services.round_open(actor=chair, round=rnd)
    with pytest.raises(ValidationError):
        services.idea_submit(actor=staff_a, round=rnd, text="Muốn ẩn danh", anonymous=True)
