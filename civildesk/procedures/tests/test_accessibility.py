"""axe-core on the pages of the procedures app (citizen portal and staff pages): no critical or serious violation."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[3] / "var" / "npm" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True}  # only the checker's inline script needs it


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{AXE} is missing: run scripts/install-axe.sh")
        pytest.skip(f"{AXE} is missing: run scripts/install-axe.sh (make test does)")
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
        if v["impact"] in ("critical", "serious")
    ]


@pytest.mark.parametrize("width", [1280, 390])
def test_portal_and_staff_pages(page, live_server, axe_source, register, procedure, boss_a, width):
    r = register(public=True)
    d = r.dossier
    page.set_viewport_size({"width": width, "height": 900})
    problems = []
    public = [
        "/procedures/public/?q=xay+dung",
        procedure.get_absolute_url(),
        f"/procedures/public/p/{procedure.code}/submit/",
        "/procedures/public/track/",
    ]
    for path in public:
        page.goto(f"{live_server.url}{path}")
        problems += [f"{path}: {v}" for v in _violations(page, axe_source)]
    page.fill("#id_code", d.code)
    page.fill("#id_secret", r.pin)
    page.click("main button.primary")
    problems += [f"tracked: {v}" for v in _violations(page, axe_source)]
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", boss_a.username)
    page.fill("input[name=password]", "Correct-Horse-42")
    page.click("main button.primary")
    page.wait_for_url(f"{live_server.url}/")
    problems += [f"home: {v}" for v in _violations(page, axe_source)]
    for path in ("/procedures/", d.get_absolute_url(), "/procedures/dossiers/new/", "/procedures/statistics/"):
        page.goto(f"{live_server.url}{path}")
        problems += [f"{path}: {v}" for v in _violations(page, axe_source)]
    assert not problems, "\n".join(problems)
