"""Pages: participants take part, outsiders are refused, htmx partials, the chair's tools."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from civildesk.ideas import services
from civildesk.ideas.models import ActionItem, Decision, Idea, Meeting, Vote

pytestmark = pytest.mark.django_db


def test_an_outsider_is_refused_everywhere(client, open_round, staff_a, staff_b, meeting):
    idea = services.idea_submit(actor=staff_a, round=open_round, text="Ý kiến nội bộ")
    client.force_login(staff_b)
    for url in (
        meeting.get_absolute_url(),
        open_round.get_absolute_url(),
        reverse("ideas:round_ideas", args=[open_round.pk]),
        reverse("ideas:minutes", args=[meeting.pk, "pdf"]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("ideas:idea_vote", args=[idea.pk]), {"value": "1"}).status_code == 404
    assert client.post(reverse("ideas:round_ideas", args=[open_round.pk]), {"text": "x" * 20}).status_code == 404
    assert client.get(reverse("ideas:round_chair", args=[open_round.pk])).status_code == 404
    assert Vote.objects.count() == 0 and Idea.objects.count() == 1
    assert "Ý kiến nội bộ" not in client.get(reverse("ideas:index")).content.decode()


def test_a_participant_is_not_the_chair(client, open_round, staff_a, meeting):
    client.force_login(staff_a)
    assert client.get(reverse("ideas:round_chair", args=[open_round.pk])).status_code == 403
    assert client.post(reverse("ideas:round_action", args=[open_round.pk, "close"])).status_code in (302, 403)
    assert services.ROUNDS.state(type(open_round).objects.get(pk=open_round.pk)) == "open"


def test_participant_submits_and_votes_with_htmx(client, open_round, staff_a):
    client.force_login(staff_a)
    page = client.get(open_round.get_absolute_url())
    assert b'hx-trigger="every 3s"' in page.content
    r = client.post(
        reverse("ideas:round_ideas", args=[open_round.pk]),
        {"text": "Họp trực tuyến với xã vùng cao"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200 and b'id="participate"' in r.content
    idea = Idea.objects.get()
    assert idea.author == staff_a
    r = client.post(reverse("ideas:idea_vote", args=[idea.pk]), {"value": "1"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and b'aria-pressed="true"' in r.content
    live = client.get(reverse("ideas:round_ideas", args=[open_round.pk]), HTTP_HX_REQUEST="true")
    assert "Họp trực tuyến với xã vùng cao" in live.content.decode()


def test_similar_ideas_show_while_typing(client, open_round, staff_a, staff_a1):
    services.idea_submit(actor=staff_a1, round=open_round, text="Gửi tài liệu họp qua hệ thống điện tử, không in giấy")
    client.force_login(staff_a)
    r = client.post(
        reverse("ideas:round_similar", args=[open_round.pk]),
        {"text": "gui tai lieu hop dien tu khong in giay"},
        HTTP_HX_REQUEST="true",
    )
    assert "Gửi tài liệu họp qua hệ thống điện tử" in r.content.decode()
    assert b"similar-agree" in r.content


def test_a_closed_round_refuses_votes_on_the_page(client, open_round, staff_a, chair):
    idea = services.idea_submit(actor=staff_a, round=open_round, text="Ý kiến")
    services.round_close(actor=chair, round=open_round)
    client.force_login(staff_a)
    r = client.post(reverse("ideas:idea_vote", args=[idea.pk]), {"value": "1"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 409 and Vote.objects.count() == 0


def test_campaign_pages_open_to_all_staff(client, campaign, staff_b):
    client.force_login(staff_b)
    assert client.get(campaign.get_absolute_url()).status_code == 200
    r = client.post(
        reverse("ideas:round_ideas", args=[campaign.pk]), {"text": "Bỏ giấy hẹn trả kết quả", "anonymous": "on"}
    )
    assert r.status_code == 302
    assert Idea.objects.get().author is None
    assert "Cắt giảm giấy tờ" in client.get(reverse("ideas:index")).content.decode()


def test_chair_promotes_an_idea_with_an_action_for_the_owner(client, open_round, chair, staff_a, staff_a1):
    idea = services.idea_submit(actor=staff_a, round=open_round, text="Số hóa sổ hộ tịch")
    client.force_login(chair)
    page = client.get(reverse("ideas:round_chair", args=[open_round.pk]))
    assert page.status_code == 200 and b"<svg" not in page.content  # no groups yet: no map
    deadline = timezone.localdate() + timedelta(days=10)
    r = client.post(
        reverse("ideas:idea_promote", args=[idea.pk]),
        {"text": idea.text, "owner": staff_a1.pk, "deadline": deadline.isoformat(), "expected_result": "Sổ đã số hóa"},
    )
    assert r.status_code == 302
    decision = Decision.objects.get()
    assert decision.idea == idea and decision.meeting == open_round.meeting
    item = ActionItem.objects.get()
    assert item.owner == staff_a1
    client.force_login(staff_a1)
    home = client.get(reverse("home")).content.decode()
    assert "Sổ đã số hóa" in home


def test_meeting_creation_and_minutes_files(client, chair, staff_a, units):
    client.force_login(chair)
    r = client.post(
        reverse("ideas:meeting_new"),
        {
            "unit": units["a"].pk,
            "title": "Giao ban tháng",
            "starts_at": (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Phòng 1",
            "participants": [staff_a.pk],
            "agenda": "Một\nHai",
        },
    )
    meeting = Meeting.objects.get()
    assert r.status_code == 302 and meeting.agenda_items.count() == 2
    pdf = client.get(reverse("ideas:minutes", args=[meeting.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("ideas:minutes", args=[meeting.pk, "docx"]))
    assert docx.content[:2] == b"PK"


def test_an_organiser_finds_their_own_unit_chosen(client, chair, units):
    client.force_login(chair)  # may organise in unit A and the department below it
    for name in ("ideas:meeting_new", "ideas:campaign_new"):
        page = client.get(reverse(name)).content.decode()
        assert f'<option value="{units["a"].pk}" selected>' in page, name


def test_staff_cannot_call_a_meeting(client, staff_a):
    client.force_login(staff_a)
    assert client.get(reverse("ideas:meeting_new")).status_code == 403
    assert client.get(reverse("ideas:campaign_new")).status_code == 403


def test_polled_parts_keep_polling_while_open(client, open_round, chair):
    client.force_login(chair)
    part = client.get(reverse("ideas:round_chair", args=[open_round.pk]) + "?part=ranking", HTTP_HX_REQUEST="true")
    assert b'hx-trigger="every 3s"' in part.content
    live = client.get(reverse("ideas:round_ideas", args=[open_round.pk]), HTTP_HX_REQUEST="true")
    assert b'hx-trigger="every 3s"' in live.content
    services.round_close(actor=chair, round=open_round)
    assert b"hx-trigger" not in client.get(reverse("ideas:round_ideas", args=[open_round.pk])).content


def test_a_vote_from_the_list_returns_its_row(client, open_round, staff_a):
    idea = services.idea_submit(actor=staff_a, round=open_round, text="Một ý kiến")
    client.force_login(staff_a)
    client.cookies["civildesk_language"] = "en"
    r = client.post(
        reverse("ideas:idea_vote", args=[idea.pk]),
        {"value": "-1"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET=f"idea-{idea.pk}",
    )
    body = r.content.decode()
    assert body.startswith(f'<li id="idea-{idea.pk}">') and 'value="-1" aria-pressed="true"' in body
    assert "agree 0 · disagree 1 · pass 0" in body


def test_the_map_is_valid_svg_in_every_language(client, open_round, chair, meeting, make_persona, units):
    import re

    from civildesk.org.models import Role

    people = [make_persona(f"map.p{i}", units["a"], Role.STAFF) for i in range(4)]
    meeting.participants.add(*people)
    ideas = [services.idea_submit(actor=people[0], round=open_round, text=f"Ý kiến số {i}") for i in range(8)]
    for p, person in enumerate(people):
        for i, idea in enumerate(ideas):
            services.vote_cast(actor=person, idea=idea, value=1 if (p < 2) == (i < 4) else -1)
    client.force_login(chair)
    for language in ("vi", "en", "bn"):
        client.cookies["civildesk_language"] = language
        html = client.get(reverse("ideas:round_chair", args=[open_round.pk])).content.decode()
        coordinates = re.findall(r'<circle cx="([^"]+)" cy="([^"]+)" r="5"', html)
        assert len(coordinates) >= 2 and all(re.fullmatch(r"-?\d+(\.\d+)?", c) for xy in coordinates for c in xy)
