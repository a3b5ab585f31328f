"""The inspectorate's dashboard and statistics (with the Excel export)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from civildesk.org import policy

from .. import forms, stats
from ..models import Case, CaseStatus, Recommendation


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not policy.can(request.user, "inspection.dashboard"):
        raise PermissionDenied
    cases = Case.objects.visible_to(request.user)
    today = timezone.localdate()
    by_status = dict(cases.filter(merged_into__isnull=True).values_list("status").annotate(n=Count("pk")))
    recs = Recommendation.objects.visible_to(request.user).select_related("responsible_unit", "inspection")
    return render(
        request,
        "inspection/dashboard.html",
        {
            "by_status": [(label, by_status.get(value, 0), value) for value, label in CaseStatus.choices],
            "overdue": cases.open().overdue(today).select_related("unit", "assignee").order_by("deadline")[:50],
            "due_soon": cases.due_within(7, today).select_related("unit").order_by("deadline")[:20],
            "recs_open": recs.not_implemented().order_by("deadline")[:50],
            "recs_overdue_count": recs.overdue(today).count(),
            "today": today,
        },
    )


def _period(request: HttpRequest) -> forms.PeriodForm:
    today = timezone.localdate()
    data = request.GET if "date_from" in request.GET else {"date_from": date(today.year, 1, 1), "date_to": today}
    return forms.PeriodForm(data)


@login_required
def report(request: HttpRequest) -> HttpResponse:
    if not policy.can(request.user, "inspection.dashboard"):
        raise PermissionDenied
    form = _period(request)
    result = None
    if form.is_valid():
        result = stats.build(
            Case.objects.visible_to(request.user),
            form.cleaned_data["date_from"],
            form.cleaned_data["date_to"],
            timezone.localdate(),
        )
    return render(request, "inspection/report.html", {"form": form, "report": result, "query": request.GET.urlencode()})


@login_required
def report_xlsx(request: HttpRequest) -> HttpResponse:
    if not policy.can(request.user, "inspection.dashboard"):
        raise PermissionDenied
    form = _period(request)
    if not form.is_valid():
        return redirect("inspection:report")
    result = stats.build(
        Case.objects.visible_to(request.user),
        form.cleaned_data["date_from"],
        form.cleaned_data["date_to"],
        timezone.localdate(),
    )
    response = HttpResponse(
        stats.to_xlsx(result), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="thong-ke-{result.date_from}-{result.date_to}.xlsx"'
    return response
