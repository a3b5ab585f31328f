"""The JSON API, versioned under /api/v1/, with its OpenAPI schema.

django-ninja: typed schemas give the OpenAPI document for free and the API
stays a thin layer over each app's services. Authentication is a session
(with CSRF) for the web pages, or a personal bearer token for scripts.

The token is tried first: a request that carries one is a script's, and a
browser never sends it by itself, so it needs no CSRF check (trying the
session first refused every token POST with "CSRF check Failed"). Errors are
JSON, 500s included (``civildesk.org.middleware.ApiGuardMiddleware`` turns
whatever Django would answer in HTML into JSON, and limits the body size).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import HttpBearer, SessionAuth

from civildesk.org.models import ApiToken
from civildesk.org.services import api_token_hash


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=api_token_hash(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if row is None:
            return None
        if row.last_used_at is None or (timezone.now() - row.last_used_at).total_seconds() > 300:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        return row.user


api = NinjaAPI(
    title="CivilDesk API",
    version="1",
    urls_namespace="api-v1",
    auth=[TokenAuth(), SessionAuth()],
    docs_url="/docs",
    openapi_url="/openapi.json",
)

from civildesk.assistant.api import router as assistant_router  # noqa: E402
from civildesk.library.api import router as library_router  # noqa: E402
from civildesk.org.api import router as org_router  # noqa: E402

api.add_router("/", org_router)
api.add_router("/", library_router)
from civildesk.inspection.api import router as inspection_router  # noqa: E402

api.add_router("/", inspection_router)
api.add_router("/", assistant_router)
from civildesk.ideas.api import router as ideas_router  # noqa: E402

api.add_router("/", ideas_router)
from civildesk.drafting.api import router as drafting_router  # noqa: E402

api.add_router("/", drafting_router)
from civildesk.signing.api import router as signing_router  # noqa: E402

api.add_router("/", signing_router)
from civildesk.monitoring.api import router as monitoring_router  # noqa: E402

api.add_router("/", monitoring_router)
from civildesk.correspondence.api import router as correspondence_router  # noqa: E402

api.add_router("/", correspondence_router)
from civildesk.procedures.api import router as procedures_router  # noqa: E402

api.add_router("/", procedures_router)
