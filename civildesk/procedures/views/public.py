"""The citizen portal (no account, phone first): catalogue, procedure page, online submission, tracking.

A dossier is shown only to a browser session that proved its code and secret (PIN or phone) on the tracking
page, or that submitted it; a wrong secret reveals nothing, and guesses are rate-limited per address and per
code (``org.ratelimit``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civildesk.org import ratelimit
from civildesk.org.net import client_address
from civildesk.org.workflow import field_errors

from .. import forms
from ..models import Channel, Dossier, Level, Procedure, Status
from ..services import citizen, documents, intake

SESSION_KEY = "procedures_dossiers"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
TRACK_PER_HOUR = 30  # look-ups per address
GUESSES_PER_CODE = 10  # wrong or right, per code and hour, whoever asks


def _limited(request: HttpRequest, bucket: str, per_hour: int, key: str = "") -> bool:
    return not ratelimit.hit(f"procedures.{bucket}", key or client_address(request) or "unknown", f"{per_hour}/h")


def _remember(request: HttpRequest, dossier: Dossier) -> None:
    seen = [pk for pk in request.session.get(SESSION_KEY, []) if pk != dossier.pk][-19:]
    request.session[SESSION_KEY] = [*seen, dossier.pk]


def _proved(request: HttpRequest, pk: int) -> Dossier:
    """The dossier if this session proved it; 404 otherwise (nothing is revealed)."""
    if pk not in request.session.get(SESSION_KEY, []):
        raise Http404
    return get_object_or_404(Dossier.objects.select_related("procedure", "unit", "version"), pk=pk)


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    level = request.GET.get("level", "")
    qs = Procedure.objects.active().select_related("unit").search(q)
    if level in Level.values:
        qs = qs.filter(level=level)
    page = Paginator(qs.order_by("name"), 30).get_page(request.GET.get("page"))
    return render(request, "procedures/catalogue.html", {"page": page, "q": q, "level": level, "levels": Level.choices})


@require_GET
def procedure_page(request: HttpRequest, code: str) -> HttpResponse:
    proc = get_object_or_404(Procedure.objects.active().select_related("unit"), code=code)
    version = proc.current_version()
    if version is None:
        raise Http404
    return render(request, "procedures/procedure.html", {"procedure": proc, "version": version})


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, code: str) -> HttpResponse:
    proc = get_object_or_404(Procedure.objects.active().filter(online=True).select_related("unit"), code=code)
    form = forms.SubmitForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        # Only a valid form counts against the submissions per hour, so a citizen who forgot a field or chose
        # a wrong file can still send the dossier; invalid attempts have their own, larger allowance.
        per_hour = settings.CIVILDESK_PUBLIC_SUBMISSIONS_PER_HOUR
        if _limited(request, "submit-attempt", 4 * per_hour) or (
            form.is_valid() and _limited(request, "submit", per_hour)
        ):
            return render(request, "procedures/limited.html", status=429)
        if form.is_valid():
            d = form.cleaned_data
            try:
                result = intake.dossier_register(
                    actor=None,
                    public=True,
                    procedure=proc,
                    channel=Channel.ONLINE,
                    applicant_name=d["applicant_name"],
                    applicant_phone=d["applicant_phone"],
                    applicant_email=d["applicant_email"],
                    applicant_address=d["applicant_address"],
                    applicant_id_number=d["applicant_id_number"],
                    note=d["note"],
                    paid_online=d["paid_online"],
                    files=forms.read_files(d["files"]),
                )
            except ValidationError as exc:
                field_errors(form, exc)
            else:
                _remember(request, result.dossier)
                response = render(
                    request,
                    "procedures/receipt.html",
                    {"dossier": result.dossier, "pin": result.pin, "qr": _qr(request, result.dossier)},
                )
                response["Cache-Control"] = "no-store"
                return response
    version = proc.current_version()
    return render(
        request,
        "procedures/submit.html",
        {"procedure": proc, "version": version, "form": form},
        status=400 if form.errors else 200,
    )


def _qr(request: HttpRequest, dossier: Dossier) -> str:
    return documents._qr_svg(documents.tracking_url(dossier, request.build_absolute_uri("/")))


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    form = forms.TrackForm(request.POST or None, initial={"code": request.GET.get("code", "")[:40]})
    if request.method == "POST":
        code = request.POST.get("code", "")
        if _limited(request, "track", TRACK_PER_HOUR) or _limited(
            request, "track_code", GUESSES_PER_CODE, intake.secret_fingerprint(code)
        ):
            return render(request, "procedures/limited.html", status=429)
        if form.is_valid():
            dossier = intake.dossier_find_for_citizen(
                code=form.cleaned_data["code"], secret=form.cleaned_data["secret"]
            )
            if dossier is not None:
                _remember(request, dossier)
                return redirect("procedures:tracked", pk=dossier.pk)
            form.add_error(None, _("No dossier matches this code and secret."))
    return render(request, "procedures/track.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
@require_GET
def tracked(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _proved(request, pk)
    return _tracked_page(request, dossier)


def _tracked_page(request: HttpRequest, dossier: Dossier, **bound: object) -> HttpResponse:
    ended = dossier.status in (Status.RETURNED, Status.REFUSED, Status.STOPPED, Status.WITHDRAWAL)
    context = {
        "dossier": dossier,
        "events": citizen.visible_events(dossier),
        "forms_available": documents.available_forms(dossier),
        "supplement_form": bound.get("supplement_form")
        or (forms.SupplementUploadForm() if dossier.status == Status.SUPPLEMENT else None),
        "rate_form": bound.get("rate_form") or (forms.RateForm() if ended and dossier.rating is None else None),
        "can_withdraw": dossier.is_open,
    }
    return render(request, "procedures/tracked.html", context, status=400 if bound else 200)


@require_GET
def tracked_form(request: HttpRequest, pk: int, number: str, fmt: str) -> HttpResponse:
    dossier = _proved(request, pk)
    if number not in documents.available_forms(dossier) or fmt not in documents.FORMATS:
        raise Http404
    data = documents.dossier_form(dossier=dossier, number=number, fmt=fmt, base_url=request.build_absolute_uri("/"))
    return _download(data, f"{dossier.code}-mau-{number}.{fmt}", fmt)


def _download(data: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES.get(fmt, "application/octet-stream"))
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def tracked_result(request: HttpRequest, pk: int) -> FileResponse:
    dossier = _proved(request, pk)
    if not dossier.result_file or dossier.status not in (Status.DONE, Status.RETURNED):
        raise Http404
    response = FileResponse(dossier.result_file.open("rb"), as_attachment=True, filename=f"{dossier.code}-ket-qua.pdf")
    response["Cache-Control"] = "no-store"
    return response


@csrf_protect
@require_POST
def tracked_supplement(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _proved(request, pk)
    form = forms.SupplementUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            citizen.supplement_submit(dossier=dossier, files=forms.read_files(form.cleaned_data["files"]))
        except ValidationError as exc:
            field_errors(form, exc)
        else:
            return redirect("procedures:tracked", pk=pk)
    dossier.refresh_from_db()
    return _tracked_page(request, dossier, supplement_form=form)


@csrf_protect
@require_POST
def tracked_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _proved(request, pk)
    try:
        citizen.withdraw_request(dossier=dossier, reason=request.POST.get("reason", "")[:1000])
    except ValidationError as exc:
        from django.contrib import messages

        messages.error(request, " ".join(exc.messages))
    return redirect("procedures:tracked", pk=pk)


@csrf_protect
@require_POST
def tracked_rate(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _proved(request, pk)
    form = forms.RateForm(request.POST)
    if form.is_valid():
        try:
            citizen.dossier_rate(dossier=dossier, **form.cleaned_data)
        except ValidationError as exc:
            field_errors(form, exc)
        else:
            return redirect("procedures:tracked", pk=pk)
    return _tracked_page(request, dossier, rate_form=form)
