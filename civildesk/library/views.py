from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civildesk.org import policy
from civildesk.org.models import Job
from civildesk.org.params import uuid_param
from civildesk.org.services import job_sweep_stale

from . import search, services
from .forms import MetadataForm, SearchForm, UploadForm, VersionForm
from .models import Document, DocumentVersion, Status

PAGE_SIZE = 20
SEARCH_DEPTH = 50


def _readable_or_404(user: Any, pk: int) -> Document:
    document = Document.objects.readable_by(user).select_related("unit", "uploaded_by").filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


@login_required
def index(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    q = (filters.get("q") or "").strip()
    context: dict[str, Any] = {"form": form, "q": q, "querystring": _querystring(request)}
    if q:
        results = search.search(
            request.user,
            q,
            k=SEARCH_DEPTH,
            doc_type=filters.get("type") or "",
            validity=filters.get("validity") or "",
            year=str(filters.get("year") or ""),
            issuer=filters.get("issuer") or "",
        )
        context["page"] = Paginator(results, 10).get_page(request.GET.get("page"))
        context["searching"] = True
    else:
        docs = Document.objects.readable_by(request.user).select_related("unit")
        if filters.get("type"):
            docs = docs.filter(doc_type=filters["type"])
        if filters.get("validity"):
            docs = docs.filter(validity=filters["validity"])
        if filters.get("year"):
            docs = docs.filter(signed_date__year=filters["year"])
        if filters.get("issuer"):
            docs = docs.filter(issuer__icontains=filters["issuer"])
        context["page"] = Paginator(docs.order_by("-signed_date", "title"), PAGE_SIZE).get_page(request.GET.get("page"))
    context["can_upload"] = policy.units_for(request.user, "library.upload").exists()
    template = "library/_results.html" if request.htmx else "library/index.html"
    return render(request, template, context)


def _querystring(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def document(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _readable_or_404(request.user, pk)
    if doc.status == Status.PROCESSING and job_sweep_stale():
        doc.refresh_from_db()  # stuck "processing" by a dead worker: now failed, with "Try again"
    job = None
    if job_id := uuid_param(request.GET.get("job")):
        job = Job.objects.filter(pk=job_id, owner=request.user).first()
    return render(
        request,
        "library/document.html",
        {
            "document": doc,
            "versions": doc.versions.select_related("created_by").order_by("-number"),
            "can_edit": services.document_can_edit(request.user, doc),
            "can_retry": services.document_can_retry(doc) and services.document_can_edit(request.user, doc),
            "can_delete": policy.can(request.user, "library.manage", doc),
            "job": job,
            "version_form": VersionForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    units = policy.units_for(request.user, "library.upload")
    if not units.exists():
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        data = f.read()
        try:
            if f.name.lower().endswith(".zip"):
                batch = services.batch_upload_zip(
                    actor=request.user, data=data, unit=form.cleaned_data["unit"], scope=form.cleaned_data["scope"]
                )
                return render(request, "library/batch.html", {"batch": batch})
            result = services.document_upload(
                actor=request.user,
                data=data,
                filename=f.name,
                unit=form.cleaned_data["unit"],
                scope=form.cleaned_data["scope"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            form.add_error("file" if not hasattr(exc, "error_dict") else None, exc)
        else:
            messages.success(request, _("The document was uploaded; its text is being read."))
            return redirect(f"{result.document.get_absolute_url()}?job={result.job_id}")
    return render(
        request,
        "library/upload.html",
        {"form": form, "limit_mb": services.max_upload_bytes() // 2**20},
        status=400 if form.errors else 200,  # a refused upload is an error, for people and scripts alike
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _readable_or_404(request.user, pk)
    if not services.document_can_edit(request.user, doc):
        raise PermissionDenied
    initial = {f: getattr(doc, f) for f in services.METADATA_FIELDS}
    form = MetadataForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_update_metadata(actor=request.user, document=doc, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(doc)
    return render(request, "library/edit.html", {"form": form, "document": doc})


@login_required
@require_POST
def new_version(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _readable_or_404(request.user, pk)
    form = VersionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("file", [_("Choose a file.")])))
        return redirect(doc)
    f = form.cleaned_data["file"]
    try:
        result = services.document_new_version(actor=request.user, document=doc, data=f.read(), filename=f.name)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(doc)
    messages.success(request, _("New version uploaded; its text is being read."))
    return redirect(f"{doc.get_absolute_url()}?job={result.job_id}")


@login_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _readable_or_404(request.user, pk)
    try:
        result = services.document_retry(actor=request.user, document=doc)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(doc)
    messages.success(request, _("The document is being read again."))
    return redirect(f"{doc.get_absolute_url()}?job={result.job_id}")


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _readable_or_404(request.user, pk)
    services.document_delete(actor=request.user, document=doc)
    messages.success(request, _("The document was deleted."))
    return redirect("library:index")


@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    version = get_object_or_404(DocumentVersion.objects.select_related("document"), pk=pk)
    if not Document.objects.readable_by(request.user).filter(pk=version.document_id).exists() or not version.file:
        raise Http404
    response = FileResponse(version.file.open("rb"), as_attachment=True, filename=version.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


__all__ = ["Status", "reverse"]
