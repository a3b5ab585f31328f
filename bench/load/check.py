"""After a load run or a fault: nothing lost, nothing half-saved, no duplicate number, the audit chain intact.

Run by ``bench/load.py`` with the target's environment (its database, its storage, its keys):

    python bench/load/check.py ACK_FILE

Prints one JSON object:

* ``acknowledged`` / ``lost``: uploads the client saw acknowledged (the redirect to the new document, one JSON
  line each in ACK_FILE) / those of them whose document, version or file (through Django's storage API, so on
  the shared storage of the cluster) is missing;
* ``half_saved``: documents of the load without a version, versions without their file in storage;
* ``duplicates``: numbers that must be unique (dossier codes, incoming correspondence numbers per unit and
  year, document version numbers) found more than once;
* ``jobs``: background jobs by status (a job left "running" by a dead worker shows here);
* ``audit``: ``manage.py audit_verify``'s verdict (exit status and last line).
"""

from __future__ import annotations

import json
import os
import sys
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

DUPLICATE_QUERIES = {
    "dossier code": "SELECT code FROM procedures_dossier GROUP BY code HAVING COUNT(*) > 1",
    "incoming number": (
        "SELECT unit_id, year, number FROM correspondence_incoming WHERE number IS NOT NULL "
        "GROUP BY unit_id, year, number HAVING COUNT(*) > 1"
    ),
    "document version": (
        "SELECT document_id, number FROM library_documentversion GROUP BY document_id, number HAVING COUNT(*) > 1"
    ),
}


def main(ack_file: str) -> dict[str, object]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civildesk.settings")
    import logging

    import django

    django.setup()
    logging.disable(logging.WARNING)
    from django.core.files.storage import default_storage
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from civildesk.library.models import Document, DocumentVersion
    from civildesk.org.models import Job

    acks = [json.loads(line) for line in Path(ack_file).read_text(encoding="utf-8").splitlines() if line.strip()]
    lost = []
    for ack in acks:
        doc = Document.objects.filter(pk=ack["document"], title=ack["title"]).first()
        version = doc.versions.order_by("number").first() if doc else None
        if version is None or not version.file or not default_storage.exists(version.file.name):
            lost.append(ack["document"])

    load_docs = Document.objects.filter(title__startswith="Tải thử")
    half = [d.pk for d in load_docs.annotate(n=Count("versions")).filter(n=0)]
    for v in DocumentVersion.objects.filter(document__in=load_docs).only("pk", "file"):
        if not v.file or not default_storage.exists(v.file.name):
            half.append(v.document_id)

    duplicates: dict[str, int] = {}
    with connection.cursor() as cursor:
        for name, sql in DUPLICATE_QUERIES.items():
            try:
                cursor.execute(sql)
                duplicates[name] = len(cursor.fetchall())
            except Exception as exc:  # noqa: BLE001 - a table renamed: say so, do not hide the other checks
                duplicates[name] = -1
                print(f"duplicate check {name!r} failed: {exc}", file=sys.stderr)
                connection.rollback() if not connection.get_autocommit() else None

    jobs = dict(Job.objects.values_list("status").annotate(n=Count("pk")).order_by())
    out, err = StringIO(), StringIO()
    try:
        call_command("audit_verify", stdout=out, stderr=err)
        audit_ok = True
    except SystemExit as exc:
        audit_ok = not exc.code
    except Exception as exc:  # noqa: BLE001 - CommandError: the chain is broken
        err.write(str(exc))
        audit_ok = False
    last = (out.getvalue() + err.getvalue()).strip().splitlines()
    return {
        "acknowledged": len(acks),
        "lost": lost,
        "load_documents": load_docs.count(),
        "half_saved": sorted(set(half)),
        "duplicates": duplicates,
        "jobs": jobs,
        "audit": {"ok": audit_ok, "message": last[-1] if last else ""},
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1]), ensure_ascii=False))
