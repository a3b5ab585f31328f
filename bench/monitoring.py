"""Benchmark of the monitoring dashboard and the DTI ranking at province scale.

Builds, in a throw-away SQLite database (and in PostgreSQL when a URL is
given), a resolution of 100 targets (one indicator each) reported by 200
units for 5 years — 100,000 approved reports — and DTI values of the 200
units for the 5 years, then times, for the year 2025 with its 4-year trend:

- ``dashboard``: the page as a leader gets it (``/monitoring/``: roll-up of 5
  years, ranking, charts, HTML), through Django's test client;
- ``ranking``: the ranking page (``/monitoring/ranking/``);
- ``roll-up``: ``services.results.compute`` alone; ``ranking()`` alone;
- beside them the plain-ORM baseline: one aggregate query per target and
  year, one query per unit for its DTI values.

Usage:
  .venv/bin/python bench/monitoring.py [--pg postgres://postgres@127.0.0.1:5432/civildesk_monitoring] [--repeat 5]

The PostgreSQL database must exist; its monitoring tables are emptied first.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

UNITS, INDICATORS, YEARS = 200, 100, (2021, 2022, 2023, 2024, 2025)


def _timed(fn, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times)


def child(repeat: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civildesk.settings")
    import django

    django.setup()
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Avg
    from django.test import Client

    from civildesk.monitoring import dti, dti_frameworks
    from civildesk.monitoring.models import (
        DtiInput,
        Indicator,
        Pillar,
        Report,
        ReportingPeriod,
        ReportStatus,
        Resolution,
        Target,
    )
    from civildesk.monitoring.services import ranking, results
    from civildesk.org.models import Role, RoleAssignment, Unit, User

    call_command("migrate", verbosity=0)
    for model in (Report, DtiInput, ReportingPeriod, Indicator, Target, Pillar, Resolution):
        model.objects.all().delete()
    RoleAssignment.objects.filter(user__username="bench.leader").delete()
    User.objects.filter(username="bench.leader").delete()
    Unit.objects.filter(code__startswith="BENCH-").delete()
    Unit.objects.filter(code="BENCH").delete()

    t0 = time.perf_counter()
    province = Unit.objects.create(code="BENCH", name="Tỉnh Bench", kind="province", path="")
    province.path = f"/{province.pk}/"
    province.save(update_fields=["path"])
    Unit.objects.bulk_create(
        [
            Unit(
                code=f"BENCH-{n:03d}",
                name=f"{'Sở' if n < UNITS // 2 else 'Xã'} {n:03d}",
                kind="department" if n < UNITS // 2 else "commune",
                parent=province,
                depth=1,
            )
            for n in range(UNITS)
        ]
    )
    units = list(Unit.objects.filter(code__startswith="BENCH-").order_by("code"))
    for u in units:
        u.path = f"{province.path}{u.pk}/"
    Unit.objects.bulk_update(units, ["path"])
    leader = User.objects.create_user("bench.leader", password="x")
    RoleAssignment.objects.create(user=leader, unit=province, role=Role.LEADER)

    res = Resolution.objects.create(unit=province, code="BENCH", number="1-NQ/TU", title="Bench", start_year=2020)
    pillars = [Pillar.objects.create(resolution=res, code=f"P{p}", name=f"Trụ cột {p}", order=p) for p in range(5)]
    Target.objects.bulk_create(
        [
            Target(
                pillar=pillars[i % 5],
                code=str(i),
                title=f"Chỉ tiêu {i}",
                unit_of_measure="%",
                baseline=10,
                target_value=90,
                responsible_unit=units[i % UNITS],
                order=i,
            )
            for i in range(INDICATORS)
        ]
    )
    targets = list(Target.objects.filter(pillar__resolution=res).order_by("order"))
    Indicator.objects.bulk_create(
        [Indicator(target=t, code=f"B{t.order:03d}", name=t.title, unit_of_measure="%") for t in targets]
    )
    indicators = list(Indicator.objects.filter(target__in=targets).order_by("code"))
    periods = {
        y: ReportingPeriod.objects.create(resolution=res, year=y, due_on=f"{y + 1}-01-31", status="closed")
        for y in YEARS
    }
    batch = []
    for y in YEARS:
        for i, ind in enumerate(indicators):
            for k, u in enumerate(units):
                batch.append(
                    Report(
                        period=periods[y],
                        unit=u,
                        indicator=ind,
                        status=ReportStatus.APPROVED,
                        value=Decimal(10 + (y - 2020) * 15 + (i + k) % 7),
                        evidence_kind="link",
                        evidence_url="https://example.gov.vn/x",
                    )
                )
            if len(batch) >= 20000:
                Report.objects.bulk_create(batch)
                batch = []
    Report.objects.bulk_create(batch)
    fw = dti_frameworks.LOCAL
    DtiInput.objects.bulk_create(
        [
            DtiInput(
                framework=fw.key, year=y, unit=u, component=c.code, value=Decimal((k * 7 + len(c.code) * 13 + y) % 100)
            )
            for y in YEARS
            for k, u in enumerate(units)
            for c in fw.components()
        ],
        batch_size=10000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    print(
        f"[{connection.vendor}] data: {Report.objects.count():,} reports, {DtiInput.objects.count():,} DTI values, "
        f"{len(units)} units, {len(indicators)} indicators, {len(YEARS)} years; built in {time.perf_counter() - t0:.1f} s"
    )

    client = Client()
    client.force_login(leader)
    client.cookies["django_language"] = "en"

    def page(url: str):  # type: ignore[no-untyped-def]
        def get() -> None:
            r = client.get(url)
            assert r.status_code == 200, r.status_code

        return get

    def baseline_rollup() -> None:
        for y in YEARS:
            for t in targets:
                Report.objects.filter(indicator__target=t, period__year=y, status=ReportStatus.APPROVED).aggregate(
                    v=Avg("value")
                )

    def baseline_ranking() -> None:
        cards = []
        for u in units:
            values = dict(
                DtiInput.objects.filter(framework=fw.key, year=2025, unit=u).values_list("component", "value")
            )
            cards.append(dti.score(fw, u, {k: float(v) for k, v in values.items()}))
        dti.rank(cards)

    rows = [
        ("dashboard page (/monitoring/?year=2025)", page("/monitoring/?year=2025")),
        ("ranking page (/monitoring/ranking/?year=2025)", page("/monitoring/ranking/?year=2025")),
        ("roll-up, 5 years (services.results.compute)", lambda: results.compute(res, list(YEARS))),
        ("ranking 2025 (services.ranking.ranking)", lambda: ranking.ranking(2025)),
        ("baseline: roll-up, one query per target and year", baseline_rollup),
        ("baseline: ranking, one query per unit", baseline_ranking),
    ]
    for label, fn in rows:
        median, worst = _timed(fn, repeat)
        print(f"[{connection.vendor}] {label:52} median {median:8.1f} ms   max {worst:8.1f} ms")
    check = results.compute(res, [2025])[2025]
    print(f"[{connection.vendor}] check: {check.achieved}/{check.total} targets achieved in 2025")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg", default="", help="PostgreSQL URL (its monitoring tables are emptied)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.repeat)
        return 0
    tmp = tempfile.mkdtemp(prefix="civildesk-bench-monitoring-")
    runs = [{"CIVILDESK_DATA_DIR": tmp, "DATABASE_URL": ""}]
    if args.pg:
        runs.append({"CIVILDESK_DATA_DIR": tmp, "DATABASE_URL": args.pg})
    for extra in runs:
        env = {**os.environ, **extra}
        if not extra["DATABASE_URL"]:
            env.pop("DATABASE_URL")
        subprocess.run([sys.executable, __file__, "--child", "--repeat", str(args.repeat)], env=env, check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
