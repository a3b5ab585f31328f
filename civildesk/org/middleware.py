"""Request-wide concerns of the platform: NFC input, the audit context, the API's limits and error shape."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict

from .audit import client_ip
from .net import client_address


def nfc_value(value: Any) -> Any:
    """NFC-normalise every string inside a JSON-like value."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc_value(v) for v in value]
    if isinstance(value, dict):
        return {nfc_value(k): nfc_value(v) for k, v in value.items()}
    return value


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    return False


def _querydict_has_nul(qd: QueryDict) -> bool:
    return any("\x00" in k or any("\x00" in v for v in vs) for k, vs in qd.lists())


def _nfc_querydict(qd: QueryDict) -> QueryDict:
    if all(
        unicodedata.is_normalized("NFC", k) and all(unicodedata.is_normalized("NFC", v) for v in vs)
        for k, vs in qd.lists()
    ):
        return qd
    out = QueryDict(mutable=True, encoding=qd.encoding)
    for key, values in qd.lists():
        out.setlist(unicodedata.normalize("NFC", key), [unicodedata.normalize("NFC", v) for v in values])
    out._mutable = False
    return out


class NFCMiddleware:
    """Normalise all text input (query string, form fields, JSON bodies) to NFC.

    Vietnamese typed on different keyboards arrives composed or decomposed;
    storing one form keeps search, sorting and uniqueness checks honest.

    Text holding a NUL byte is refused (400): no one types it, and PostgreSQL
    cannot store or even compare it (a filter with one was a server error).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _querydict_has_nul(request.GET):
            raise BadRequest("NUL byte in the query string")
        request.GET = _nfc_querydict(request.GET)
        if request.method in {"POST", "PUT", "PATCH"}:
            if request.content_type == "application/json":
                try:
                    body = json.loads(request.body or b"null")
                except RecursionError as exc:
                    raise BadRequest("JSON nested too deeply") from exc
                except ValueError:
                    pass  # the view reports the malformed body
                else:
                    try:
                        if _has_nul(body):
                            raise BadRequest("NUL byte in the JSON body")
                        request._body = json.dumps(nfc_value(body), ensure_ascii=False).encode()
                    except RecursionError as exc:
                        raise BadRequest("JSON nested too deeply") from exc
            elif request.content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
                if _querydict_has_nul(request.POST):
                    raise BadRequest("NUL byte in the form")
                request.POST = _nfc_querydict(request.POST)
        token = client_ip.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(token)


class VietnameseFirstMiddleware:
    """Vietnamese unless the user chose otherwise (cookie or profile).

    The browser's Accept-Language is ignored: a provincial platform speaks
    the province's language by default, whatever the computer's locale.
    Placed before LocaleMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class ApiGuardMiddleware:
    """The JSON API (``/api/``) answers JSON, errors included, and refuses oversized bodies.

    Placed first: a body over ``CIVILDESK_API_MAX_BODY_KB`` (file uploads
    aside, which the upload limit bounds) is refused with 413 before anything
    reads it, and every error page that Django or a later middleware would
    answer in HTML (500, 400, 403, 404) becomes ``{"detail": ...}`` with the
    same status. Django still logs the 500 and its traceback.
    """

    prefix = "/api/"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(self.prefix):
            return self.get_response(request)
        limit = settings.CIVILDESK_API_MAX_BODY_KB * 1024
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit and request.content_type != "multipart/form-data":
            return JsonResponse(
                {"detail": f"Request body too large: at most {settings.CIVILDESK_API_MAX_BODY_KB} KB."}, status=413
            )
        response = self.get_response(request)
        if response.status_code >= 400 and response.get("Content-Type", "").startswith("text/html"):
            try:
                reason = HTTPStatus(response.status_code).phrase
            except ValueError:
                reason = "Error"
            response = JsonResponse({"detail": reason}, status=response.status_code)
        return response
