"""Request-wide concerns of the platform: NFC input and the audit context."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict

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
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.GET = _nfc_querydict(request.GET)
        if request.method in {"POST", "PUT", "PATCH"}:
            if request.content_type == "application/json":
                try:
                    body = json.loads(request.body or b"null")
                except ValueError:
                    pass  # the view reports the malformed body
                else:
                    request._body = json.dumps(nfc_value(body), ensure_ascii=False).encode()
            elif request.content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
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
