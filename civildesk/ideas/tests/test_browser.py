"""Two participants submit and vote from two browsers; the chair watches the ranking change, merges
two similar ideas and promotes one to a decision whose action item reaches its owner's home page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from civildesk.ideas import services
from civildesk.ideas.models import Idea

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Correct-Horse-42"


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button.primary")
    page.wait_for_url(f"{live_server.url}/")


def _submit(page, text, anonymous=False):
    page.fill("#idea-form textarea[name=text]", text)
    if anonymous:
        page.check("#id_anonymous")
    # Wait for the server's answer, not for a message an earlier submission may have left.
    with page.expect_response(lambda r: r.request.method == "POST" and "/ideas/" in r.url) as answer:
        page.click("#idea-form button[type=submit]")
    assert answer.value.ok, answer.value.status
    page.wait_for_selector("#participate .msg-success")


def _vote(page, idea, value):
    page.click(f"#idea-{idea.pk} button[value='{value}']")
    page.wait_for_selector(f"#idea-{idea.pk} button[value='{value}'][aria-pressed=true]")


def test_two_participants_and_the_chair(browser, live_server, units, make_persona):
    from civildesk.org.models import Role

    chair = make_persona("chair.a", units["a"], Role.LEADER)
    one = make_persona("one.a", units["a"], Role.STAFF)
    two = make_persona("two.a", units["a"], Role.STAFF)
    meeting = services.meeting_create(
        actor=chair,
        unit=units["a"],
        title="Họp không giấy",
        starts_at=timezone.now(),
        participants=[one, two],
    )
    rnd = services.round_open(
        actor=chair, round=services.round_create(actor=chair, meeting=meeting, question="Bỏ giấy trong họp?")
    )
    contexts = [browser.new_context(viewport={"width": 390, "height": 844}) for _ in range(3)]
    try:
        _scenario(live_server, rnd, one, two, chair, *(c.new_page() for c in contexts))
    finally:
        for ctx in contexts:  # stop the polling pages before the live server goes away
            ctx.close()


def _scenario(live_server, rnd, one, two, chair, p1, p2, boss):
    for page, user in ((p1, one), (p2, two), (boss, chair)):
        _login(page, live_server, user.username)
    p1.goto(f"{live_server.url}{rnd.get_absolute_url()}")
    p2.goto(f"{live_server.url}{rnd.get_absolute_url()}")
    boss.goto(f"{live_server.url}/ideas/rounds/{rnd.pk}/chair/")

    _submit(p1, "Gửi tài liệu họp qua hệ thống điện tử, không in giấy")
    _submit(p2, "Họp trực tuyến với các xã ở xa để đỡ đi lại")
    a = Idea.objects.get(text__startswith="Gửi tài liệu")
    c = Idea.objects.get(text__startswith="Họp trực tuyến")
    # While typing, the second participant is shown the idea already there.
    p2.fill("#idea-form textarea[name=text]", "gui tai lieu hop qua he thong dien tu, khong in giay")
    p2.wait_for_selector("#similar li:has-text('Gửi tài liệu họp qua hệ thống điện tử')")
    p2.click("#similar .similar-agree")  # ... and votes for it instead
    p2.wait_for_selector(f"#idea-{a.pk} button[value='1'][aria-pressed=true]")
    # (then submits the duplicate anyway: the chair will merge the two)
    _submit(p2, "gui tai lieu hop qua he thong dien tu, khong in giay", anonymous=True)
    b = Idea.objects.get(anonymous=True)
    assert b.author_id is None

    # Both support C: the chair's ranking (polled) puts it first.
    p1.wait_for_selector(f"#idea-{c.pk}")
    p2.wait_for_selector(f"#idea-{c.pk}")
    _vote(p1, c, 1)
    _vote(p2, c, 1)
    boss.wait_for_selector(f"#ranking tbody tr:first-child#rank-{c.pk}", timeout=15000)
    # They change their minds (a vote changes while the round is open): A goes first.
    _vote(p1, c, -1)
    _vote(p2, c, -1)
    _vote(p1, a, 1)
    _vote(p2, b, 1)
    _vote(p2, a, 1)  # voted for A and for its duplicate B: counts once after the merge
    boss.wait_for_selector(f"#ranking tbody tr:first-child#rank-{a.pk}", timeout=15000)

    # The chair merges the two similar ideas; the votes stay, each person once.
    boss.reload()
    boss.click(f"form[action$='/ideas/{b.pk}/merge/'] button")
    boss.wait_for_selector(f"#rank-{a.pk}")
    assert boss.locator(f"#rank-{b.pk}").count() == 0
    assert boss.inner_text(f"#rank-{a.pk} td:nth-child(3)") == "2"

    # ... and promotes A to a decision with an action item for the second participant.
    boss.click(f"#promote-{a.pk} >> xpath=.. >> summary")
    boss.select_option(f"#d-owner-{a.pk}", str(two.pk))
    boss.fill(f"#d-deadline-{a.pk}", (timezone.localdate() + timedelta(days=7)).isoformat())
    boss.fill(f"#d-result-{a.pk}", "Quy chế họp không giấy")
    boss.click(f"#promote-{a.pk} button[type=submit]")
    boss.wait_for_selector("#h-decisions")
    assert "Quy chế họp không giấy" in boss.inner_text("main")

    p2.goto(f"{live_server.url}/")
    assert "Quy chế họp không giấy" in p2.inner_text("#h-ideas-work >> xpath=..")
