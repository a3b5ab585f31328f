"""Inspection plans: a unit's yearly plan, its items, the overlap warning, approval."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civildesk.org import policy
from civildesk.org.models import Unit
from civildesk.org.services import audit_record, nfc

from ..models import Inspection, InspectionPlan, PlanItem, PlanStatus


@dataclass
class Overlap:
    subject: str
    inspecting_unit: Unit
    what: str  # "plan" or "inspection"
    topic: str


def overlaps(
    *, year: int, subject_unit: Unit | None, subject_name: str, inspecting_unit: Unit, exclude_item: int | None = None
) -> list[Overlap]:
    """Other units' plan items and inspections of the same subject in the same year."""
    from civildesk.text import fold

    folded = fold(subject_name).strip()
    out: list[Overlap] = []
    items = (
        PlanItem.objects.filter(plan__year=year)
        .exclude(inspecting_unit=inspecting_unit)
        .select_related("inspecting_unit")
    )
    if exclude_item:
        items = items.exclude(pk=exclude_item)
    for item in items:
        same = (subject_unit is not None and item.subject_unit_id == subject_unit.pk) or fold(
            item.subject_name
        ).strip() == folded
        if same:
            out.append(Overlap(item.subject_name, item.inspecting_unit, "plan", item.topic))
    for insp in (
        Inspection.objects.filter(period_start__year=year, plan_item__isnull=True)
        .exclude(unit=inspecting_unit)
        .select_related("unit")
    ):
        same = (subject_unit is not None and insp.subject_unit_id == subject_unit.pk) or fold(
            insp.subject_name
        ).strip() == folded
        if same:
            out.append(Overlap(insp.subject_name, insp.unit, "inspection", insp.topic))
    return out


@transaction.atomic
def plan_create(*, actor: Any, unit: Unit, year: int, title: str, legal_basis: str = "") -> InspectionPlan:
    policy.require(actor, "inspection.plan", unit)
    plan = InspectionPlan(unit=unit, year=year, title=nfc(title), legal_basis=nfc(legal_basis))
    plan.full_clean()
    plan.save()
    audit_record(actor=actor, action="inspection.plan_create", obj=plan, summary={"year": year})
    return plan


@transaction.atomic
def plan_item_add(
    *,
    actor: Any,
    plan: InspectionPlan,
    subject_name: str,
    topic: str,
    inspecting_unit: Unit,
    period_start: date,
    period_end: date,
    subject_unit: Unit | None = None,
    legal_basis: str = "",
    accept_overlap: bool = False,
) -> tuple[PlanItem, list[Overlap]]:
    """Add an inspection to a plan. Refused (with the overlaps) unless ``accept_overlap`` when the
    same subject is already inspected by another unit that year."""
    policy.require(actor, "inspection.plan", plan)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("An approved plan cannot be changed."))
    if period_end < period_start:
        raise ValidationError({"period_end": _("The end cannot be before the start.")})
    if period_start.year != plan.year:
        raise ValidationError({"period_start": _("The inspection must start in the plan's year.")})
    found = overlaps(
        year=plan.year, subject_unit=subject_unit, subject_name=subject_name, inspecting_unit=inspecting_unit
    )
    if found and not accept_overlap:
        raise OverlapError(found)
    item = PlanItem(
        plan=plan,
        subject_unit=subject_unit,
        subject_name=nfc(subject_name),
        topic=nfc(topic),
        inspecting_unit=inspecting_unit,
        period_start=period_start,
        period_end=period_end,
        legal_basis=nfc(legal_basis),
    )
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action="inspection.plan_item_add",
        obj=plan,
        summary={"subject": item.subject_name, "overlaps": len(found)},
    )
    return item, found


class OverlapError(ValidationError):
    def __init__(self, found: list[Overlap]) -> None:
        self.overlaps = found
        super().__init__(
            _("%(subject)s is already inspected this year by: %(units)s. Confirm to add it anyway.")
            % {"subject": found[0].subject, "units": ", ".join(sorted({o.inspecting_unit.name for o in found}))},
            code="overlap",
        )


@transaction.atomic
def plan_approve(*, actor: Any, plan: InspectionPlan) -> InspectionPlan:
    policy.require(actor, "inspection.approve_plan", plan)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("This plan is already approved."))
    if not plan.items.exists():
        raise ValidationError(_("A plan without inspections cannot be approved."))
    plan.status, plan.approved_by, plan.approved_on = PlanStatus.APPROVED, actor, timezone.localdate()
    plan.full_clean()
    plan.save(update_fields=["status", "approved_by", "approved_on"])
    audit_record(actor=actor, action="inspection.plan_approve", obj=plan)
    return plan
