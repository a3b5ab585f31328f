"""Inspection plans, inspections and the follow-up of their recommendations."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civildesk.org import policy
from civildesk.org.workflow import field_errors
from civildesk.org.workflow_views import transition_view

from .. import forms, services
from ..models import Inspection, InspectionPlan, PlanItem, PlanStatus, Recommendation, RecommendationReport

# --- Plans ---------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    units = policy.units_for(request.user, "inspection.plan")
    if not units.exists():
        raise PermissionDenied
    plans = policy.filter_queryset(InspectionPlan.objects.select_related("unit"), request.user, "inspection.plan")
    inspections = Inspection.objects.visible_to(request.user).select_related("unit")
    return render(request, "inspection/plan_list.html", {"plans": plans, "inspections": inspections[:100]})


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest) -> HttpResponse:
    units = policy.units_for(request.user, "inspection.plan")
    if not units.exists():
        raise PermissionDenied
    form = forms.PlanForm(request.POST or None, units=units, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            field_errors(form, exc)
        else:
            return redirect(plan)
    return render(request, "inspection/form_page.html", {"form": form, "title": _("New inspection plan")})


def _plan_or_404(user: Any, pk: int) -> InspectionPlan:
    plan = (
        policy.filter_queryset(InspectionPlan.objects.select_related("unit"), user, "inspection.plan")
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


@login_required
@require_http_methods(["GET", "POST"])
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request.user, pk)
    form = forms.PlanItemForm(request.POST or None, initial={"inspecting_unit": plan.unit})
    overlaps: list[Any] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _item, overlaps = services.plan_item_add(actor=request.user, plan=plan, **form.cleaned_data)
            except services.OverlapError as exc:
                overlaps = exc.overlaps
                form.add_error("accept_overlap", exc)
            except ValidationError as exc:
                field_errors(form, exc)
            else:
                if overlaps:
                    messages.warning(request, _("Added, although another unit inspects the same subject this year."))
                else:
                    messages.success(request, _("Added to the plan."))
                return redirect(plan)
        status = 400
    items = plan.items.select_related("subject_unit", "inspecting_unit").prefetch_related("inspections")
    item_overlaps = {
        item.pk: services.overlaps(
            year=plan.year,
            subject_unit=item.subject_unit,
            subject_name=item.subject_name,
            inspecting_unit=item.inspecting_unit,
            exclude_item=item.pk,
        )
        for item in items
    }
    return render(
        request,
        "inspection/plan_detail.html",
        {
            "plan": plan,
            "items": [(i, item_overlaps[i.pk]) for i in items],
            "form": form,
            "overlaps": overlaps,
            "can_approve": plan.status == PlanStatus.DRAFT
            and policy.can(request.user, "inspection.approve_plan", plan),
        },
        status=status,
    )


@login_required
@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request.user, pk)
    try:
        services.plan_approve(actor=request.user, plan=plan)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The plan is approved."))
    return redirect(plan)


@login_required
@require_http_methods(["GET", "POST"])
def inspection_new(request: HttpRequest) -> HttpResponse:
    units = policy.units_for(request.user, "inspection.plan")
    if not units.exists():
        raise PermissionDenied
    initial: dict[str, Any] = {}
    plan_item = None
    item_id = request.GET.get("item") or request.POST.get("item") or ""
    if item_id.isdigit():
        plan_item = (
            policy.filter_queryset(
                PlanItem.objects.select_related("plan"), request.user, "inspection.plan", field="plan__unit"
            )
            .filter(pk=item_id)
            .first()
        )
        if plan_item:
            initial = {
                "unit": plan_item.inspecting_unit,
                "subject_unit": plan_item.subject_unit,
                "subject_name": plan_item.subject_name,
                "topic": plan_item.topic,
                "period_start": plan_item.period_start,
                "period_end": plan_item.period_end,
                "legal_basis": plan_item.legal_basis,
            }
    form = forms.InspectionForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            insp = services.inspection_create(actor=request.user, plan_item=plan_item, **form.cleaned_data)
        except ValidationError as exc:
            field_errors(form, exc)
        else:
            return redirect(insp)
    return render(
        request,
        "inspection/form_page.html",
        {"form": form, "title": _("New inspection"), "hidden": {"item": plan_item.pk} if plan_item else {}},
    )


# --- Inspections ---------------------------------------------------------------------


def _inspection_or_404(user: Any, pk: int) -> Inspection:
    insp = Inspection.objects.visible_to(user).select_related("unit", "subject_unit", "plan_item").filter(pk=pk).first()
    if insp is None:
        raise Http404
    return insp


def _inspection_page(
    request: HttpRequest, insp: Inspection, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "inspection/inspection_detail.html",
        {
            "inspection": insp,
            "team": insp.team.select_related("user"),
            "diary": insp.diary.select_related("author"),
            "findings": insp.findings.all(),
            "recommendations": insp.recommendations.select_related("responsible_unit"),
            "documents": insp.attachments.all(),
            "actions": services.INSPECTIONS.actions(request.user, insp, bound),
        },
        status=status,
    )


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _inspection_page(request, _inspection_or_404(request.user, pk))


inspection_action = transition_view(services.INSPECTIONS, get_object=_inspection_or_404, page=_inspection_page)


# --- Recommendations follow-up ---------------------------------------------------


@login_required
def recommendation_list(request: HttpRequest) -> HttpResponse:
    if not (policy.can(request.user, "inspection.follow_up") or policy.can(request.user, "inspection.inspect")):
        raise PermissionDenied
    qs = Recommendation.objects.visible_to(request.user).select_related("responsible_unit", "inspection")
    if request.GET.get("open"):
        qs = qs.not_implemented()
    return render(
        request,
        "inspection/recommendation_list.html",
        {"recommendations": qs.order_by("status", "deadline"), "today": timezone.localdate()},
    )


def _recommendation_or_404(user: Any, pk: int) -> Recommendation:
    rec = (
        Recommendation.objects.visible_to(user)
        .select_related("responsible_unit", "inspection__unit")
        .filter(pk=pk)
        .first()
    )
    if rec is None:
        raise Http404
    return rec


def _recommendation_page(
    request: HttpRequest, rec: Recommendation, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "inspection/recommendation_detail.html",
        {
            "rec": rec,
            "reports": rec.reports.select_related("submitted_by", "reviewed_by").prefetch_related("attachments"),
            "actions": services.RECOMMENDATIONS.actions(request.user, rec, bound),
        },
        status=status,
    )


@login_required
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _recommendation_page(request, _recommendation_or_404(request.user, pk))


recommendation_action = transition_view(
    services.RECOMMENDATIONS, get_object=_recommendation_or_404, page=_recommendation_page
)


@login_required
@require_POST
def recommendation_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The responsible unit's report (kept at its earlier address): the ``report`` transition."""
    return recommendation_action(request, pk=pk, name="report")


@login_required
@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or return a report (kept at its earlier address): one of the two review transitions."""
    report = get_object_or_404(RecommendationReport.objects.only("recommendation_id"), pk=pk)
    name = "accept_report" if request.POST.get("decision") == "accept" else "return_report"
    return recommendation_action(request, pk=report.recommendation_id, name=name)
