"""Reporting periods (open → closed, declared on the workflow mechanism), who has not reported, reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from civildesk.org import policy
from civildesk.org.models import Role, RoleAssignment, Unit
from civildesk.org.services import audit_record, notify
from civildesk.org.workflow import Transition, Workflow

from ..models import Indicator, PeriodStatus, Report, ReportingPeriod, ReportStatus, Resolution, Source

P = PeriodStatus


@transaction.atomic
def period_open(
    *, actor: Any, resolution: Resolution, year: int, due_on: date, quarter: int | None = None
) -> ReportingPeriod:
    policy.require(actor, "monitoring.manage", resolution)
    if ReportingPeriod.objects.filter(resolution=resolution, year=year, quarter=quarter).exists():
        raise ValidationError(_("This period is already open or was opened before."))
    if quarter is not None and not 1 <= quarter <= 4:
        raise ValidationError({"quarter": _("A quarter is 1 to 4.")})
    period = ReportingPeriod(resolution=resolution, year=year, quarter=quarter, due_on=due_on, opened_by=actor)
    period.full_clean()
    period.save()
    audit_record(actor=actor, action="monitoring.period_open", obj=period, summary={"due_on": due_on.isoformat()})
    return period


PERIODS = Workflow(
    name="monitoring.period",
    model=ReportingPeriod,
    audit_prefix="monitoring.period_",
    url_name="monitoring:period_action",
    transitions=[
        Transition("close", (P.OPEN,), P.CLOSED, "monitoring.manage", gettext_lazy("Close the period")),
        Transition("reopen", (P.CLOSED,), P.OPEN, "monitoring.manage", gettext_lazy("Reopen the period")),
    ],
)


@dataclass
class Due:
    """One value a unit owes for a period, and where it stands."""

    unit: Unit
    indicator: Indicator
    report: Report | None

    @property
    def done(self) -> bool:
        return self.report is not None and self.report.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


def dues(period: ReportingPeriod, *, units: Any = None) -> list[Due]:
    """Every (unit, reported indicator) the period expects, with its report if any; restricted to ``units``."""
    indicators = list(
        Indicator.objects.filter(target__pillar__resolution=period.resolution, source=Source.REPORTED)
        .select_related("target__responsible_unit", "target__pillar")
        .prefetch_related("target__contributing_units")
        .order_by("target__pillar__order", "target__order", "order", "code")
    )
    if period.quarter is not None:
        indicators = [i for i in indicators if i.target.frequency == "quarterly"]
    reports = {(r.unit_id, r.indicator_id): r for r in Report.objects.filter(period=period)}
    allowed = None if units is None else {u.pk for u in units}
    out = []
    for ind in indicators:
        t = ind.target
        for unit in [t.responsible_unit, *[u for u in t.contributing_units.all() if u.pk != t.responsible_unit_id]]:
            if allowed is None or unit.pk in allowed:
                out.append(Due(unit=unit, indicator=ind, report=reports.get((unit.pk, ind.pk))))
    return out


def missing_by_unit(period: ReportingPeriod) -> list[tuple[Unit, list[Due]]]:
    """Units that still owe values (not yet submitted), with what they owe; in tree order."""
    by_unit: dict[int, tuple[Unit, list[Due]]] = {}
    for d in dues(period):
        if not d.done:
            by_unit.setdefault(d.unit.pk, (d.unit, []))[1].append(d)
    return sorted(by_unit.values(), key=lambda x: x[0].path)


def dt_officers(units: list[Unit]) -> list[Any]:
    return [
        a.user
        for a in RoleAssignment.objects.filter(
            unit__in=units, role=Role.DT_OFFICER, user__is_active=True
        ).select_related("user")
    ]


@transaction.atomic
def period_remind(*, actor: Any, period: ReportingPeriod) -> int:
    """Notify the DT officers of every unit that has not reported yet; returns how many units were reminded."""
    policy.require(actor, "monitoring.manage", period)
    if period.status != P.OPEN:
        raise ValidationError(_("The period is closed."))
    late = missing_by_unit(period)
    for unit, owed in late:
        users = dt_officers([unit])
        if users:
            url = period.get_absolute_url()
            params = {"period": str(period), "count": len(owed), "due": period.due_on.strftime("%d/%m/%Y")}
            transaction.on_commit(
                lambda users=users, params=params, url=url: notify(
                    users=users,
                    message=gettext_noop("Reminder: %(count)s value(s) for period %(period)s are due on %(due)s."),
                    params=params,
                    url=url,
                )
            )
    audit_record(
        actor=actor, action="monitoring.period_remind", obj=period, summary={"units": [u.code for u, _ in late]}
    )
    return len(late)
