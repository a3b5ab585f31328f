"""Demo drafts for drafting: one document of each type, fictional Lạng Sơn content.

The documents are the JSON examples in docs/examples/drafting/ (the same files
``manage.py render_document`` renders). Each becomes a draft of its unit,
written by a demo civil servant of that unit; numbers are left to the register.
Idempotent: a draft is matched by its unit, type and subject. The demo also
makes the provincial office's clerical officer (vp.vanthu) its clerk, so that
numbers can be issued in the demo.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from civildesk.org.models import Role, RoleAssignment, Unit, User

from . import services
from .models import CONTENT_FIELDS, LIST_FIELDS, Draft

EXAMPLES = Path(settings.BASE_DIR) / "docs" / "examples" / "drafting"

# type: (unit code, author username)
AUTHORS = {
    "QD": ("LS", "ubnd.chutich"),
    "CV": ("LS-STTTT", "stttt.chuyenvien"),
    "TTR": ("LS-STTTT", "stttt.chuyenvien"),
    "BC": ("LS-SXD", "sxd.chuyenvien"),
    "GM": ("LS-VP", "vp.vanthu"),
    "KH": ("LS-CL", "chilang.chuyenvien"),
    "TB": ("LS-TT", "thanhtra.tiepdan"),
}


def example(doc_type: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / f"{doc_type}.json").read_text(encoding="utf-8"))


@transaction.atomic
def load(stdout: Any = None) -> dict[str, int]:
    created = 0
    if not EXAMPLES.is_dir():
        if stdout:
            stdout.write(f"drafting demo: {EXAMPLES} not found, skipped")
        return {"drafts": 0}
    clerk = User.objects.filter(username="vp.vanthu").first()
    office = Unit.objects.filter(code="LS-VP").first()
    if clerk and office:
        RoleAssignment.objects.get_or_create(user=clerk, unit=office, role=Role.CLERK)
    for doc_type, (unit_code, username) in AUTHORS.items():
        unit = Unit.objects.filter(code=unit_code).first()
        author = User.objects.filter(username=username).first()
        if unit is None or author is None:
            continue
        data = example(doc_type)
        if Draft.objects.filter(unit=unit, doc_type=doc_type, subject=data["subject"]).exists():
            continue
        content = {k: data.get(k, "") for k in CONTENT_FIELDS}
        for k in LIST_FIELDS:
            content[k] = "\n".join(data.get(k) or [])
        services.draft_create(actor=author, unit=unit, doc_type=doc_type, **content)
        created += 1
    return {"drafts": created}
