"""Reporting periods: open one, see who has not reported and remind them, import values, the unit's to-do."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civildesk.org import policy
from civildesk.org.models import Unit
from civildesk.org.workflow import field_errors
from civildesk.org.workflow_views import transition_view

from ..forms import ImportForm, PeriodForm
from ..models import ReportingPeriod, ReportStatus
from ..services import imports
from ..services.periods import PERIODS, dues, missing_by_unit, period_open, period_remind
from ..services.reports import reporting_unit_ids
from .common import require_view, resolution_or_404


def period_or_404(user: Any, pk: int) -> ReportingPeriod:
    require_view(user)
    return get_object_or_404(ReportingPeriod.objects.select_related("resolution__unit"), pk=pk)


@login_required
def period_list(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = resolution_or_404(request.user, pk)
    can_manage = policy.can(request.user, "monitoring.manage", resolution)
    form = PeriodForm()
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = PeriodForm(request.POST)
        if form.is_valid():
            try:
                period = period_open(actor=request.user, resolution=resolution, **form.cleaned_data)
            except ValidationError as exc:
                field_errors(form, exc)
            else:
                messages.success(request, _("Period %(period)s is open.") % {"period": period})
                return redirect(period)
    return render(
        request,
        "monitoring/periods.html",
        {"resolution": resolution, "periods": resolution.periods.all(), "form": form, "can_manage": can_manage},
        status=400 if form.is_bound else 200,
    )


def _period_page(
    request: HttpRequest, period: ReportingPeriod, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    can_manage = policy.can(user, "monitoring.manage", period)
    mine_ids = reporting_unit_ids(user)
    mine = dues(period, units=Unit.objects.filter(pk__in=mine_ids)) if mine_ids else []
    return render(
        request,
        "monitoring/period.html",
        {
            "period": period,
            "resolution": period.resolution,
            "can_manage": can_manage,
            "missing": missing_by_unit(period) if can_manage else [],
            "waiting": (
                period.reports.filter(status=ReportStatus.SUBMITTED)
                .select_related("unit", "indicator")
                .order_by("submitted_at")
                if policy.can(user, "monitoring.review", period)
                else []
            ),
            "mine": mine,
            "actions": PERIODS.actions(user, period, bound),
            "import_form": (bound or {}).get("import") or ImportForm(),
            "import_errors": (bound or {}).get("import_errors", []),
        },
        status=status,
    )


@login_required
def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _period_page(request, period_or_404(request.user, pk))


period_action = transition_view(PERIODS, get_object=period_or_404, page=_period_page)


@login_required
@require_POST
def period_remind_view(request: HttpRequest, pk: int) -> HttpResponse:
    period = period_or_404(request.user, pk)
    try:
        n = period_remind(actor=request.user, period=period)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(n)s unit(s) reminded.") % {"n": n})
    return redirect(period)


@login_required
@require_POST
def period_import(request: HttpRequest, pk: int) -> HttpResponse:
    period = period_or_404(request.user, pk)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _period_page(request, period, {"import": form}, status=400)
    try:
        n = imports.import_values(actor=request.user, period=period, data=form.cleaned_data["file"].read())
    except imports.ImportRefused as exc:
        return _period_page(request, period, {"import": form, "import_errors": exc.errors}, status=400)
    messages.success(request, _("%(n)s value(s) imported.") % {"n": n})
    return redirect(period)


@login_required
def period_template(request: HttpRequest, pk: int) -> HttpResponse:
    period = period_or_404(request.user, pk)
    mine = reporting_unit_ids(request.user)
    if not mine and not policy.can(request.user, "monitoring.manage", period):
        raise Http404
    data = imports.template(period, unit_ids=None if policy.can(request.user, "monitoring.manage", period) else mine)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = (
        f'attachment; filename="monitoring-{period.year}{"-q" + str(period.quarter) if period.quarter else ""}.xlsx"'
    )
    return response
