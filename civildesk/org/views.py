from __future__ import annotations

import base64
from io import BytesIO
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import auditkey, policy, services
from .forms import LoginForm, PersonCreateForm, PositionForm, RoleForm, TotpConfirmForm, TotpDisableForm, UnitForm
from .models import AuditEntry, Job, Person, Position, Role, RoleAssignment
from .params import uuid_param
from .taskqueue import uses_rq

PAGE_SIZE = 25


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:
        response = super().form_valid(form)
        device = getattr(form.get_user(), "otp_device", None)
        if device is not None:
            otp_login(self.request, device)
        language = form.get_user().preferred_language
        if language:
            from django.conf import settings

            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
        return response


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


# The public ways in shown on the landing page, by URL name; an app that is
# not installed simply has no card.
PUBLIC_WAYS_IN = {
    "public_submit_url": "inspection:public_submit",
    "public_track_url": "inspection:public_track",
    "public_assistant_url": "assistant:embed",
    "validate_url": "signing:validate",
}


def _reverse_or_empty(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def landing(request: HttpRequest) -> HttpResponse:
    """The site root for visitors: log in, or one of the public services."""
    from django.conf import settings

    context = {key: _reverse_or_empty(name) for key, name in PUBLIC_WAYS_IN.items()}
    return render(request, "org/landing.html", {**context, "site_name": settings.CIVILDESK_SITE_NAME})


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return landing(request)
    user = request.user
    assignments = RoleAssignment.objects.filter(user=user).select_related("unit")
    person = getattr(user, "person", None)
    positions = person.positions.current().select_related("unit") if person else Position.objects.none()
    jobs = Job.objects.filter(owner=user).order_by("-created_at")[:5]
    from .home import PANELS
    from .models import Notification

    notifications = Notification.objects.filter(user=user).unread()[:10]
    return render(
        request,
        "org/home.html",
        {
            "assignments": assignments,
            "positions": positions,
            "jobs": jobs,
            "person": person,
            "panels": PANELS,
            "notifications": notifications,
        },
    )


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark the user's notifications read (all, or the one given) and go to its link if any."""
    from .models import Notification

    pk = request.POST.get("id", "")
    if not pk:  # "mark all as read"
        services.notifications_read(user=request.user)
        return redirect("home")
    note = Notification.objects.filter(user=request.user, pk=int(pk)).first() if pk.isdigit() else None
    if note is None:  # not one of this user's: nothing is marked
        return redirect("home")
    services.notifications_read(user=request.user, ids=[note.pk])
    if url_has_allowed_host_and_scheme(note.url, allowed_hosts=None):  # a path of this site only
        return redirect(note.url)
    return redirect("home")


# --- Organisation pages ---------------------------------------------------


def _manageable_units(user: Any) -> Any:
    return policy.units_for(user, "org.manage_people")


@login_required
def units(request: HttpRequest) -> HttpResponse:
    visible = policy.units_for(request.user, "org.view_unit")
    return render(
        request,
        "org/units.html",
        {"units": visible, "can_manage": policy.can(request.user, "org.manage_units")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest) -> HttpResponse:
    parents = policy.units_for(request.user, "org.manage_units")
    if not parents.exists():
        raise PermissionDenied
    form = UnitForm(request.POST or None, units=parents)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("Unit “%(name)s” created.") % {"name": unit.name})
            return redirect("org:units")
    return render(request, "org/unit_form.html", {"form": form})


@login_required
def people(request: HttpRequest) -> HttpResponse:
    if not policy.can(request.user, "org.view_people"):
        raise PermissionDenied
    visible_units = policy.unit_filter(request.user, "org.view_people", field="positions__unit")
    qs = Person.objects.all()
    if visible_units is not None:
        qs = qs.filter(visible_units)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(full_name__icontains=q) | Q(user__username__icontains=q) | Q(positions__title__icontains=q))
    qs = (
        qs.distinct()
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "positions", queryset=Position.objects.current().select_related("unit"), to_attr="current_positions"
            )
        )
    )
    page = Paginator(qs.order_by("full_name"), PAGE_SIZE).get_page(request.GET.get("page"))
    template = "org/people.html#rows" if request.htmx else "org/people.html"
    return render(
        request,
        template,
        {"page": page, "q": q, "can_manage": _manageable_units(request.user).exists()},
    )


def _person_or_404(user: Any, pk: int) -> Person:
    person = get_object_or_404(Person.objects.select_related("user"), pk=pk)
    units = [p.unit for p in person.positions.select_related("unit")]
    if not any(policy.can(user, "org.view_people", u) for u in units):
        raise Http404
    return person


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_404(request.user, pk)
    units = _manageable_units(request.user)
    positions = person.positions.select_related("unit").order_by("-start_date")
    can_manage = any(policy.can(request.user, "org.manage_people", p.unit) for p in positions)
    roles = RoleAssignment.objects.filter(user=person.user).select_related("unit") if person.user else []
    return render(
        request,
        "org/person_detail.html",
        {
            "person": person,
            "positions": positions,
            "roles": roles,
            "can_manage": can_manage,
            "position_form": PositionForm(units=units, initial={"start_date": ""}),
            "role_form": RoleForm(units=units),
        },
    )


def _attach(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    units = _manageable_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = PersonCreateForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": person.full_name})
            return redirect("org:person", pk=person.pk)
    return render(request, "org/person_form.html", {"form": form})


@login_required
@require_POST
def position_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_404(request.user, pk)
    form = PositionForm(request.POST, units=_manageable_units(request.user))
    if form.is_valid():
        try:
            services.position_add(actor=request.user, person=person, **form.cleaned_data)
            messages.success(request, _("Position added."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("The position was not added: %(errors)s") % {"errors": _errors_text(form)})
    return redirect("org:person", pk=person.pk)


@login_required
@require_POST
def position_end(request: HttpRequest, pk: int, position_pk: int) -> HttpResponse:
    person = _person_or_404(request.user, pk)
    position = get_object_or_404(Position, pk=position_pk, person=person)
    try:
        services.position_end(actor=request.user, position=position)
        messages.success(request, _("Position ended today."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("org:person", pk=person.pk)


@login_required
@require_POST
def role_grant(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_404(request.user, pk)
    if person.user is None:
        messages.error(request, _("This person has no account; roles need an account."))
        return redirect("org:person", pk=person.pk)
    form = RoleForm(request.POST, units=_manageable_units(request.user))
    if form.is_valid():
        services.role_grant(actor=request.user, user=person.user, **form.cleaned_data)
        messages.success(request, _("Role granted."))
    else:
        messages.error(request, _("The role was not granted: %(errors)s") % {"errors": _errors_text(form)})
    return redirect("org:person", pk=person.pk)


@login_required
@require_POST
def role_revoke(request: HttpRequest, pk: int, role_pk: int) -> HttpResponse:
    person = _person_or_404(request.user, pk)
    assignment = get_object_or_404(RoleAssignment, pk=role_pk, user=person.user)
    services.role_revoke(actor=request.user, assignment=assignment)
    messages.success(request, _("Role removed."))
    return redirect("org:person", pk=person.pk)


def _errors_text(form: Any) -> str:
    return "; ".join(
        f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}" for f, e in form.errors.items()
    )


# --- Audit trail ----------------------------------------------------------


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    if not policy.can(request.user, "org.view_audit"):
        raise PermissionDenied
    qs = policy.filter_queryset(AuditEntry.objects.select_related("unit"), request.user, "org.view_audit")
    action = request.GET.get("action", "").strip()
    who = request.GET.get("who", "").strip()
    if action:
        qs = qs.filter(action__startswith=action)
    if who:
        qs = qs.filter(actor_repr__icontains=who)
    page = Paginator(qs.order_by("-seq"), 50).get_page(request.GET.get("page"))
    job = None
    if job_id := uuid_param(request.GET.get("job")):
        job = Job.objects.filter(pk=job_id, owner=request.user).first()
    return render(
        request,
        "org/audit.html",
        {
            "page": page,
            "action": action,
            "who": who,
            "job": job,
            "can_verify": policy.has_role(request.user, Role.SYSTEM_ADMIN),
            "head": services.audit_head(),
            "anchor": auditkey.anchor_last(),
        },
    )


@login_required
@require_POST
def audit_verify(request: HttpRequest) -> HttpResponse:
    job = services.audit_verify_start(actor=request.user)
    return redirect(f"{reverse('org:audit')}?job={job.pk}")


@login_required
def job_status(request: HttpRequest, pk: str) -> HttpResponse:
    job = get_object_or_404(Job, pk=pk)
    if services.job_is_stale(job):  # its worker died: shown as failed instead of polling forever
        services.job_sweep_stale()
        job.refresh_from_db()
    elif not job.finished and uses_rq():  # RQ knows of a dead worker within a minute or two
        services.job_sweep_stale_throttled(every_seconds=5)
        job.refresh_from_db()
    allowed = (
        job.owner_id == request.user.pk
        or (job.unit is not None and policy.can(request.user, "org.view_jobs", job.unit))
        or policy.has_role(request.user, Role.SYSTEM_ADMIN)
    )
    if not allowed:
        raise Http404
    return render(request, "org/_job.html", {"job": job})


# --- Two-factor -----------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Turn on TOTP: show a QR code for a new device, confirm it with a code."""
    confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    disable_form = TotpDisableForm(request.POST if request.POST.get("action") == "disable" else None, user=request.user)
    if confirmed and disable_form.is_bound and disable_form.is_valid():
        TOTPDevice.objects.filter(user=request.user).delete()
        services.audit_record(actor=request.user, action="auth.2fa_disable", obj=request.user)
        messages.success(request, _("Two-step verification is off."))
        return redirect("two_factor")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None and confirmed is None:
        device = TOTPDevice.objects.create(user=request.user, name="default", confirmed=False)
    form = TotpConfirmForm(None if disable_form.is_bound else (request.POST or None))
    if request.method == "POST" and device is not None and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            services.audit_record(actor=request.user, action="auth.2fa_enable", obj=request.user)
            messages.success(request, _("Two-step verification is on. You will be asked for a code when you log in."))
            return redirect("two_factor")
        form.add_error("token", _("That code is not valid. Check the time on your phone and try again."))
    qr_svg = None
    if device is not None and not device.confirmed:
        import qrcode
        import qrcode.image.svg

        img = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
        buf = BytesIO()
        img.save(buf)
        qr_svg = "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode()
    return render(
        request,
        "org/two_factor.html",
        {"confirmed": confirmed, "device": device, "qr_svg": qr_svg, "form": form, "disable_form": disable_form},
    )
