"""The citizen portal (no account): send a complaint or petition online, track it with its code and secret."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from civildesk.org import ratelimit
from civildesk.org.net import client_address  # the one client-address function (trusted proxies)
from civildesk.org.workflow import field_errors

from .. import forms, protect, services
from ..models import Channel


def _rate_limited(request: HttpRequest, bucket: str, per_hour: int) -> bool:
    """The platform's limiter (org.ratelimit), per client address and hour."""
    return not ratelimit.hit(f"inspection.{bucket}", client_address(request) or "unknown", f"{per_hour}/h")


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
                field_errors(form, exc)
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
