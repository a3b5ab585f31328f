"""A unit's report of one indicator: saved (every correction kept as a version), then reviewed.

The review is the workflow :data:`REPORTS` on the workflow mechanism:
draft or returned → submitted (the unit's DT officer, with evidence) →
approved or returned with a comment (the DT office, never the person who
reported the value). An approved value is final.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from civildesk.org import policy
from civildesk.org.models import Unit
from civildesk.org.services import audit_record, nfc
from civildesk.org.workflow import Run, Transition, Workflow

from ..models import (
    EvidenceKind,
    Indicator,
    PeriodStatus,
    Report,
    ReportEvent,
    ReportingPeriod,
    ReportStatus,
    ReportVersion,
)
from .definitions import assigned_units

S = ReportStatus
EDITABLE = (S.DRAFT, S.SUBMITTED, S.RETURNED)


def _check_evidence(kind: str, *, has_file: bool, url: str, number: str, on: date | None) -> None:
    if kind == EvidenceKind.FILE and not has_file:
        raise ValidationError({"evidence_file": _("Attach the evidence file.")})
    if kind == EvidenceKind.LINK and not url:
        raise ValidationError({"evidence_url": _("Give the link to the evidence.")})
    if kind == EvidenceKind.DOCUMENT and not (number and on):
        raise ValidationError({"evidence_number": _("Give the document's number and date.")})
    if kind not in EvidenceKind.values:
        raise ValidationError({"evidence_kind": _("Choose the kind of evidence.")})


def reporting_unit_ids(user: Any) -> set[int]:
    """The units ``user`` reports for: where they hold a reporting role themselves (not the units below).

    A DT officer of the province may review every unit's report but reports
    only for the province: one unit never reports for another.
    """
    roles = policy.ACTIONS["monitoring.report"]
    return {g.unit_id for g in policy.grants(user) if g.role in roles}


def may_report(user: Any, unit: Unit) -> bool:
    return policy.can(user, "monitoring.report", unit) and unit.pk in reporting_unit_ids(user)


def check_may_report(actor: Any, *, period: ReportingPeriod, unit: Unit, indicator: Indicator) -> None:
    """Refuse, with the reason, a report this person may not make for this unit."""
    if not may_report(actor, unit):
        raise PermissionDenied(_("You may not report for %(unit)s.") % {"unit": unit.name})
    if indicator.target.pillar.resolution_id != period.resolution_id:
        raise ValidationError(_("This indicator is not part of the period's resolution."))
    if indicator.is_measured:
        raise ValidationError(_("This indicator is measured by the platform; its value cannot be typed in."))
    if unit.pk not in {u.pk for u in assigned_units(indicator.target)}:
        raise ValidationError(_("%(unit)s does not report this indicator.") % {"unit": unit.name})
    if not ReportingPeriod.objects.filter(pk=period.pk, status=PeriodStatus.OPEN).exists():
        raise ValidationError(_("The period is closed."))


@transaction.atomic
def report_save(
    *,
    actor: Any,
    period: ReportingPeriod,
    unit: Unit,
    indicator: Indicator,
    value: Decimal,
    evidence_kind: str,
    file: Any = None,
    evidence_url: str = "",
    evidence_number: str = "",
    evidence_date: date | None = None,
    note: str = "",
) -> Report:
    """Save the unit's value with its evidence (a new version each time) until the report is approved."""
    check_may_report(actor, period=period, unit=unit, indicator=indicator)
    report = Report.objects.select_for_update().filter(period=period, unit=unit, indicator=indicator).first()
    if report is not None and report.status not in EDITABLE:
        raise ValidationError(_("This report is approved; its value can no longer be changed."))
    keep_file = report is not None and report.evidence_kind == EvidenceKind.FILE and bool(report.evidence_file)
    _check_evidence(
        evidence_kind,
        has_file=file is not None or keep_file,
        url=evidence_url,
        number=nfc(evidence_number),
        on=evidence_date,
    )
    if report is None:
        report = Report(period=period, unit=unit, indicator=indicator, version=0)
    report.value = value
    report.evidence_kind = evidence_kind
    report.evidence_url = evidence_url if evidence_kind == EvidenceKind.LINK else ""
    report.evidence_number = nfc(evidence_number) if evidence_kind == EvidenceKind.DOCUMENT else ""
    report.evidence_date = evidence_date if evidence_kind == EvidenceKind.DOCUMENT else None
    report.note = nfc(note)
    report.reported_by, report.reported_at = actor, timezone.now()
    report.version += 1
    if evidence_kind != EvidenceKind.FILE:
        report.evidence_file, report.evidence_filename = "", ""
    elif file is not None:
        from civildesk.library.services import check_upload

        data = file.read()
        try:
            check_upload(data=data, filename=file.name)
        except ValidationError as exc:
            raise ValidationError({"evidence_file": exc.messages}) from exc
        sha = hashlib.sha256(data).hexdigest()
        suffix = file.name.rsplit(".", 1)[-1].lower()[:8] if "." in file.name else "bin"
        report.evidence_file.save(f"{sha}.{suffix}", ContentFile(data), save=False)
        report.evidence_filename = nfc(file.name)[:255]
    report.full_clean()
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:  # the same unit's value created at the same moment by another request
        raise ValidationError(_("Someone saved this value at the same moment; please try again.")) from exc
    ReportVersion.objects.create(
        report=report,
        number=report.version,
        value=report.value,
        evidence_kind=report.evidence_kind,
        evidence_file=report.evidence_file.name if report.evidence_file else "",
        evidence_filename=report.evidence_filename,
        evidence_url=report.evidence_url,
        evidence_number=report.evidence_number,
        evidence_date=report.evidence_date,
        note=report.note,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="monitoring.report_save",
        obj=report,
        summary={"version": report.version, "value": str(report.value), "evidence": report.evidence_kind},
    )
    return report


# --- Review ------------------------------------------------------------------------


def _office(report: Report) -> Any:
    return report.period.resolution


def _submit(run: Run) -> None:
    from .periods import dt_officers

    report = run.obj
    if report.period.status != PeriodStatus.OPEN:
        raise ValidationError(_("The period is closed."))
    run.set(submitted_at=timezone.now())
    run.summary = {"version": report.version, "late": report.is_late}
    run.notify(
        dt_officers([report.period.resolution.unit]),
        gettext_noop("%(unit)s submitted %(indicator)s for %(period)s."),
        unit=report.unit.name,
        indicator=report.indicator.code,
        period=str(report.period),
    )


def _review(run: Run) -> None:
    report, approve = run.obj, run.transition.name == "approve"
    comment = nfc(run.data.get("comment", "") or "")
    if not approve and not comment:
        raise ValidationError({"comment": _("Say why the report is returned.")})
    run.set(reviewed_by=run.actor, reviewed_at=timezone.now(), review_comment=comment)
    run.note = comment
    run.summary = {"version": report.version, "value": str(report.value)}
    run.notify(
        [report.reported_by],
        gettext_noop("Your report of %(indicator)s for %(period)s was approved.")
        if approve
        else gettext_noop("Your report of %(indicator)s for %(period)s was returned: %(comment)s"),
        indicator=report.indicator.code,
        period=str(report.period),
        comment=comment[:200],
    )


def _not_own(user: Any, report: Report) -> bool:
    return report.reported_by_id != getattr(user, "pk", None)


REPORTS = Workflow(
    name="monitoring.report",
    model=Report,
    audit_prefix="monitoring.report_",
    history=ReportEvent.record,
    url_name="monitoring:report_action",
    transitions=[
        Transition(
            "submit",
            (S.DRAFT, S.RETURNED),
            S.SUBMITTED,
            "monitoring.report",
            gettext_lazy("Submit for review"),
            _submit,
            guard=lambda user, report: may_report(user, report.unit),
            guard_message=gettext_lazy("Only the unit's own DT officer submits its report."),
        ),
        Transition(
            "approve",
            (S.SUBMITTED,),
            S.APPROVED,
            "monitoring.review",
            gettext_lazy("Approve"),
            _review,
            "civildesk.monitoring.forms.ReviewForm",
            permission_object=_office,
            guard=_not_own,
            guard_message=gettext_lazy("The person who reported a value does not approve it."),
        ),
        Transition(
            "return",
            (S.SUBMITTED,),
            S.RETURNED,
            "monitoring.review",
            gettext_lazy("Return for correction"),
            _review,
            "civildesk.monitoring.forms.ReturnForm",
            permission_object=_office,
            style="danger",
        ),
    ],
)
