"""Demo data of the monitoring app (deterministic, bulk-created, idempotent): see ``demo_data.py``.

Reports 2021–2024 are approved in closed periods; 2025 is open: most values
approved, one returned, one waiting for review — approving it makes the
headline 23/30. DTI values of the departments and communes (and of the
districts until 2024) come from a fixed hash, so every load is the same.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from civildesk.org.models import Person, Position, Role, RoleAssignment, Unit, User

from . import demo_data as D
from . import dti_frameworks
from .models import (
    DtiInput,
    Indicator,
    PeriodStatus,
    Pillar,
    Report,
    ReportEvent,
    ReportingPeriod,
    ReportStatus,
    ReportVersion,
    Resolution,
    Source,
    Target,
)

CODE = "NQ49-LS"


def _officers(units: dict[str, Unit]) -> dict[str, User]:
    from civildesk.org.demo import DEMO_PASSWORD

    users = {}
    for username, full_name, code in D.OFFICERS:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            person = Person.objects.create(user=user, full_name=full_name)
            Position.objects.create(
                person=person, unit=units[code], title="Chuyên viên chuyển đổi số", start_date=date(2024, 1, 1)
            )
        RoleAssignment.objects.get_or_create(user=user, unit=units[code], role=Role.DT_OFFICER)
        users[code] = user
    stttt = User.objects.filter(username="stttt.cds").first()
    if stttt is not None:
        users["LS-STTTT"] = stttt
    return users


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), timezone.get_current_timezone())


def _round(value: float, uom: str) -> Decimal:
    return Decimal(str(round(value))) if uom not in ("%", "phút", "ngày") else Decimal(str(round(value, 1)))


def _value(t: tuple[Any, ...], year: int) -> float:
    _p, _title, _uom, base, target, _h, _d, _r, _c, outcome = t
    final = {"A": target + (target - base) * 0.02, "N": base + (target - base) * 0.7, "Z": base}.get(outcome, target)
    return base + (final - base) * D.SHARE[year]


@transaction.atomic
def load(stdout: Any = None) -> dict[str, int]:
    created = {"targets": 0, "reports": 0, "dti_values": 0}
    units = {u.code: u for u in Unit.objects.all()}
    if "LS" not in units:
        return created  # the org demo was not loaded
    users = _officers(units)
    if Resolution.objects.filter(code=CODE).exists():
        return created
    office = users["LS"]
    resolution = Resolution.objects.create(
        unit=units["LS"],
        code=CODE,
        number="49-NQ/TU",
        title="Nghị quyết về chuyển đổi số tỉnh Lạng Sơn đến năm 2025, định hướng đến năm 2030",
        issued_on=date(2021, 7, 22),
        start_year=2020,
        target_year=2025,
        horizon_year=2030,
    )
    pillars = {
        code: Pillar.objects.create(resolution=resolution, code=code, name=name, order=n)
        for n, (code, name) in enumerate(D.PILLARS, start=1)
    }
    targets, indicators = [], []
    for n, t in enumerate(D.TARGETS, start=1):
        p, title, uom, base, target, horizon, direction, resp, _contrib, _o = t
        targets.append(
            Target(
                pillar=pillars[p],
                code=str(n),
                title=title,
                unit_of_measure=uom,
                baseline=Decimal(str(base)),
                target_value=Decimal(str(target)),
                horizon_value=Decimal(str(horizon)),
                direction=direction,
                responsible_unit=units[resp],
                order=n,
            )
        )
    Target.objects.bulk_create(targets)
    targets = list(Target.objects.filter(pillar__resolution=resolution).order_by("order"))
    through = Target.contributing_units.through
    through.objects.bulk_create(
        [through(target_id=targets[n].pk, unit_id=units[c].pk) for n, t in enumerate(D.TARGETS) for c in t[8]]
    )
    for n, (t, row) in enumerate(zip(targets, D.TARGETS, strict=True), start=1):
        indicators.append(Indicator(target=t, code=f"NQ49-{n:02d}", name=t.title, unit_of_measure=row[2], order=1))
        for k, (key, name) in enumerate(D.MEASURED.get(n, []), start=2):
            indicators.append(
                Indicator(
                    target=t,
                    code=f"NQ49-{n:02d}.{k}",
                    name=name,
                    unit_of_measure="%",
                    source=Source.MEASURED,
                    measure_key=key,
                    headline=False,
                    order=k,
                )
            )
    Indicator.objects.bulk_create(indicators)
    headline = {i.target_id: i for i in Indicator.objects.filter(target__in=targets, headline=True)}
    created["targets"] = len(targets)

    periods = {}
    for year in D.YEARS:
        periods[year] = ReportingPeriod.objects.create(
            resolution=resolution,
            year=year,
            due_on=date(year + 1, 1, 31),
            opened_by=office,
            status=PeriodStatus.OPEN if year == 2025 else PeriodStatus.CLOSED,
        )
    reports: list[Report] = []
    plan: list[tuple[Report, str, bool]] = []  # report, how it ends, corrected once
    for n, (t, row) in enumerate(zip(targets, D.TARGETS, strict=True), start=1):
        reporters = [row[7], *row[8]]
        for year in D.YEARS:
            if (year, n) in D.MISSING:
                continue
            outcome = row[9] if year == 2025 else "A"
            for k, code in enumerate(reporters):
                if k > 0 and (year + n + k) % 4 == 0:
                    continue  # a contributing unit that did not report that year
                due = periods[year].due_on
                late = (year, n) in D.LATE and k == 0
                submitted = due + timedelta(days=9) if late else due - timedelta(days=10 + (n * 7 + k) % 20)
                value = _round(_value(row, year), row[2])
                status = {"R": ReportStatus.RETURNED, "S": ReportStatus.SUBMITTED}.get(outcome, ReportStatus.APPROVED)
                corrected = (year, n) in D.CORRECTED and k == 0
                r = Report(
                    period=periods[year],
                    unit=units[code],
                    indicator=headline[t.pk],
                    status=status,
                    value=value,
                    evidence_kind="document" if (n + year) % 3 else "link",
                    evidence_number=f"{10 + n}/BC-{code.split('-')[-1]}" if (n + year) % 3 else "",
                    evidence_date=submitted if (n + year) % 3 else None,
                    evidence_url="" if (n + year) % 3 else f"https://langson.gov.vn/cds/{year}/{n}",
                    note="Số liệu tổng hợp từ báo cáo của đơn vị.",
                    version=2 if corrected or status == ReportStatus.RETURNED else 1,
                    reported_by=users.get(code),
                    reported_at=_at(submitted - timedelta(days=1)),
                    submitted_at=_at(submitted),
                    reviewed_by=office if status != ReportStatus.SUBMITTED else None,
                    reviewed_at=_at(submitted + timedelta(days=3)) if status != ReportStatus.SUBMITTED else None,
                    review_comment="Đề nghị bổ sung biên bản kiểm tra làm minh chứng."
                    if status == ReportStatus.RETURNED
                    else "",
                )
                reports.append(r)
                plan.append((r, status, corrected))
    Report.objects.bulk_create(reports)
    versions, events = [], []
    for r, status, corrected in plan:
        n_versions = 2 if corrected or status == ReportStatus.RETURNED else 1
        for v in range(1, n_versions + 1):
            first = v == 1 and n_versions == 2
            versions.append(
                ReportVersion(
                    report=r,
                    number=v,
                    value=r.value - (Decimal(1) if first and status != ReportStatus.RETURNED else 0),
                    evidence_kind=r.evidence_kind,
                    evidence_url=r.evidence_url,
                    evidence_number=r.evidence_number,
                    evidence_date=r.evidence_date,
                    note=r.note,
                    created_by=r.reported_by,
                    created_at=r.reported_at,
                )
            )
        steps = [("submit", "draft", "submitted", "")]
        if corrected:
            steps += [
                ("return", "submitted", "returned", "Số liệu chưa khớp với báo cáo quý."),
                ("submit", "returned", "submitted", ""),
            ]
        if status == ReportStatus.APPROVED:
            steps.append(("approve", "submitted", "approved", ""))
        elif status == ReportStatus.RETURNED:
            steps.append(("return", "submitted", "returned", r.review_comment))
        for k, (action, a, b, comment) in enumerate(steps):
            events.append(
                ReportEvent(
                    report=r,
                    action=action,
                    from_status=a,
                    to_status=b,
                    note=comment,
                    actor=r.reported_by if action == "submit" else office,
                    at=r.submitted_at + timedelta(days=k),
                )
            )
    ReportVersion.objects.bulk_create(versions)
    ReportEvent.objects.bulk_create(events)
    created["reports"] = len(reports)
    created["dti_values"] = _dti(units)
    return created


def _h(*parts: Any) -> float:
    """A fixed pseudo-random number in [0, 1) from its parts."""
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:8], 16) / 2**32


def _component_value(c: Any, unit_code: str, year: int) -> Decimal:
    x = _h(c.code, unit_code, year if unit_code != "LS-TP-VT" else year)
    growth = (year - 2020) / 5
    if c.rule == "yes_no":
        v = 1.0 if x < 0.5 + growth / 2 else 0.0
    elif c.rule == "full_half_zero":
        v = 1.0 if x < 0.3 + growth / 2 else 0.5 if x < 0.9 else 0.0
    elif c.rule == "ratio":
        v = c.reference * min(1.0, 0.3 + 0.5 * growth * (0.6 + x))
    elif c.rule == "thresholds":
        lo, hi = c.steps[0][0], c.steps[-1][0]
        v = (hi + (lo - hi) * x * (1.2 - growth)) if c.lower_is_better else (lo + (hi - lo) * x * (0.6 + growth))
        v = max(0.0, v)
    else:
        v = c.max * (0.4 + 0.5 * growth * x)
    return Decimal(str(round(v, 2)))


def _dti(units: dict[str, Unit]) -> int:
    from .services.ranking import COMMUNE_KINDS, DEPARTMENT_KINDS, DISTRICT_KINDS, province_framework

    rows = []
    local = dti_frameworks.LOCAL
    ranked = [u for u in units.values() if u.kind in DEPARTMENT_KINDS + COMMUNE_KINDS]
    districts = [u for u in units.values() if u.kind in DISTRICT_KINDS]
    for year in D.YEARS:
        for unit in ranked + (districts if year < 2025 else []):
            twin = "LS-TP-CL" if unit.code == "LS-TP-VT" and year == 2025 else unit.code  # two wards tie in 2025
            for c in local.components():
                rows.append(
                    DtiInput(
                        framework=local.key,
                        year=year,
                        unit=unit,
                        component=c.code,
                        value=_component_value(c, twin, year),
                        evidence="demo",
                    )
                )
        fw = province_framework(year)
        for c in fw.components():
            rows.append(
                DtiInput(
                    framework=fw.key,
                    year=year,
                    unit=units["LS"],
                    component=c.code,
                    value=_component_value(c, "LS", year),
                    evidence="demo",
                )
            )
    DtiInput.objects.bulk_create(rows)
    from .services.ranking import dti_refresh_measured

    n = dti_refresh_measured(actor=None, framework=local, year=2025, units=ranked)  # where the platform has records
    return len(rows) + n
