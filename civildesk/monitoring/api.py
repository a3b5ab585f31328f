"""JSON API of the monitoring app: indicators and results (read), reports (write, for units that
integrate their own systems), with the same policy as the pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from civildesk.org import policy
from civildesk.org.api_workflow import ErrorOut, TransitionIn, TransitionOut, transition_apply, transitions_out
from civildesk.org.models import Unit

from .models import EvidenceKind, Indicator, Report, ReportingPeriod, Resolution
from .services import results
from .services.reports import REPORTS, report_save

router = Router(tags=["monitoring"])


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    unit_of_measure: str
    source: str
    measure_key: str
    target_code: str
    pillar_code: str
    reporting_units: list[str]


class TargetResultOut(Schema):
    code: str
    title: str
    value: float | None
    progress: float | None
    status: str
    measured: bool


class PillarResultOut(Schema):
    code: str
    name: str
    progress: float | None
    targets: list[TargetResultOut]


class ResultsOut(Schema):
    year: int
    achieved: int
    total: int
    pillars: list[PillarResultOut]


class ReportIn(Schema):
    period_id: int
    indicator: str
    unit: str
    value: Decimal
    evidence_url: str = ""
    evidence_number: str = ""
    evidence_date: date | None = None
    note: str = ""


class ReportOut(Schema):
    id: int
    period: str
    indicator: str
    unit: str
    value: Decimal
    status: str
    version: int
    evidence_kind: str
    url: str

    @staticmethod
    def resolve_period(r: Report) -> str:
        return str(r.period)

    @staticmethod
    def resolve_indicator(r: Report) -> str:
        return r.indicator.code

    @staticmethod
    def resolve_unit(r: Report) -> str:
        return r.unit.code

    @staticmethod
    def resolve_url(r: Report) -> str:
        return r.get_absolute_url()


def _resolution(request: HttpRequest, pk: int) -> Resolution:
    if not policy.can(request.user, "monitoring.view"):
        raise PermissionDenied
    return get_object_or_404(Resolution, pk=pk)


@router.get("/monitoring/resolutions/{pk}/indicators", response=list[IndicatorOut])
def indicators(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    resolution = _resolution(request, pk)
    out = []
    qs = (
        Indicator.objects.filter(target__pillar__resolution=resolution)
        .select_related("target__pillar", "target__responsible_unit")
        .prefetch_related("target__contributing_units")
        .order_by("target__pillar__order", "target__order", "order")
    )
    for i in qs:
        units = [i.target.responsible_unit.code] + [u.code for u in i.target.contributing_units.all()]
        out.append(
            {
                "id": i.pk,
                "code": i.code,
                "name": i.name,
                "unit_of_measure": i.unit_of_measure,
                "source": i.source,
                "measure_key": i.measure_key,
                "target_code": i.target.code,
                "pillar_code": i.target.pillar.code,
                "reporting_units": list(dict.fromkeys(units)),
            }
        )
    return out


@router.get("/monitoring/resolutions/{pk}/results/{year}", response=ResultsOut)
def results_read(request: HttpRequest, pk: int, year: int) -> dict[str, Any]:
    resolution = _resolution(request, pk)
    return results.as_dict(results.results(resolution, year))


@router.get("/monitoring/reports", response=list[ReportOut])
def reports_list(request: HttpRequest, period_id: int | None = None) -> Any:
    qs = Report.objects.visible_to(request.user).select_related("period", "indicator", "unit")
    if period_id is not None:
        qs = qs.filter(period_id=period_id)
    return qs.order_by("period", "indicator__code", "unit__code")[:1000]


@router.post("/monitoring/reports", response={200: ReportOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut})
def report_write(request: HttpRequest, payload: ReportIn) -> Any:
    """Save a unit's value (a link or a library document as evidence); the same rules as the page."""
    period = ReportingPeriod.objects.select_related("resolution").filter(pk=payload.period_id).first()
    indicator = Indicator.objects.filter(code=payload.indicator).select_related("target__pillar").first()
    unit = Unit.objects.filter(code=payload.unit).first()
    if period is None or indicator is None or unit is None:
        return Status(404, {"detail": "Unknown period, indicator or unit."})
    try:
        return report_save(
            actor=request.user,
            period=period,
            unit=unit,
            indicator=indicator,
            value=payload.value,
            evidence_kind=EvidenceKind.LINK if payload.evidence_url else EvidenceKind.DOCUMENT,
            evidence_url=payload.evidence_url,
            evidence_number=payload.evidence_number,
            evidence_date=payload.evidence_date,
            note=payload.note,
        )
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    except ValidationError as exc:
        errors = {k: [str(m) for m in v] for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict") else {}
        return Status(400, {"detail": " ".join(exc.messages), "errors": errors})


def _report(request: HttpRequest, pk: int) -> Report:
    report = get_object_or_404(Report.objects.select_related("unit", "period__resolution__unit"), pk=pk)
    if not policy.can(request.user, "monitoring.view_reports", report):
        raise PermissionDenied
    return report


@router.get("/monitoring/reports/{pk}/transitions", response=list[TransitionOut])
def report_transitions(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    return transitions_out(REPORTS, request.user, _report(request, pk))


@router.post("/monitoring/reports/{pk}/transitions/{name}", response={200: ReportOut, 400: ErrorOut, 403: ErrorOut})
def report_transition(request: HttpRequest, pk: int, name: str, payload: TransitionIn) -> Any:
    return transition_apply(REPORTS, request.user, _report(request, pk), name, payload.data)
