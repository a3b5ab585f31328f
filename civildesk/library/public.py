"""Public documents for everyone: a page that needs no account and that the provincial portal may frame.

The public assistant widget's citations open here, inside the widget's frame,
so the framing policy is the widget's: the portals in CIVILDESK_WIDGET_ORIGINS
(never "*"), and this site itself.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from .models import Document, Scope, Status

# The widget's signed conversation token, handed back to the widget untouched (it checks the signature).
_TOKEN = re.compile(r"^[A-Za-z0-9_\-:.]{1,300}$")


def allow_portal_framing(response: HttpResponse) -> HttpResponse:
    """django-csp's policy, with CivilDesk's own pages and the portals of CIVILDESK_WIDGET_ORIGINS allowed to
    frame the page (a public procedure's page frames the assistant)."""
    response._csp_replace = {  # type: ignore[attr-defined]
        "frame-ancestors": ["'self'", *settings.CIVILDESK_WIDGET_ORIGINS]
    }
    return response


@xframe_options_exempt
@require_GET
def public_document(request: HttpRequest, pk: int) -> HttpResponse:
    """A public document's text and details, for anyone; an internal one is not found, logged in or not."""
    document = Document.objects.filter(pk=pk, scope=Scope.PUBLIC, status=Status.READY).first()
    if document is None:
        raise Http404
    token = request.GET.get("c", "")
    response = render(
        request,
        "library/public_document.html",
        {"document": document, "token": token if _TOKEN.match(token) else ""},
    )
    return allow_portal_framing(response)
