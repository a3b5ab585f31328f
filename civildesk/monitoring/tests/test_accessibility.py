"""axe-core on the monitoring pages (dashboard, pillar, target, report, period, ranking, scorecard)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from civildesk.monitoring.services.ranking import dti_input_set
from civildesk.monitoring.services.reports import REPORTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[3]
AXE = ROOT / "var" / "npm" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """axe-core is injected inline, which the Content-Security-Policy refuses; only the checker bypasses it."""
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture(scope="module")
def axe_source() -> str:
    if AXE.exists():
        return AXE.read_text(encoding="utf-8")
    if os.environ.get("CI"):
        pytest.fail(f"{AXE} is missing: run scripts/install-axe.sh (make test does)")
    pytest.skip(f"{AXE} is missing: run scripts/install-axe.sh (make test does)")


def test_monitoring_pages_have_no_serious_violation(
    page, live_server, axe_source, save, period, officer_a, office, units
):
    from decimal import Decimal

    from civildesk.monitoring import dti_frameworks

    report = REPORTS.apply(save(officer_a, units["a"], "I1", 40), "submit", actor=officer_a)
    dti_input_set(
        actor=office,
        framework=dti_frameworks.LOCAL,
        year=2025,
        unit=units["a"],
        values={"1.1": Decimal(1)},
        evidence="12/KH-UBND",
    )
    target = period.resolution.pillars.first().targets.first()
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", office.username)
    page.fill("input[name=password]", "Correct-Horse-42")
    page.click("main button.primary")
    found = {}
    for path in (
        "/monitoring/?year=2025",
        f"/monitoring/pillars/{target.pillar.pk}/?year=2025",
        f"/monitoring/targets/{target.pk}/?year=2025",
        f"/monitoring/reports/{report.pk}/",
        f"/monitoring/periods/{period.pk}/",
        f"/monitoring/resolutions/{period.resolution.pk}/",
        "/monitoring/ranking/?year=2025",
        f"/monitoring/ranking/units/{units['a'].pk}/?year=2025",
    ):
        page.goto(live_server.url + path)
        page.add_script_tag(content=axe_source)
        result = page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations'], "
            "runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
        )
        bad = [
            f"{v['impact']} {v['id']}: " + "; ".join(n["target"][0] for n in v["nodes"][:3])
            for v in result["violations"]
            if v["impact"] in ("critical", "serious")
        ]
        if bad:
            found[path] = bad
    assert not found, found
