"""A unit's report: the form (the unit's DT officer), the page with its versions and review, the evidence."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from civildesk.org.models import Unit
from civildesk.org.workflow import field_errors
from civildesk.org.workflow_views import transition_view

from ..forms import ReportForm
from ..models import EvidenceKind, Indicator, Report, ReportingPeriod, ReportStatus
from ..services.reports import REPORTS, check_may_report, may_report, report_save
from .common import report_or_404


def library_document(user: Any, report: Report) -> Any:
    """The library document a report names as evidence (number and date), if this user may read it."""
    if report.evidence_kind != EvidenceKind.DOCUMENT or not report.evidence_number:
        return None
    from civildesk.library.models import Document

    return (
        Document.objects.readable_by(user)
        .filter(number_symbol__iexact=report.evidence_number, signed_date=report.evidence_date)
        .first()
    )


def _report_page(
    request: HttpRequest, report: Report, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "monitoring/report.html",
        {
            "report": report,
            "versions": report.versions.select_related("created_by"),
            "events": report.events.select_related("actor"),
            "can_edit": report.status != ReportStatus.APPROVED and may_report(request.user, report.unit),
            "actions": REPORTS.actions(request.user, report, bound),
            "resolution": report.period.resolution,
            "library_document": library_document(request.user, report),
        },
        status=status,
    )


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_page(request, report_or_404(request.user, pk))


report_action = transition_view(REPORTS, get_object=report_or_404, page=_report_page)


@login_required
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_or_404(request.user, pk)
    if report.evidence_kind != EvidenceKind.FILE or not report.evidence_file:
        raise Http404
    return FileResponse(
        report.evidence_file.open("rb"), as_attachment=True, filename=report.evidence_filename or "evidence"
    )


@login_required
def report_edit(request: HttpRequest, period_pk: int, indicator_pk: int, unit_pk: int) -> HttpResponse:
    """Report (or correct) one value: only for the user's own unit, while the report is not approved."""
    period = get_object_or_404(ReportingPeriod.objects.select_related("resolution"), pk=period_pk)
    indicator = get_object_or_404(Indicator.objects.select_related("target__pillar__resolution"), pk=indicator_pk)
    unit = get_object_or_404(Unit, pk=unit_pk)
    try:
        check_may_report(request.user, period=period, unit=unit, indicator=indicator)
    except PermissionDenied:
        raise
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(period)
    existing = Report.objects.filter(period=period, unit=unit, indicator=indicator).first()
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES)
        if form.is_valid():
            d = form.cleaned_data
            try:
                report = report_save(
                    actor=request.user,
                    period=period,
                    unit=unit,
                    indicator=indicator,
                    value=d["value"],
                    evidence_kind=d["evidence_kind"],
                    file=d.get("evidence_file"),
                    evidence_url=d.get("evidence_url") or "",
                    evidence_number=d.get("evidence_number") or "",
                    evidence_date=d.get("evidence_date"),
                    note=d.get("note") or "",
                )
            except ValidationError as exc:
                field_errors(form, exc)
            else:
                messages.success(request, _("Saved (version %(n)s).") % {"n": report.version})
                return redirect(report)
    else:
        initial = {"evidence_kind": EvidenceKind.LINK}
        if existing is not None:
            initial = {
                "value": existing.value,
                "evidence_kind": existing.evidence_kind,
                "evidence_url": existing.evidence_url,
                "evidence_number": existing.evidence_number,
                "evidence_date": existing.evidence_date,
                "note": existing.note,
            }
        form = ReportForm(initial=initial)
    return render(
        request,
        "monitoring/report_form.html",
        {
            "form": form,
            "period": period,
            "indicator": indicator,
            "unit": unit,
            "existing": existing,
            "resolution": period.resolution,
        },
        status=400 if request.method == "POST" else 200,
    )
