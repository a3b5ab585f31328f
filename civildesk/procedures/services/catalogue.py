"""The procedure catalogue: versions (a change is a new version), import and export as JSON and Excel."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civildesk.org import policy
from civildesk.org.models import Unit
from civildesk.org.services import audit_record, nfc

from ..models import Level, Procedure, ProcedureVersion

FIELDS = ("code", "name", "level", "field", "unit", "online", "valid_from", "processing_days", "cut_off_hour",
          "fee", "fee_amount", "result", "legal_basis", "components")  # fmt: skip


def procedure_rows(qs: Any) -> list[dict[str, Any]]:
    """One row per procedure with its current version (the shape of the export and the import)."""
    rows = []
    for p in qs.select_related("unit").prefetch_related("versions"):
        v = max(p.versions.all(), key=lambda x: (x.valid_from, x.number), default=None)
        if v is None:
            continue
        rows.append(
            {
                "code": p.code, "name": p.name, "level": p.level, "field": p.field, "unit": p.unit.code,
                "online": p.online, "valid_from": v.valid_from.isoformat(), "processing_days": v.processing_days,
                "cut_off_hour": v.cut_off_hour, "fee": v.fee, "fee_amount": v.fee_amount, "result": v.result,
                "legal_basis": v.legal_basis, "components": v.components,
            }
        )  # fmt: skip
    return rows


def export_json(qs: Any) -> bytes:
    return json.dumps({"procedures": procedure_rows(qs)}, ensure_ascii=False, indent=2).encode()


def export_xlsx(qs: Any) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "procedures"
    ws.append(list(FIELDS))
    for row in procedure_rows(qs):
        ws.append([json.dumps(row[f], ensure_ascii=False) if f == "components" else row[f] for f in FIELDS])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def parse(data: bytes, filename: str) -> list[dict[str, Any]]:
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            ws = load_workbook(io.BytesIO(data), read_only=True).active
            rows = list(ws.iter_rows(values_only=True))
        except Exception as exc:
            raise ValidationError(_("The file is not a readable Excel workbook.")) from exc
        head = [str(h or "") for h in rows[0]] if rows else []
        out = []
        for r in rows[1:]:
            item = dict(zip(head, r, strict=False))
            item["components"] = json.loads(item.get("components") or "[]")
            out.append(item)
        return out
    try:
        doc = json.loads(data.decode("utf-8"))
        return list(doc["procedures"] if isinstance(doc, dict) else doc)
    except (ValueError, KeyError, TypeError) as exc:
        raise ValidationError(_("The file is not a catalogue in JSON.")) from exc


@transaction.atomic
def procedure_save(*, actor: Any, row: dict[str, Any]) -> tuple[Procedure, bool]:
    """Create or update a procedure; a change of the rules adds a version (old dossiers keep theirs)."""
    unit = Unit.objects.filter(code=str(row.get("unit") or "")).first()
    if unit is None:
        raise ValidationError(_("Unknown unit %(code)s.") % {"code": row.get("unit")})
    if actor is not None:
        policy.require(actor, "procedures.catalogue", unit)
    if row.get("level") not in Level.values:
        raise ValidationError(_("Unknown level %(level)s.") % {"level": row.get("level")})
    proc = Procedure.objects.filter(code=str(row["code"]).strip()).first() or Procedure(code=str(row["code"]).strip())
    proc.name, proc.level, proc.field, proc.unit = (
        nfc(str(row["name"])),
        row["level"],
        nfc(str(row.get("field") or "")),
        unit,
    )
    proc.online = bool(row.get("online", True))
    proc.refresh_search_text()
    proc.full_clean()
    proc.save()
    rules = {
        "processing_days": int(row["processing_days"]),
        "cut_off_hour": int(row.get("cut_off_hour") or 16),
        "fee": nfc(str(row.get("fee") or "")),
        "fee_amount": int(row.get("fee_amount") or 0),
        "result": nfc(str(row["result"])),
        "legal_basis": nfc(str(row.get("legal_basis") or "")),
        "components": list(row.get("components") or []),
    }
    last = proc.versions.order_by("-number").first()
    if last is not None and all(getattr(last, k) == v for k, v in rules.items()):
        return proc, False
    valid_from = date.fromisoformat(str(row.get("valid_from") or timezone.localdate().isoformat())[:10])
    version = ProcedureVersion(procedure=proc, number=(last.number + 1) if last else 1, valid_from=valid_from, **rules)
    version.full_clean()
    version.save()
    audit_record(actor=actor, action="procedures.procedure_save", obj=proc, summary={"version": version.number})
    return proc, True


@transaction.atomic
def catalogue_import(*, actor: Any, data: bytes, filename: str) -> int:
    """Import a catalogue (JSON or Excel, the export's shape); returns how many versions were added."""
    return sum(procedure_save(actor=actor, row=row)[1] for row in parse(data, filename))
