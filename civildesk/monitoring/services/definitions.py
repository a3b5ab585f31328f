"""The DT office defines the resolution: pillars → targets → indicators."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from civildesk.org import policy
from civildesk.org.models import Unit
from civildesk.org.services import audit_record, nfc

from ..models import Indicator, Pillar, Resolution, Target


def _save(obj: Any) -> Any:
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def resolution_create(
    *, actor: Any, unit: Unit, code: str, number: str, title: str, start_year: int, **fields: Any
) -> Resolution:
    policy.require(actor, "monitoring.manage", unit)
    r = _save(
        Resolution(unit=unit, code=nfc(code), number=nfc(number), title=nfc(title), start_year=start_year, **fields)
    )
    audit_record(actor=actor, action="monitoring.resolution_create", obj=r)
    return r


@transaction.atomic
def pillar_save(*, actor: Any, resolution: Resolution, pillar: Pillar | None = None, **fields: Any) -> Pillar:
    policy.require(actor, "monitoring.manage", resolution)
    pillar = pillar or Pillar(resolution=resolution)
    for k, v in fields.items():
        setattr(pillar, k, nfc(v) if isinstance(v, str) else v)
    created = pillar.pk is None
    _save(pillar)
    audit_record(actor=actor, action="monitoring.pillar_" + ("create" if created else "update"), obj=pillar)
    return pillar


@transaction.atomic
def target_save(
    *, actor: Any, pillar: Pillar, target: Target | None = None, contributing_units: Any = None, **fields: Any
) -> Target:
    """Create or change a target (with per target: measure, baseline, values, direction, units, frequency, weight)."""
    policy.require(actor, "monitoring.manage", pillar.resolution)
    target = target or Target(pillar=pillar)
    for k, v in fields.items():
        setattr(target, k, nfc(v) if isinstance(v, str) else v)
    created = target.pk is None
    _save(target)
    if contributing_units is not None:
        target.contributing_units.set(contributing_units)
    audit_record(
        actor=actor,
        action="monitoring.target_" + ("create" if created else "update"),
        obj=target,
        summary={"baseline": str(target.baseline), "target": str(target.target_value), "weight": str(target.weight)},
    )
    return target


@transaction.atomic
def indicator_save(*, actor: Any, target: Target, indicator: Indicator | None = None, **fields: Any) -> Indicator:
    policy.require(actor, "monitoring.manage", target.pillar.resolution)
    indicator = indicator or Indicator(target=target)
    for k, v in fields.items():
        setattr(indicator, k, nfc(v) if isinstance(v, str) else v)
    created = indicator.pk is None
    _save(indicator)
    if indicator.headline:
        target.indicators.exclude(pk=indicator.pk).filter(headline=True).update(headline=False)
    audit_record(actor=actor, action="monitoring.indicator_" + ("create" if created else "update"), obj=indicator)
    return indicator


def assigned_units(target: Target) -> list[Unit]:
    """The units that report a target's indicators: the responsible unit, then the contributing ones."""
    units = [target.responsible_unit]
    units += [u for u in target.contributing_units.all() if u.pk != target.responsible_unit_id]
    return units
