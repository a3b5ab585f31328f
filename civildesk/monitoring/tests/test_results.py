"""The roll-up read from the database: only approved values count; measured values from records."""

from __future__ import annotations

from datetime import date

import pytest

from civildesk.monitoring.services import results
from civildesk.monitoring.services.reports import REPORTS

pytestmark = pytest.mark.django_db


def _approve(report, officer, office):
    REPORTS.apply(report, "submit", actor=officer)
    return REPORTS.apply(report, "approve", actor=office)


def test_only_approved_values_count_and_units_are_aggregated(save, officer_a, officer_b, office, resolution, units):
    r = results.results(resolution, 2025)
    assert (r.achieved, r.total) == (0, 3)
    assert r.by_status["no_data"] == 3
    a = save(officer_a, units["a"], "I1", 100)
    b = save(officer_b, units["b"], "I1", 60)
    assert results.results(resolution, 2025).by_status["no_data"] == 3  # drafts do not count
    _approve(a, officer_a, office)
    _approve(b, officer_b, office)
    row = next(t for t in results.results(resolution, 2025).targets if t.target.code == "1")
    assert row.value == pytest.approx(80.0)  # mean of the two units
    assert row.status == "not_achieved" and row.progress == pytest.approx(80.0)
    assert row.units_reported == 2


def test_lower_is_better_target_achieved(save, officer_b, office, resolution, units):
    _approve(save(officer_b, units["b"], "I2", 25), officer_b, office)
    r = results.results(resolution, 2025)
    row = next(t for t in r.targets if t.target.code == "2")
    assert row.status == "achieved"
    assert (r.achieved, r.total) == (1, 3)
    pillar = r.pillars[0]
    assert pillar.progress == 100.0 and pillar.without_data == 1


def test_a_measured_target_takes_its_value_from_records(resolution, monkeypatch):
    from civildesk.monitoring import measured

    calls = []

    def fake(paths, start, end, with_records):
        calls.append((paths, start, end))
        return measured.Measurement(numerator=3, denominator=4)

    monkeypatch.setitem(
        measured.REGISTRY, "signing.signed_share", measured.Measure(key="signing.signed_share", label="x", compute=fake)
    )
    row = next(t for t in results.results(resolution, 2025).targets if t.target.code == "3")
    assert row.measured and row.value == 75.0
    assert calls == [(None, date(2025, 1, 1), date(2025, 12, 31))]


def test_a_unit_reporting_quarters_counts_with_its_latest_quarter(
    save, officer_a, officer_b, office, resolution, units
):
    from datetime import date

    from civildesk.monitoring.services.periods import period_open

    q1 = period_open(actor=office, resolution=resolution, year=2025, quarter=1, due_on=date(2025, 4, 15))
    q3 = period_open(actor=office, resolution=resolution, year=2025, quarter=3, due_on=date(2025, 10, 15))
    _approve(save(officer_a, units["a"], "I1", 20, period=q1), officer_a, office)
    _approve(save(officer_a, units["a"], "I1", 40, period=q3), officer_a, office)  # A: only quarters → Q3's 40
    _approve(save(officer_b, units["b"], "I1", 10, period=q3), officer_b, office)
    _approve(save(officer_b, units["b"], "I1", 80), officer_b, office)  # B: the year's 80 wins over its Q3
    row = next(t for t in results.results(resolution, 2025).targets if t.target.code == "1")
    assert row.units_reported == 2 and row.value == pytest.approx(60.0)
