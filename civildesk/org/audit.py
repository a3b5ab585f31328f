"""The request context the audit trail records (who, from where).

Middleware sets the client address for the duration of a request, so that
services can write audit entries without threading the request through.
"""

from __future__ import annotations

import contextvars

client_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("civildesk_client_ip", default=None)
