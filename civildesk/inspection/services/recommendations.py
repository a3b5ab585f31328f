"""Follow-up of recommendations: the responsible unit reports, the inspectorate accepts or returns.

The states of a recommendation are declared in :data:`RECOMMENDATIONS`:
open or returned → reported (the unit's report) → closed (accepted) or
returned (sent back with a reason).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from civildesk.org.services import nfc
from civildesk.org.workflow import Run, Transition, Workflow

from ..models import (
    InspectionStatus,
    Recommendation,
    RecommendationReport,
    RecommendationStatus,
    ReportStatus,
)
from .attachments import attachment_store

R = RecommendationStatus


def _report(run: Run) -> None:
    rec, d = run.obj, run.data
    report = RecommendationReport(
        recommendation=rec, text=nfc(d["text"]), result=nfc(d["result"]), submitted_by=run.actor
    )
    report.full_clean()
    report.save()
    f = d.get("file")
    if f is not None:
        try:
            attachment_store(actor=run.actor, owner=report, data=f.read(), filename=f.name)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
    run.summary, run.result = {"report": report.pk}, report
    team = [m.user for m in rec.inspection.team.select_related("user")]
    run.notify(
        team,
        gettext_noop("%(unit)s reported on a recommendation: %(text)s"),
        unit=rec.responsible_unit.name,
        text=rec.text[:120],
    )


def _submitted(rec: Recommendation) -> RecommendationReport:
    report = rec.reports.select_for_update().filter(status=ReportStatus.SUBMITTED).order_by("-pk").first()
    if report is None:
        raise ValidationError(_("This report was already reviewed."))
    return report


def _review(run: Run) -> None:
    rec, accept = run.obj, run.transition.name == "accept_report"
    note = run.data.get("note", "")
    if not accept and not note.strip():
        raise ValidationError({"note": _("Say why the report is returned.")})
    report = _submitted(rec)
    report.status = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
    report.review_note, report.reviewed_by, report.reviewed_at = nfc(note), run.actor, timezone.now()
    report.full_clean()
    report.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
    run.set(closed_on=timezone.localdate() if accept else None)
    run.summary = {"accepted": accept}
    run.notify(
        [report.submitted_by],
        gettext_noop("Your report on a recommendation was accepted.")
        if accept
        else gettext_noop("Your report on a recommendation was returned: %(note)s"),
        note=report.review_note[:200],
    )


def _inspection_open(rec: Recommendation) -> bool:
    return rec.inspection.status in (InspectionStatus.CONCLUDED, InspectionStatus.DECIDED)


def _lock(rec: Recommendation) -> Recommendation:
    return (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("inspection", "responsible_unit")
        .get(pk=rec.pk)
    )


REVIEW = {"permission_object": lambda rec: rec.inspection, "audit_action": "inspection.recommendation_review"}

RECOMMENDATIONS = Workflow(
    name="inspection.recommendation",
    model=Recommendation,
    lock=_lock,
    url_name="inspection:recommendation_action",
    wrong_state_message=gettext_lazy("This cannot be done while the recommendation is “%(status)s”."),
    transitions=[
        Transition(
            "report",
            (R.OPEN, R.RETURNED),
            R.REPORTED,
            "inspection.follow_up",
            gettext_lazy("Report what was done"),
            _report,
            "civildesk.inspection.forms.ReportForm",
            permission_object=lambda rec: rec.responsible_unit,
            condition=_inspection_open,
            condition_message=gettext_lazy("The inspection is not concluded yet."),
            audit_action="inspection.recommendation_report",
            wrong_state_message=gettext_lazy("A report is already awaiting review, or the recommendation is closed."),
        ),
        Transition(
            "accept_report",
            (R.REPORTED,),
            R.CLOSED,
            "inspection.inspect",
            gettext_lazy("Accept the report"),
            _review,
            "civildesk.inspection.forms.NoteForm",
            **REVIEW,
        ),
        Transition(
            "return_report",
            (R.REPORTED,),
            R.RETURNED,
            "inspection.inspect",
            gettext_lazy("Return the report"),
            _review,
            "civildesk.inspection.forms.ReturnForm",
            style="danger",
            **REVIEW,
        ),
    ],
)


def recommendation_report(
    *, actor: Any, recommendation: Recommendation, text: str, result: str, file: Any = None
) -> RecommendationReport:
    """The responsible unit reports what it did (with optional evidence, saved together or not at all)."""
    return RECOMMENDATIONS.apply(recommendation, "report", actor=actor, text=text, result=result, file=file)


def recommendation_review(*, actor: Any, report: RecommendationReport, accept: bool, note: str = "") -> Recommendation:
    """The inspectorate accepts the report (the recommendation is closed) or returns it."""
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("This report was already reviewed."))
    return RECOMMENDATIONS.apply(
        report.recommendation, "accept_report" if accept else "return_report", actor=actor, note=note
    )
