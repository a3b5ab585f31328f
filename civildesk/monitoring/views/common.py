"""Lookups shared by the pages: each refuses what the user may not see."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language

from civildesk.org import policy

from ..models import Report, Resolution
from ..services import results


def require_view(user: Any) -> None:
    if not policy.can(user, "monitoring.view"):
        raise PermissionDenied


def resolution_or_404(user: Any, pk: int | None = None) -> Resolution:
    require_view(user)
    if pk is None:
        r = Resolution.objects.filter(is_active=True).select_related("unit").first()
        if r is None:
            raise Http404
        return r
    return get_object_or_404(Resolution.objects.select_related("unit"), pk=pk)


def report_or_404(user: Any, pk: int) -> Report:
    report = get_object_or_404(
        Report.objects.select_related(
            "unit", "indicator__target__pillar__resolution__unit", "period__resolution__unit"
        ),
        pk=pk,
    )
    if not policy.can(user, "monitoring.view_reports", report):
        raise Http404
    return report


def year_of(request: HttpRequest, resolution: Resolution) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and resolution.start_year <= int(raw) <= resolution.horizon_year:
        return int(raw)
    return results.default_year(resolution, timezone.localdate())


def language(request: HttpRequest) -> str:
    lang = request.GET.get("lang", "")
    return lang if lang in ("vi", "en") else (get_language() or "vi")[:2]
