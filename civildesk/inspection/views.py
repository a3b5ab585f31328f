from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from civildesk.org import policy, ratelimit

from . import forms, protect, services, stats
from .models import (
    Attachment,
    Case,
    CaseStatus,
    CaseType,
    Channel,
    Inspection,
    InspectionPlan,
    InspectionStatus,
    PlanStatus,
    Recommendation,
    RecommendationReport,
    RecommendationStatus,
    ReportStatus,
)

PAGE_SIZE = 25


def _form_error(form: Any, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- Cases -------------------------------------------------------------------


def _case_or_404(user: Any, pk: int) -> Case:
    case = (
        Case.objects.visible_to(user)
        .select_related("unit", "assignee", "rule", "merged_into", "subject_unit", "created_by")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404
    return case


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if policy.can(request.user, "inspection.dashboard"):
        return redirect("inspection:dashboard")
    if policy.can(request.user, "inspection.view_cases"):
        return redirect("inspection:cases")
    if policy.can(request.user, "inspection.follow_up"):
        return redirect("inspection:recommendations")
    raise PermissionDenied


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    if not policy.can(request.user, "inspection.view_cases"):
        raise PermissionDenied
    qs = Case.objects.visible_to(request.user).select_related("unit", "assignee")
    status, ctype, q = request.GET.get("status", ""), request.GET.get("type", ""), request.GET.get("q", "").strip()
    if status == "open":
        qs = qs.open()
    elif status == "overdue":
        qs = qs.open().overdue()
    elif status in CaseStatus.values:
        qs = qs.filter(status=status)
    if ctype in CaseType.values:
        qs = qs.filter(case_type=ctype)
    if request.GET.get("mine"):
        qs = qs.filter(assignee=request.user)
    if q:  # never the identity: it is encrypted and not searchable
        qs = qs.filter(
            Q(number__icontains=q) | Q(title__icontains=q) | Q(content__icontains=q) | Q(subject_name__icontains=q)
        )
    page = Paginator(qs.order_by("-received_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "inspection/case_list.html",
        {
            "page": page,
            "statuses": CaseStatus.choices,
            "types": CaseType.choices,
            "status": status,
            "type": ctype,
            "q": q,
            "can_receive": policy.units_for(request.user, "inspection.receive").exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    units = policy.units_for(request.user, "inspection.receive")
    if not units.exists():
        raise PermissionDenied
    form = forms.CaseRegisterForm(request.POST or None, units=units, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            result = services.case_register(
                actor=request.user,
                unit=d["unit"],
                case_type=d["case_type"],
                instance=d["instance"],
                channel=d["channel"],
                title=d["title"],
                content=d["content"],
                field=d["field"],
                subject_name=d["subject_name"],
                subject_unit=d["subject_unit"],
                received_on=d["received_on"],
                identity=protect.Identity(
                    name=d["name"], phone=d["phone"], citizen_id=d["citizen_id"], address=d["address"], email=d["email"]
                ),
            )
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Case %(number)s registered.") % {"number": result.case.number})
            return redirect(result.case)
    return render(request, "inspection/case_new.html", {"form": form})


ACTION_FORMS: dict[str, Any] = {
    "classify": forms.ClassifyForm,
    "accept": forms.AcceptForm,
    "transfer": forms.TransferForm,
    "return": forms.ReasonForm,
    "reject": forms.ReasonForm,
    "assign": forms.AssignForm,
    "start_verification": forms.NoteForm,
    "extend": forms.ExtendForm,
    "suspend": forms.SuspendForm,
    "resume": forms.NoteForm,
    "conclude": forms.ConcludeForm,
    "issue_decision": forms.DecisionForm,
    "close": forms.NoteForm,
    "close_triaged": forms.NoteForm,
}

ACTION_LABELS = {
    "classify": _("Classify"),
    "accept": _("Accept for settlement"),
    "transfer": _("Transfer to the competent agency"),
    "return": _("Return with guidance"),
    "reject": _("Not eligible"),
    "assign": _("Assign a handler"),
    "start_verification": _("Start verification"),
    "extend": _("Extend the time limit"),
    "suspend": _("Suspend"),
    "resume": _("Resume"),
    "conclude": _("Conclude"),
    "issue_decision": _("Issue the decision"),
    "close": _("Close"),
    "close_triaged": _("Close"),
}


def _make_form(name: str, case: Case, data: Any = None) -> Any:
    cls = ACTION_FORMS[name]
    initial: dict[str, Any] = {}
    if name == "classify":
        initial = {
            "case_type": case.case_type,
            "instance": case.instance,
            "field": case.field,
            "complexity": case.complexity,
            "remote_area": case.remote_area,
            "subject_name": case.subject_name,
            "subject_unit": case.subject_unit,
        }
    auto_id = f"id_{name}_%s"  # several forms on one page: unique ids, same field names
    if cls is forms.AssignForm:
        return cls(data, case=case, initial={"assignee": case.assignee}, auto_id=auto_id)
    return cls(data, initial=initial, auto_id=auto_id)


def _apply(name: str, actor: Any, case: Case, d: dict[str, Any]) -> Case:
    note = d.get("note", "")
    if name == "classify":
        return services.case_classify(
            actor=actor,
            case=case,
            case_type=d["case_type"],
            instance=d["instance"],
            field=d["field"],
            complexity=d["complexity"],
            remote_area=d["remote_area"],
            subject_name=d["subject_name"],
            subject_unit=d["subject_unit"],
            note=note,
        )
    if name == "accept":
        return services.case_accept(actor=actor, case=case, accepted_on=d["accepted_on"], note=note)
    if name == "transfer":
        return services.case_transfer(
            actor=actor, case=case, reason=d["reason"], transferred_to=d["transferred_to"], note=note
        )
    if name == "return":
        return services.case_return(actor=actor, case=case, reason=d["reason"], note=note)
    if name == "reject":
        return services.case_reject(actor=actor, case=case, reason=d["reason"], note=note)
    if name == "assign":
        return services.case_assign(actor=actor, case=case, assignee=d["assignee"], note=note)
    if name == "start_verification":
        return services.case_start_verification(actor=actor, case=case, note=note)
    if name == "extend":
        return services.case_extend(actor=actor, case=case, reason=d["reason"], complexity=d["complexity"] or None)
    if name == "suspend":
        return services.case_suspend(actor=actor, case=case, reason=d["reason"])
    if name == "resume":
        return services.case_resume(actor=actor, case=case, note=note)
    if name == "conclude":
        return services.case_conclude(actor=actor, case=case, conclusion=d["conclusion"])
    if name == "issue_decision":
        return services.case_issue_decision(
            actor=actor, case=case, decision_number=d["decision_number"], outcome_public=d["outcome_public"]
        )
    return services.case_close(actor=actor, case=case, note=note)


def _case_page(
    request: HttpRequest, case: Case, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    allowed = services.allowed_transitions(request.user, case)
    bound = bound or {}
    shown = allowed + [
        n for n in bound if n in ACTION_FORMS and n not in allowed
    ]  # keep a refused form's error visible
    actions = [(name, ACTION_LABELS[name], bound.get(name) or _make_form(name, case)) for name in shown]
    duplicates = []
    if (
        case.status in (CaseStatus.RECEIVED, CaseStatus.CLASSIFIED)
        and not case.merged_into_id
        and policy.can(request.user, "inspection.receive", case)
    ):
        duplicates = services.case_duplicates(user=request.user, case=case)
    return render(
        request,
        "inspection/case_detail.html",
        {
            "case": case,
            "actions": actions,
            "events": case.events.select_related("actor"),
            "attachments": case.attachments.all(),
            "duplicates": duplicates,
            "links": case.links_out.select_related("to_case"),
            "linked_from": case.links_in.select_related("from_case"),
            "can_see_identity": services.identity_can_view(request.user, case) and bool(case.identity_token),
            "identity": bound.get("_identity"),
            "link_form": bound.get("_link") or forms.LinkForm(),
            "attachment_form": bound.get("_attachment") or forms.AttachmentForm(),
            "can_link": policy.can(request.user, "inspection.receive", case) and not case.merged_into_id,
        },
        status=status,
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, _case_or_404(request.user, pk))


@login_required
@require_POST
def case_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    case = _case_or_404(request.user, pk)
    if name not in ACTION_FORMS:
        raise Http404
    form = _make_form(name, case, request.POST)
    if form.is_valid():
        try:
            _apply(name, request.user, case, form.cleaned_data)
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": ACTION_LABELS[name]})
            return redirect(case)
    case.refresh_from_db()
    messages.error(request, _("%(action)s: please correct the errors below.") % {"action": ACTION_LABELS[name]})
    return _case_page(request, case, {name: form}, status=400)


@login_required
@require_POST
@never_cache
def case_identity(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the filer's identity (POST, so that each viewing is deliberate and audited)."""
    case = _case_or_404(request.user, pk)
    identity = services.case_identity_view(actor=request.user, case=case)
    response = _case_page(request, case, {"_identity": identity})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def case_link(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request.user, pk)
    form = forms.LinkForm(request.POST)
    if form.is_valid():
        other = Case.objects.visible_to(request.user).filter(number=form.cleaned_data["other"].strip()).first()
        if other is None:
            form.add_error("other", _("No case with this number that you may see."))
        else:
            try:
                services.case_link(
                    actor=request.user,
                    case=case,
                    other=other,
                    kind=form.cleaned_data["kind"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("The cases are linked."))
                return redirect(case)
    return _case_page(request, case, {"_link": form}, status=400)


@login_required
@require_POST
def case_attach(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request.user, pk)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid() and _attach(request, form, case):
        return redirect(case)
    return _case_page(request, case, {"_attachment": form}, status=400)


def _attach(request: HttpRequest, form: Any, owner: Any) -> bool:
    f = form.cleaned_data["file"]
    try:
        services.attachment_add(
            actor=request.user,
            owner=owner,
            data=f.read(),
            filename=f.name,
            description=form.cleaned_data.get("description", ""),
        )
    except ValidationError as exc:
        form.add_error("file", exc)
        return False
    messages.success(request, _("File attached."))
    return True


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    att = get_object_or_404(
        Attachment.objects.select_related("case__unit", "inspection__unit", "report__recommendation"), pk=pk
    )
    if not services.attachment_can_read(request.user, att):
        raise Http404
    response = FileResponse(att.file.open("rb"), as_attachment=True, filename=att.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Dashboard and statistics ---------------------------------------------------


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


# --- Plans and inspections --------------------------------------------------------


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
            _form_error(form, exc)
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
                _form_error(form, exc)
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
    if item_id := request.GET.get("item") or request.POST.get("item"):
        from .models import PlanItem

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
            _form_error(form, exc)
        else:
            return redirect(insp)
    return render(
        request,
        "inspection/form_page.html",
        {"form": form, "title": _("New inspection"), "hidden": {"item": plan_item.pk} if plan_item else {}},
    )


def _inspection_or_404(user: Any, pk: int) -> Inspection:
    insp = Inspection.objects.visible_to(user).select_related("unit", "subject_unit", "plan_item").filter(pk=pk).first()
    if insp is None:
        raise Http404
    return insp


INSPECTION_FORMS = {
    "decide": forms.InspectionDecisionForm,
    "diary": forms.DiaryForm,
    "finding": forms.FindingForm,
    "recommendation": forms.RecommendationForm,
    "conclude": forms.InspectionConcludeForm,
    "document": forms.AttachmentForm,
}


def _inspection_form(name: str, insp: Inspection, data: Any = None, files: Any = None) -> Any:
    cls = INSPECTION_FORMS[name]
    auto_id = f"id_{name}_%s"
    if cls in (forms.InspectionDecisionForm, forms.RecommendationForm):
        return cls(data, inspection=insp, auto_id=auto_id)
    if cls is forms.AttachmentForm:
        return cls(data, files, auto_id=auto_id)
    return cls(data, auto_id=auto_id)


def _inspection_page(
    request: HttpRequest, insp: Inspection, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    bound = bound or {}
    user = request.user
    is_leader = policy.can(user, "inspection.approve_plan", insp)
    in_team = is_leader or insp.team.filter(user=user).exists()
    available: list[str] = []
    if insp.status == InspectionStatus.PREPARING and is_leader:
        available.append("decide")
    if insp.status == InspectionStatus.DECIDED and in_team:
        available += ["diary", "finding", "document", "recommendation"]
        if is_leader:
            available.append("conclude")
    if insp.status == InspectionStatus.CONCLUDED and in_team:
        available.append("recommendation")
    labels = {
        "decide": _("Issue the inspection decision and form the team"),
        "diary": _("Diary"),
        "finding": _("Record a finding"),
        "recommendation": _("Add a recommendation"),
        "conclude": _("Conclusion"),
        "document": _("Document collected"),
    }
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
            "forms": [(n, labels[n], bound.get(n) or _inspection_form(n, insp)) for n in available],
            "can_close": is_leader and insp.status == InspectionStatus.CONCLUDED,
        },
        status=status,
    )


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _inspection_page(request, _inspection_or_404(request.user, pk))


@login_required
@require_POST
def inspection_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    insp = _inspection_or_404(request.user, pk)
    if name == "close":
        try:
            services.inspection_close(actor=request.user, inspection=insp)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(insp)
    if name not in INSPECTION_FORMS:
        raise Http404
    form = _inspection_form(name, insp, request.POST, request.FILES)
    if form.is_valid():
        d = form.cleaned_data
        try:
            if name == "document":
                if _attach(request, form, insp):
                    return redirect(insp)
                return _inspection_page(request, insp, {name: form}, status=400)
            if name == "decide":
                services.inspection_issue_decision(
                    actor=request.user,
                    inspection=insp,
                    decision_number=d["decision_number"],
                    decision_date=d["decision_date"],
                    team=form.team(),
                )
            elif name == "diary":
                services.diary_add(actor=request.user, inspection=insp, **d)
            elif name == "finding":
                services.finding_add(actor=request.user, inspection=insp, **d)
            elif name == "recommendation":
                services.recommendation_add(actor=request.user, inspection=insp, **d)
            elif name == "conclude":
                services.inspection_conclude(actor=request.user, inspection=insp, **d)
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(insp)
    return _inspection_page(request, insp, {name: form}, status=400)


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
    request: HttpRequest, rec: Recommendation, form: Any = None, status: int = 200
) -> HttpResponse:
    can_report = (
        policy.can(request.user, "inspection.follow_up", rec.responsible_unit)
        and rec.status in (RecommendationStatus.OPEN, RecommendationStatus.RETURNED)
        and rec.inspection.status in (InspectionStatus.DECIDED, InspectionStatus.CONCLUDED)
    )
    can_review = policy.can(request.user, "inspection.inspect", rec.inspection)
    return render(
        request,
        "inspection/recommendation_detail.html",
        {
            "rec": rec,
            "reports": rec.reports.select_related("submitted_by", "reviewed_by").prefetch_related("attachments"),
            "form": form or (forms.ReportForm() if can_report else None),
            "can_review": can_review,
            "review_form": forms.ReviewForm(),
            "submitted": ReportStatus.SUBMITTED,
        },
        status=status,
    )


@login_required
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _recommendation_page(request, _recommendation_or_404(request.user, pk))


@login_required
@require_POST
def recommendation_report(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _recommendation_or_404(request.user, pk)
    form = forms.ReportForm(request.POST, request.FILES)
    if form.is_valid():
        f = form.cleaned_data.get("file")
        try:
            from django.db import transaction

            with transaction.atomic():  # report and evidence together, or nothing
                report = services.recommendation_report(
                    actor=request.user,
                    recommendation=rec,
                    text=form.cleaned_data["text"],
                    result=form.cleaned_data["result"],
                )
                if f is not None:
                    try:
                        services.attachment_add(actor=request.user, owner=report, data=f.read(), filename=f.name)
                    except ValidationError as exc:
                        raise ValidationError({"file": exc.messages}) from exc
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Your report was sent to the inspectorate."))
            return redirect(rec)
    return _recommendation_page(request, rec, form, status=400)


@login_required
@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(RecommendationReport.objects.select_related("recommendation"), pk=pk)
    rec = _recommendation_or_404(request.user, report.recommendation_id)
    form = forms.ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.recommendation_review(
                actor=request.user,
                report=report,
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Review recorded."))
    else:
        messages.error(request, _("Choose accept or return."))
    return redirect(rec)


# --- Public portal (no account) ------------------------------------------------------


def _rate_limited(request: HttpRequest, bucket: str, per_hour: int) -> bool:
    """The platform's limiter (org.ratelimit), per client address and hour."""
    return not ratelimit.hit(f"inspection.{bucket}", request.META.get("REMOTE_ADDR", "") or "unknown", f"{per_hour}/h")


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def public_submit(request: HttpRequest) -> HttpResponse:
    form = forms.PublicSubmitForm(request.POST or None)
    if request.method == "POST":
        if _rate_limited(request, "submit", settings.CIVILDESK_PUBLIC_SUBMISSIONS_PER_HOUR):
            return render(request, "inspection/public_limited.html", status=429)
        if form.is_valid():
            d = form.cleaned_data
            try:
                result = services.case_register(
                    actor=None,
                    public=True,
                    unit=d["unit"],
                    case_type=d["case_type"],
                    channel=Channel.ONLINE,
                    title=d["title"],
                    content=d["content"],
                    subject_name=d["subject_name"],
                    identity=protect.Identity(
                        name=d["name"],
                        phone=d["phone"],
                        citizen_id=d["citizen_id"],
                        address=d["address"],
                        email=d["email"],
                    ),
                )
            except ValidationError as exc:
                _form_error(form, exc)
            else:
                response = render(
                    request, "inspection/public_done.html", {"code": result.case.tracking_code, "secret": result.secret}
                )
                response["Cache-Control"] = "no-store"
                return response
    return render(request, "inspection/public_submit.html", {"form": form}, status=400 if form.errors else 200)


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def public_track(request: HttpRequest) -> HttpResponse:
    form = forms.TrackForm(request.POST or None)
    case = None
    if request.method == "POST":
        if _rate_limited(request, "track", settings.CIVILDESK_PUBLIC_SUBMISSIONS_PER_HOUR * 6):
            return render(request, "inspection/public_limited.html", status=429)
        if form.is_valid():
            case = services.case_find_for_citizen(
                tracking_code=form.cleaned_data["code"], secret=form.cleaned_data["secret"]
            )
            if case is None:
                form.add_error(None, _("No case matches this code and secret."))
    events = case.events.filter(public=True) if case else []
    return render(
        request,
        "inspection/public_track.html",
        {"form": form, "case": case, "events": events},
        status=400 if form.errors else 200,
    )
