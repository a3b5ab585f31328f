"""The client's address, the one way every part of CivilDesk reads it.

Behind ``CIVILDESK_PROXY_COUNT`` trusted reverse proxies (nginx = 1), each
proxy appends the address it received the request from to
``X-Forwarded-For``; what stands to the left of those entries was written by
the client and proves nothing. So the client is the entry at position
``-PROXY_COUNT`` from the right, never the leftmost: a client that prepends
addresses of its own gets the same answer (and the same rate-limit bucket and
lockout) as without them. With no proxy (``0``, the default), ``REMOTE_ADDR``.

The trusted tail is cut on plain commas before django-ipware parses it:
ipware understands quoted RFC 7239 tokens, and a client-written ``"`` would
otherwise swallow the entries the proxies appended.

django-axes uses this function too (``AXES_CLIENT_IP_CALLABLE``), so lockouts,
rate limits and the audit trail always agree on who the client is.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip


def proxy_count() -> int:
    return max(0, int(getattr(settings, "CIVILDESK_PROXY_COUNT", 0) or 0))


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address as text, or None when the request carries none."""
    remote = request.META.get("REMOTE_ADDR") or None
    count = proxy_count()
    if count == 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    entries = [part.strip() for part in forwarded.split(",")]
    if not forwarded.strip() or len(entries) < count:
        # Not through the expected proxies (or a proxy that sets no header).
        return remote
    trusted_tail = ", ".join(entries[-count:])
    ip, _routable = get_client_ip(
        _Headers({"HTTP_X_FORWARDED_FOR": trusted_tail}),
        proxy_count=count - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=True,
    )
    return ip or remote


class _Headers:
    """Only the trusted headers, in the shape ipware reads (``request.META``)."""

    __slots__ = ("META",)

    def __init__(self, meta: dict[str, str]) -> None:
        self.META = meta
