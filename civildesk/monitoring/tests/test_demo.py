"""The demo resolution: 30 targets in five pillars, 22/30 achieved in 2025, some missing, late and returned."""

from __future__ import annotations

import pytest

from civildesk.monitoring import demo
from civildesk.monitoring.models import Report, ReportStatus, Resolution
from civildesk.monitoring.services import results

pytestmark = pytest.mark.django_db


def test_demo_is_consistent_and_idempotent():
    from civildesk.org import demo as org_demo

    org_demo.load()
    first = demo.load()
    assert first["targets"] == 30 and first["reports"] > 150
    assert demo.load() == {"targets": 0, "reports": 0, "dti_values": 0}
    resolution = Resolution.objects.get(code=demo.CODE)
    assert [p.code for p in resolution.pillars.all()] == ["DANG", "CQS", "KTS", "XHS", "CKS"]
    r = results.results(resolution, 2025)
    assert (r.achieved, r.total) == (22, 30)
    assert r.by_status["no_data"] == 2
    statuses = set(Report.objects.filter(period__year=2025).values_list("status", flat=True))
    assert {ReportStatus.RETURNED, ReportStatus.SUBMITTED, ReportStatus.APPROVED} <= statuses
    assert any(rep.is_late for rep in Report.objects.select_related("period"))
    years = results.compute(resolution, [2021, 2022, 2023, 2024])
    assert all(years[y].achieved < 22 for y in years)
    assert years[2022].by_status["no_data"] >= 1  # some targets were not reported that year
