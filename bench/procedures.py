"""The leader's dashboard and statistics with 100,000 dossiers, on SQLite and PostgreSQL, beside a plain-ORM baseline.

Run:
    .venv/bin/python bench/procedures.py --db sqlite
    .venv/bin/python bench/procedures.py --db postgres --url postgres://postgres@127.0.0.1:5432/civildesk_procedures

Builds a fresh database (migrated, the demo province, the demo catalogue) with ``--n`` dossiers (default
100,000) and two components each, bulk-inserted, then times, ``--runs`` times each (p50 / p95, ms):

* dashboard: the home-page panel's query (due soon / overdue by unit), ``services.stats.due_panel``;
* statistics: every query of the statistics page (766 scores by unit and by procedure, by status, by month);
* page: the statistics page rendered through Django's test client (the view, the queries, the template);
* baseline: the same figures computed the plain-ORM way: load the rows and count / score in Python
  (``scores.evaluate`` over every dossier), as a first implementation would.

The PostgreSQL database named in ``--url`` is emptied and rebuilt: give a scratch database.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _setup(args: argparse.Namespace) -> None:
    data = tempfile.mkdtemp(prefix="bench-procedures-")
    os.environ["CIVILDESK_DATA_DIR"] = data
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civildesk.settings")
    if args.db == "postgres":
        os.environ["DATABASE_URL"] = args.url
    else:
        os.environ.pop("DATABASE_URL", None)
    import logging

    import django

    django.setup()
    logging.disable(logging.WARNING)
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)


def _load(n: int) -> None:
    import random
    from datetime import date, datetime
    from datetime import time as dtime
    from zoneinfo import ZoneInfo

    from django.db import transaction
    from django.utils import timezone

    from civildesk.org.demo import load as load_org
    from civildesk.procedures import deadlines, demo
    from civildesk.procedures.models import Channel, Digitisation, Dossier, DossierComponent, Status
    from civildesk.procedures.services.codes import format_code
    from civildesk.workdays import default_calendar

    load_org()
    procs, _added = demo._procedures()
    versions = {p.pk: p.versions.first() for p in procs}
    cal = default_calendar()
    today = timezone.localdate()
    days = demo._working_days(date(2025, 1, 2), today)
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    rng = random.Random(100_000)
    statuses = list(Status.values)
    weights = [4, 4, 5, 6, 2, 2, 3, 2, 4, 68]
    counters: dict[tuple[int, date], int] = {}
    batch: list[Dossier] = []
    t0 = time.perf_counter()
    with transaction.atomic():
        for i in range(n):
            p = procs[i % len(procs)]
            v = versions[p.pk]
            day = rng.choice(days)
            received = datetime.combine(day, dtime(9, 0), tz)
            due = deadlines.due_date(received, v.processing_days, 16)
            status = rng.choices(statuses, weights)[0]
            finished = None
            if status in (Status.DONE, Status.RETURNED, Status.STOPPED, Status.REFUSED, Status.WITHDRAWAL):
                finished = min(today, cal.add_working_days(due, rng.randint(-3, 2)))
            key = (p.unit_id, day)
            counters[key] = counters.get(key, 0) + 1
            batch.append(
                Dossier(
                    code=format_code(p.unit.code, day, counters[key]),
                    unit_id=p.unit_id,
                    procedure=p,
                    version=v,
                    status=status,
                    channel=Channel.ONLINE if rng.random() < 0.55 else Channel.IN_PERSON,
                    paid_online=rng.random() < 0.4,
                    applicant_name="Người nộp",
                    received_at=received,
                    received_on=day,
                    digitised=rng.random() < 0.7,
                    due_date=due if status != Status.NEW else None,
                    original_due_date=due,
                    supplement_count=rng.choices((0, 1, 2), (85, 12, 3))[0],
                    finished_on=finished,
                    complaint=rng.random() < 0.02,
                )
            )
            if len(batch) == 5000:
                _flush(batch, DossierComponent, Digitisation, rng)
        if batch:
            _flush(batch, DossierComponent, Digitisation, rng)
    from django.db import connection

    with connection.cursor() as c:  # as autovacuum would after a bulk load: plans need statistics
        c.execute("ANALYZE")
    print(f"loaded {n:,} dossiers (+{2 * n:,} components) in {time.perf_counter() - t0:.1f} s")


def _flush(batch, DossierComponent, Digitisation, rng) -> None:  # type: ignore[no-untyped-def]
    from civildesk.procedures.models import Dossier

    Dossier.objects.bulk_create(batch, batch_size=5000)
    codes = [d.code for d in batch]
    ids = list(Dossier.objects.filter(code__in=codes).values_list("pk", "digitised"))
    states = list(Digitisation.values)
    DossierComponent.objects.bulk_create(
        [
            DossierComponent(dossier_id=pk, name=name, digitisation=state)
            for pk, digitised in ids
            for name, state in (("Tờ khai", states[1]), ("Giấy tờ tùy thân", states[1] if digitised else states[0]))
        ],
        batch_size=10000,
    )
    batch.clear()


def _baseline_dashboard(user):  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone

    from civildesk.org import policy
    from civildesk.procedures.models import RUNNING, Dossier

    today = timezone.localdate()
    out: dict[str, list[int]] = {}
    for d in policy.filter_queryset(
        Dossier.objects.filter(status__in=RUNNING), user, "procedures.dashboard"
    ).select_related("unit"):
        row = out.setdefault(d.unit.name, [0, 0])
        if d.due_date and d.due_date < today:
            row[0] += 1
        elif d.due_date and d.due_date <= today + timedelta(days=3):
            row[1] += 1
    return out


def _baseline_statistics(user, period):  # type: ignore[no-untyped-def]
    from collections import defaultdict

    from civildesk.org import policy
    from civildesk.procedures import scores
    from civildesk.procedures.models import Digitisation, Dossier, Status

    qs = policy.filter_queryset(Dossier.objects.all(), user, "procedures.dashboard").filter(
        received_on__gte=period.start, received_on__lte=period.end
    )
    by_unit, by_proc = defaultdict(list), defaultdict(list)
    for d in qs.select_related("unit", "procedure", "version").prefetch_related("components"):
        f = scores.Facts(
            online=d.channel == "online", paid_online=d.paid_online, has_fee=d.version.fee_amount > 0,
            finished_on=d.finished_on, due_date=d.due_date, supplements=d.supplement_count,
            waiting_supplement=d.status == Status.SUPPLEMENT, complaint=d.complaint,
            digitised=all(c.digitisation != Digitisation.NONE for c in d.components.all()),
        )  # fmt: skip
        by_unit[d.unit.name].append(f)
        by_proc[d.procedure.name].append(f)
    return [scores.evaluate(v, period.end) for v in (*by_unit.values(), *by_proc.values())]


def _time(fn, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    if runs == 0:
        return float("nan"), float("nan")
    fn()  # warm up
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--url", default="postgres://postgres@127.0.0.1:5432/civildesk_procedures")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--baseline-runs", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="PostgreSQL: time the database a previous run left")
    args = parser.parse_args()
    if args.reuse and args.db == "postgres":
        os.environ["DATABASE_URL"] = args.url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civildesk.settings")
        import django

        django.setup()
    else:
        _setup(args)
        _load(args.n)

    from datetime import date

    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from civildesk.org.models import User
    from civildesk.procedures.services import stats

    leader = User.objects.get(username="ubnd.chutich")  # the province's chairman: every unit
    period = stats.Period(date(2025, 1, 1), timezone.localdate())

    def statistics_queries() -> None:
        stats.summary(leader, period)
        stats.by_month(leader, period)

    client = Client()
    client.force_login(leader)

    def page() -> None:
        assert client.get("/procedures/statistics/", HTTP_HOST="localhost").status_code == 200

    def home() -> None:
        assert client.get("/", HTTP_HOST="localhost").status_code == 200

    rows = [
        ("dashboard panel query", _time(lambda: stats.due_panel(leader), args.runs)),
        ("home page (all panels)", _time(home, args.runs)),
        ("statistics queries", _time(statistics_queries, args.runs)),
        ("  766 scores and statuses (1 query)", _time(lambda: stats.summary(leader, period), args.runs)),
        ("  by month (1 query)", _time(lambda: stats.by_month(leader, period), args.runs)),
        ("statistics page", _time(page, args.runs)),
        ("baseline dashboard (ORM rows)", _time(lambda: _baseline_dashboard(leader), args.baseline_runs)),
        ("baseline statistics (ORM rows)", _time(lambda: _baseline_statistics(leader, period), args.baseline_runs)),
    ]
    print(f"{connection.vendor}, {args.n:,} dossiers, {args.runs} runs ({args.baseline_runs} for baselines)")
    print(f"{'what':<34}{'p50 ms':>10}{'p95 ms':>10}")
    for name, (p50, p95) in rows:
        print(f"{name:<34}{p50:>10.1f}{p95:>10.1f}")


if __name__ == "__main__":
    main()
