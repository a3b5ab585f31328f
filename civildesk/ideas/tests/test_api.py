"""The JSON API follows the same rules as the pages."""

from __future__ import annotations

import pytest

from civildesk.ideas import services
from civildesk.ideas.models import Idea

pytestmark = pytest.mark.django_db


def test_submit_vote_and_read_the_ranking(client, open_round, staff_a, staff_a1):
    client.force_login(staff_a)
    r = client.post(
        f"/api/v1/ideas/rounds/{open_round.pk}/ideas",
        {"text": "Dùng chữ ký số", "anonymous": True},
        content_type="application/json",
    )
    assert r.status_code == 201
    idea_id = r.json()["id"]
    assert Idea.objects.get(pk=idea_id).author is None
    assert client.post(f"/api/v1/ideas/ideas/{idea_id}/vote", {"value": 1}, content_type="application/json").json() == {
        "idea": idea_id,
        "value": 1,
    }
    data = client.get(f"/api/v1/ideas/rounds/{open_round.pk}").json()
    assert data["ideas"] == [
        {
            "id": idea_id,
            "text": "Dùng chữ ký số",
            "anonymous": True,
            "author": None,
            "agrees": 1,
            "disagrees": 0,
            "passes": 0,
            "score": pytest.approx(0.2065, abs=1e-3),
            "my_vote": 1,
        }
    ]


def test_outsiders_and_closed_rounds_are_refused(client, open_round, staff_a, staff_b, chair):
    idea = services.idea_submit(actor=staff_a, round=open_round, text="Một ý kiến")
    client.force_login(staff_b)
    assert client.get(f"/api/v1/ideas/rounds/{open_round.pk}").status_code == 404
    assert (
        client.post(f"/api/v1/ideas/ideas/{idea.pk}/vote", {"value": 1}, content_type="application/json").status_code
        == 404
    )
    client.force_login(staff_a)
    assert client.get(f"/api/v1/ideas/rounds/{open_round.pk}/groups").status_code == 403
    assert (
        client.post(
            f"/api/v1/ideas/rounds/{open_round.pk}/transitions/close", {}, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(chair)
    assert [t["name"] for t in client.get(f"/api/v1/ideas/rounds/{open_round.pk}/transitions").json()] == ["close"]
    r = client.post(f"/api/v1/ideas/rounds/{open_round.pk}/transitions/close", {}, content_type="application/json")
    assert r.json() == {"status": "closed"}
    client.force_login(staff_a)
    r = client.post(f"/api/v1/ideas/ideas/{idea.pk}/vote", {"value": 1}, content_type="application/json")
    assert r.status_code == 400
