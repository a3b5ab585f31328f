"""Every file that leaves the platform as an attachment is written to the audit trail.

One middleware instead of a line in each download view: library files,
inspection attachments, Excel reports, drafted documents, signed PDFs. The
entry names the path, the file name and the type ("export" for spreadsheets),
never the content.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .services import audit_record

_FILENAME = re.compile(r"""filename\*?=(?:UTF-8'')?"?([^";]+)"?""", re.IGNORECASE)
_SPREADSHEETS = ("application/vnd.openxmlformats-officedocument.spreadsheetml", "text/csv")


class DownloadAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        disposition = response.get("Content-Disposition", "")
        if response.status_code == 200 and disposition.lower().startswith("attachment"):
            user = getattr(request, "user", None)
            content_type = response.get("Content-Type", "")
            match = _FILENAME.search(disposition)
            audit_record(
                actor=user,
                action="file.export" if content_type.startswith(_SPREADSHEETS) else "file.download",
                summary={
                    "path": request.path[:300],
                    "file": (match.group(1) if match else "")[:255],
                    "type": content_type[:100],
                },
            )
        return response
