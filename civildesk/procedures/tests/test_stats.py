"""The statistics in SQL agree with the plain-Python Decision 766 rules, on the demo dossiers."""

from __future__ import annotations

from datetime import date

import pytest

from civildesk.org.demo import load as load_org
from civildesk.procedures import demo, scores
from civildesk.procedures.models import Digitisation, Dossier, Status
from civildesk.procedures.services import stats

pytestmark = pytest.mark.django_db


def _facts(d: Dossier) -> scores.Facts:
    return scores.Facts(
        online=d.channel == "online",
        paid_online=d.paid_online,
        has_fee=d.version.fee_amount > 0,
        finished_on=d.finished_on,
        due_date=d.due_date,
        supplements=d.supplement_count,
        waiting_supplement=d.status == Status.SUPPLEMENT,
        complaint=d.complaint,
        digitised=all(c.digitisation != Digitisation.NONE for c in d.components.all()),
    )


def test_the_demo_has_every_status_and_the_sql_report_matches_the_python_rules(sysadmin):
    load_org()
    created = demo.load()
    assert created["procedures"] >= 15 and created["dossiers"] >= 400
    assert set(Dossier.objects.values_list("status", flat=True)) == set(Status.values)
    assert Dossier.objects.filter(extended_on__isnull=False).exists()
    assert Dossier.objects.filter(supplement_count__gt=0).exists()
    assert demo.load() == {"procedures": 0, "dossiers": 0}  # idempotent
    period = stats.Period(date(2025, 1, 1), date(2026, 12, 31))
    rows = dict(stats.report_by(sysadmin, period, "unit"))
    for unit_name, report in rows.items():
        qs = Dossier.objects.filter(unit__name=unit_name).select_related("version").prefetch_related("components")
        expected = scores.evaluate([_facts(d) for d in qs], period.end, stats.rules())
        got = (
            report.total,
            report.on_time,
            report.late,
            report.waiting,
            report.online,
            report.digitised,
            report.rates,
            report.points,
        )
        want = (expected.total, expected.on_time, expected.late, expected.waiting, expected.online, expected.digitised, expected.rates, expected.points)  # fmt: skip
        assert got == want, unit_name


def test_the_due_panel_counts_per_unit(register, clerk_a, boss_a, staff_b):
    from civildesk.procedures.services import DOSSIERS

    d = DOSSIERS.apply(register().dossier, "accept", actor=clerk_a)
    Dossier.objects.filter(pk=d.pk).update(due_date=date(2020, 1, 1))
    rows = stats.due_panel(boss_a)
    assert [(r["unit__name"], r["overdue"]) for r in rows] == [(d.unit.name, 1)]
    assert stats.due_panel(staff_b) == []
