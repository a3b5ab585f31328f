"""The DT office defines the resolution: pillars, targets, indicators (admin-like forms)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from civildesk.org import policy
from civildesk.org.workflow import field_errors

from ..forms import IndicatorForm, PillarForm, ResolutionForm, TargetForm
from ..models import Indicator, Pillar, Resolution, Target
from ..services import definitions
from .common import resolution_or_404


@login_required
def resolution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = resolution_or_404(request.user, pk)
    pillars = resolution.pillars.prefetch_related("targets__indicators", "targets__responsible_unit")
    return render(
        request,
        "monitoring/resolution.html",
        {
            "resolution": resolution,
            "pillars": pillars,
            "can_manage": policy.can(request.user, "monitoring.manage", resolution),
        },
    )


def _form_page(request: HttpRequest, form: Any, title: str, back: str, status: int = 200) -> HttpResponse:
    return render(request, "monitoring/form_page.html", {"form": form, "title": title, "back": back}, status=status)


def _fields(form: Any) -> dict[str, Any]:
    return dict(form.cleaned_data)


@login_required
def resolution_new(request: HttpRequest) -> HttpResponse:
    units = [u for u in policy.units_for(request.user, "monitoring.manage") if u.depth == 0]
    if not units:
        raise PermissionDenied
    form = ResolutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            r = definitions.resolution_create(actor=request.user, unit=units[0], **_fields(form))
        except ValidationError as exc:
            field_errors(form, exc)
        else:
            return redirect(r)
    return _form_page(request, form, _("New resolution"), "/monitoring/", 400 if form.is_bound else 200)


@login_required
def pillar_edit(request: HttpRequest, resolution_pk: int, pk: int | None = None) -> HttpResponse:
    resolution = get_object_or_404(Resolution, pk=resolution_pk)
    policy.require(request.user, "monitoring.manage", resolution)
    pillar = get_object_or_404(Pillar, pk=pk, resolution=resolution) if pk else None
    form = PillarForm(request.POST or None, instance=pillar)
    if request.method == "POST" and form.is_valid():
        try:
            definitions.pillar_save(actor=request.user, resolution=resolution, pillar=pillar, **_fields(form))
        except ValidationError as exc:
            field_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(resolution)
    title = _("Edit pillar") if pillar else _("New pillar")
    return _form_page(request, form, title, resolution.get_absolute_url(), 400 if form.is_bound else 200)


@login_required
def target_edit(request: HttpRequest, pillar_pk: int, pk: int | None = None) -> HttpResponse:
    pillar = get_object_or_404(Pillar.objects.select_related("resolution"), pk=pillar_pk)
    policy.require(request.user, "monitoring.manage", pillar.resolution)
    target = get_object_or_404(Target, pk=pk, pillar=pillar) if pk else None
    form = TargetForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        fields = _fields(form)
        contributing = fields.pop("contributing_units")
        try:
            definitions.target_save(
                actor=request.user, pillar=pillar, target=target, contributing_units=contributing, **fields
            )
        except ValidationError as exc:
            field_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(pillar.resolution)
    title = _("Edit target") if target else _("New target")
    return _form_page(request, form, title, pillar.resolution.get_absolute_url(), 400 if form.is_bound else 200)


@login_required
def indicator_edit(request: HttpRequest, target_pk: int, pk: int | None = None) -> HttpResponse:
    target = get_object_or_404(Target.objects.select_related("pillar__resolution"), pk=target_pk)
    policy.require(request.user, "monitoring.manage", target.pillar.resolution)
    indicator = get_object_or_404(Indicator, pk=pk, target=target) if pk else None
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            definitions.indicator_save(actor=request.user, target=target, indicator=indicator, **_fields(form))
        except ValidationError as exc:
            field_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(target.pillar.resolution)
    title = _("Edit indicator") if indicator else _("New indicator")
    return _form_page(request, form, title, target.pillar.resolution.get_absolute_url(), 400 if form.is_bound else 200)
