"""Notifications: shown to their recipient only, marked read by them only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from civildesk.org import services
from civildesk.org.models import Notification

pytestmark = pytest.mark.django_db


def test_someone_else_cannot_read_or_mark_my_notification(client, staff_a, staff_b):
    (note,) = services.notify(users=[staff_a], message="Case %(number)s was assigned to you: %(title)s",
                              params={"number": "2026-00001", "title": "Khiếu nại"}, url="/inspection/cases/1/")  # fmt: skip
    client.force_login(staff_b)
    assert "2026-00001" not in client.get("/").content.decode()
    response = client.post(reverse("org:notifications_read"), {"id": note.pk})
    assert response.status_code == 302 and response["Location"] == reverse("home")  # not the other's link
    note.refresh_from_db()
    assert note.read_at is None
    client.force_login(staff_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Case 2026-00001 was assigned to you" in client.get("/").content.decode()
    response = client.post(reverse("org:notifications_read"), {"id": note.pk})
    assert response["Location"] == "/inspection/cases/1/"
    assert Notification.objects.get(pk=note.pk).read_at is not None


def test_a_bad_notification_id_is_no_server_error(client, staff_a):
    client.force_login(staff_a)
    assert client.post(reverse("org:notifications_read"), {"id": "abc"}).status_code == 302


def test_a_foreign_id_marks_none_of_mine(client, staff_a, staff_b):
    (theirs,) = services.notify(users=[staff_a], message="Assistant review")
    (mine,) = services.notify(users=[staff_b], message="Assistant review")
    client.force_login(staff_b)
    client.post(reverse("org:notifications_read"), {"id": theirs.pk})
    mine.refresh_from_db()
    assert mine.read_at is None
