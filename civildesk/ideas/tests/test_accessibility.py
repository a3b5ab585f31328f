"""axe-core on the pages of meetings and ideas (chair and participant), phone and desk widths."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from civildesk.ideas import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[3] / "var" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("critical", "serious")


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """axe-core is injected as an inline script, which the Content-Security-Policy refuses."""
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        message = f"{AXE} is missing: run scripts/install-axe.sh (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def _violations(page, axe_source: str) -> list[str]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations'], "
        "runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return [
        f"{v['impact']} {v['id']}: {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("width", [1280, 390])
def test_pages_of_meetings_and_ideas(page, live_server, units, make_persona, axe_source, width, settings):
    from civildesk.org.models import Role

    settings.CIVILDESK_INDEX_DENSE = False
    chair = make_persona("a11y.chair", units["a"], Role.LEADER)
    people = [make_persona(f"a11y.p{i}", units["a"], Role.STAFF) for i in range(5)]
    meeting = services.meeting_create(
        actor=chair, unit=units["a"], title="Họp", starts_at=timezone.now(), participants=people, agenda=["Một"]
    )
    rnd = services.round_open(actor=chair, round=services.round_create(actor=chair, meeting=meeting, question="?"))
    ideas = [services.idea_submit(actor=people[0], round=rnd, text=f"Ý kiến {i} về họp không giấy") for i in range(8)]
    for p, person in enumerate(people):
        for i, idea in enumerate(ideas):
            services.vote_cast(actor=person, idea=idea, value=1 if (p < 2) == (i < 4) else -1)
    decision = services.decision_create(actor=chair, idea=ideas[0], text="Kết luận")
    item = services.action_item_add(
        actor=chair,
        decision=decision,
        owner=people[1],
        deadline=timezone.localdate() - timedelta(days=1),
        expected_result="Việc",
    )
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", chair.username)
    page.fill("input[name=password]", "Correct-Horse-42")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    problems = []
    for path in (
        "/ideas/",
        meeting.get_absolute_url(),
        rnd.get_absolute_url(),
        f"/ideas/rounds/{rnd.pk}/chair/",
        item.get_absolute_url(),
        "/ideas/meetings/new/",
        "/",
    ):
        page.goto(f"{live_server.url}{path}")
        problems += [f"{path}: {v}" for v in _violations(page, axe_source)]
        if width == 390:
            overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
            assert not overflow, f"{path} is wider than a phone"
    assert not problems, "\n".join(problems)
