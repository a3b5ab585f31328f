"""DTI inputs, scorecards and rankings (the arithmetic is :mod:`civildesk.monitoring.dti`).

Departments and communes are ranked with the local framework. Since 1 July
2025 local government has two levels: districts are ranked only for the
years before 2025, shown as history.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civildesk.org import policy
from civildesk.org.models import Unit, UnitKind
from civildesk.org.services import audit_record

from .. import dti, dti_frameworks
from ..measured import REGISTRY
from ..models import DtiInput

TWO_LEVEL_YEAR = 2025  # districts were abolished on 1 July 2025
DEPARTMENT_KINDS = (UnitKind.DEPARTMENT, UnitKind.PROVINCIAL_BODY)
COMMUNE_KINDS = (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.TOWNSHIP)
DISTRICT_KINDS = (UnitKind.DISTRICT, UnitKind.CITY)


def province_framework(year: int) -> dti.Framework:
    return dti_frameworks.get("dti-province@2025" if year >= TWO_LEVEL_YEAR else "dti-province@2022")


def office_unit(unit: Unit) -> Unit:
    """Whose DT office scores a unit: the province at the top of its tree (a unit never scores itself)."""
    return unit if unit.depth == 0 else unit.ancestors().first() or unit


def may_enter(user: Any, unit: Unit) -> bool:
    return policy.can(user, "monitoring.manage", office_unit(unit))


@transaction.atomic
def dti_input_set(
    *,
    actor: Any,
    framework: dti.Framework,
    year: int,
    unit: Unit,
    values: dict[str, Decimal | None],
    evidence: str = "",
) -> int:
    """Enter a unit's component values for a year (the DT office). None clears a value. Measured ones are refused."""
    policy.require(actor, "monitoring.manage", office_unit(unit))
    comps = {c.code: c for c in framework.components()}
    changed = 0
    for code, value in values.items():
        c = comps.get(code)
        if c is None:
            raise ValidationError(_("Unknown component %(code)s.") % {"code": code})
        if c.measure:
            raise ValidationError(
                _("Component %(code)s is measured by the platform; it cannot be typed in.") % {"code": code}
            )
        if value is None:
            changed += DtiInput.objects.filter(framework=framework.key, year=year, unit=unit, component=code).delete()[
                0
            ]
            continue
        if c.evidence and not evidence.strip():
            raise ValidationError(
                {
                    "evidence": _("Component %(code)s needs its evidence (e.g. the document's number and date).")
                    % {"code": code}
                }
            )
        if c.rule == "entered" and not Decimal(0) <= value <= Decimal(str(c.max)):
            raise ValidationError(
                _("Component %(code)s takes a score from 0 to %(max)s.") % {"code": code, "max": c.max}
            )
        DtiInput.objects.update_or_create(
            framework=framework.key,
            year=year,
            unit=unit,
            component=code,
            defaults={"value": value, "evidence": evidence[:500], "entered_by": actor},
        )
        changed += 1
    audit_record(
        actor=actor,
        action="monitoring.dti_input",
        obj=unit,
        summary={"framework": framework.key, "year": year, "values": {k: str(v) for k, v in values.items()}},
    )
    return changed


@transaction.atomic
def dti_refresh_measured(*, actor: Any, framework: dti.Framework, year: int, units: list[Unit]) -> int:
    """Take the measured components' values from the platform's records (never typed)."""
    if actor is not None:
        policy.require(actor, "monitoring.manage", None)
    start, end = date(year, 1, 1), date(year, 12, 31)
    n = 0
    for c in framework.components():
        m = REGISTRY.get(c.measure) if c.measure else None
        if m is None:
            continue
        for unit in units:
            value = m.measure([unit.path], start, end).value
            if value is None:  # nothing to measure: a value measured before goes, anything else stays
                DtiInput.objects.filter(
                    framework=framework.key, year=year, unit=unit, component=c.code, evidence__startswith="measured:"
                ).delete()
                continue
            DtiInput.objects.update_or_create(
                framework=framework.key,
                year=year,
                unit=unit,
                component=c.code,
                defaults={"value": Decimal(str(value)), "evidence": f"measured:{c.measure}", "entered_by": None},
            )
            n += 1
    audit_record(
        actor=actor, action="monitoring.dti_refresh", summary={"framework": framework.key, "year": year, "values": n}
    )
    return n


def inputs(
    framework: dti.Framework, years: list[int], unit_ids: list[int] | None = None
) -> dict[tuple[int, int], dict[str, float]]:
    """{(year, unit id): {component: value}} in one query."""
    qs = DtiInput.objects.filter(framework=framework.key, year__in=years)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    out: dict[tuple[int, int], dict[str, float]] = defaultdict(dict)
    for year, unit, comp, value in qs.values_list("year", "unit_id", "component", "value"):
        out[(year, unit)][comp] = float(value)
    return out


@dataclass
class RankedGroup:
    key: str
    cards: list[dti.Scorecard]
    history: bool = False


def ranking(year: int, *, framework: dti.Framework | None = None, units: Any = None) -> list[RankedGroup]:
    """Departments and communes ranked (with the change since last year); districts only before 2025."""
    fw = framework or dti_frameworks.LOCAL
    kinds = {"departments": DEPARTMENT_KINDS, "communes": COMMUNE_KINDS}
    if year < TWO_LEVEL_YEAR:
        kinds["districts"] = DISTRICT_KINDS
    all_units = list(
        (units if units is not None else Unit.objects.active()).filter(
            kind__in=[k for ks in kinds.values() for k in ks]
        )
    )
    data = inputs(fw, [year, year - 1], [u.pk for u in all_units])
    groups = []
    for key, ks in kinds.items():
        members = [u for u in all_units if u.kind in ks]
        cards = [dti.score(fw, u, data.get((year, u.pk), {})) for u in members if (year, u.pk) in data]
        before = {u: dti.score(fw, u, data[(year - 1, u.pk)]) for u in members if (year - 1, u.pk) in data}
        dti.year_on_year(cards, before)
        groups.append(RankedGroup(key=key, cards=dti.rank(cards), history=key == "districts"))
    return groups


def scorecard(unit: Unit, year: int, framework: dti.Framework | None = None) -> dti.Scorecard:
    fw = framework or dti_frameworks.LOCAL
    data = inputs(fw, [year], [unit.pk])
    return dti.score(fw, unit, data.get((year, unit.pk), {}))


def province_series(unit: Unit, years: list[int]) -> list[tuple[int, dti.Framework, dti.Scorecard | None]]:
    """The province's own DTI per year, each year under its framework (None: nothing entered)."""
    out = []
    for year in years:
        fw = province_framework(year)
        data = inputs(fw, [year], [unit.pk])
        out.append((year, fw, dti.score(fw, unit, data[(year, unit.pk)]) if (year, unit.pk) in data else None))
    return out
