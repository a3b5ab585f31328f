"""Every write to the library goes through here: upload, versions, metadata, extraction, import."""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from civildesk.org import policy
from civildesk.org.models import Unit
from civildesk.org.services import audit_record, job_create, nfc

from . import extract, metadata, structure
from .models import FULL_TEXT_ANCHOR, Article, DocType, Document, DocumentVersion, Scope, Status, Validity

log = logging.getLogger(__name__)

MAX_ZIP_MEMBERS = 500
MAX_ZIP_TOTAL = 500 * 1024 * 1024


def max_upload_bytes() -> int:
    return settings.CIVILDESK_MAX_UPLOAD_MB * 1024 * 1024


def _type_error_message(exc: extract.ExtractionError) -> str:
    from .messages import translate

    return _(
        "This file cannot be added: %(reason)s Accepted: PDF, Word (.docx), HTML, plain text, Markdown (.md), "
        "and scanned images (PNG, JPEG, TIFF)."
    ) % {"reason": translate(exc.message)}


def check_upload(*, data: bytes, filename: str) -> str:
    """Validate size and type from the bytes; return the detected type or raise ValidationError."""
    if not data:
        raise ValidationError(_("The file “%(name)s” is empty.") % {"name": filename}, code="empty")
    if len(data) > max_upload_bytes():
        raise ValidationError(
            _("The file “%(name)s” is %(size)d MB; the limit is %(limit)d MB.")
            % {"name": filename, "size": len(data) // (1024 * 1024) + 1, "limit": settings.CIVILDESK_MAX_UPLOAD_MB},
            code="too_large",
        )
    try:
        return extract.sniff_type(data, filename)
    except extract.ExtractionError as exc:
        raise ValidationError(_type_error_message(exc), code="bad_type") from exc


def _require_upload(actor: Any, unit: Unit | None, scope: str) -> None:
    if unit is None:
        raise ValidationError({"unit": _("Choose the unit the document belongs to.")})
    policy.require(actor, "library.upload", unit)
    if scope == Scope.PUBLIC:
        policy.require(actor, "library.manage", unit)


def find_duplicate(*, user: Any, sha256: str) -> Document | None:
    """A document this user can read that already holds exactly these bytes."""
    return Document.objects.readable_by(user).filter(versions__sha256=sha256).order_by("pk").first()


@dataclass
class Upload:
    document: Document
    job_id: Any


@transaction.atomic
def document_upload(
    *, actor: Any, data: bytes, filename: str, unit: Unit | None, scope: str = Scope.UNIT, title: str = ""
) -> Upload:
    """Store a new document's file and queue its extraction. Nothing is saved if anything is wrong."""
    _require_upload(actor, unit, scope)
    file_type = check_upload(data=data, filename=filename)
    sha = hashlib.sha256(data).hexdigest()
    duplicate = find_duplicate(user=actor, sha256=sha)
    if duplicate is not None and duplicate.status == Status.FAILED:
        raise ValidationError(
            _(
                "This file is already in the library as “%(title)s”, but its text could not be read. "
                "Open that document and press “Try again”."
            )
            % {"title": duplicate.title},
            code="duplicate_failed",
        )
    if duplicate is not None:
        raise ValidationError(
            _("This file is already in the library as “%(title)s”.") % {"title": duplicate.title}, code="duplicate"
        )
    document = Document(
        title=nfc(title) or nfc(filename.rsplit(".", 1)[0])[:500] or _("Untitled document"),
        scope=scope,
        unit=unit,
        uploaded_by=actor,
        status=Status.PROCESSING,
    )
    document.full_clean()
    document.save()
    version = _add_version(document=document, actor=actor, data=data, filename=filename, file_type=file_type, sha=sha)
    try:
        audit_record(
            actor=actor,
            action="library.document_upload",
            obj=document,
            summary={"file": filename, "size": len(data), "scope": scope},
        )
        job = _queue_extraction(actor=actor, version=version)
    except Exception:
        version.file.delete(save=False)
        raise
    return Upload(document=document, job_id=job.pk)


def _add_version(
    *, document: Document, actor: Any, data: bytes, filename: str, file_type: str, sha: str
) -> DocumentVersion:
    """Store the file, then its row; if the row cannot be written the file is removed again."""
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        filename=nfc(filename)[:255],
        file_type=file_type,
        size=len(data),
        sha256=sha,
        created_by=actor,
    )
    safe_ext = {"pdf": "pdf", "docx": "docx", "html": "html", "text": "txt", "image": "img"}[file_type]
    try:
        version.file.save(f"{sha}.{safe_ext}", ContentFile(data), save=False)
    except OSError as exc:  # a full disk or a quota: the storage removed the partial file
        raise ValidationError(
            _("The file could not be stored (the server's disk may be full). Nothing was saved; try again later."),
            code="storage",
        ) from exc
    try:
        version.full_clean()
        version.save()
    except Exception:
        version.file.delete(save=False)
        raise
    return version


def _queue_extraction(*, actor: Any, version: DocumentVersion) -> Any:
    from .tasks import extract_version_task

    job = job_create(
        owner=actor,
        kind="library.extract",
        title=gettext_noop("Reading “%(title)s”") % {"title": version.document.title[:200]},
        unit=version.document.unit,
    )
    DocumentVersion.objects.filter(pk=version.pk).update(job=job)
    transaction.on_commit(lambda: extract_version_task.enqueue(version.pk, str(job.pk)))
    return job


@transaction.atomic
def document_new_version(*, actor: Any, document: Document, data: bytes, filename: str) -> Upload:
    """Upload a new file for a document: its text is replaced, the old version is kept."""
    if not document_can_edit(actor, document):
        raise PermissionDenied
    file_type = check_upload(data=data, filename=filename)
    sha = hashlib.sha256(data).hexdigest()
    if document.versions.filter(sha256=sha).exists():
        raise ValidationError(_("This file is already a version of this document."), code="duplicate")
    version = _add_version(document=document, actor=actor, data=data, filename=filename, file_type=file_type, sha=sha)
    Document.objects.filter(pk=document.pk).update(status=Status.PROCESSING, error="")
    audit_record(
        actor=actor, action="library.version_add", obj=document, summary={"version": version.number, "file": filename}
    )
    job = _queue_extraction(actor=actor, version=version)
    return Upload(document=document, job_id=job.pk)


@transaction.atomic
def document_retry(*, actor: Any, document: Document) -> Upload:
    """Read a document whose extraction failed (or whose worker died) again, from its latest version."""
    if not document_can_edit(actor, document):
        raise PermissionDenied
    document = Document.objects.select_for_update().get(pk=document.pk)
    if not document_can_retry(document):
        raise ValidationError(_("Only a document whose reading failed can be read again."), code="not_failed")
    version = document.versions.order_by("-number").first()
    if version is None or not version.file:
        raise ValidationError(_("This document has no file to read."), code="no_file")
    Document.objects.filter(pk=document.pk).update(status=Status.PROCESSING, error="")
    audit_record(actor=actor, action="library.document_retry", obj=document, summary={"version": version.number})
    job = _queue_extraction(actor=actor, version=version)
    return Upload(document=document, job_id=job.pk)


def document_can_retry(document: Document) -> bool:
    """Failed, or stuck "processing" with no live job (e.g. left by a worker killed before jobs were linked)."""
    if document.status == Status.FAILED:
        return True
    if document.status != Status.PROCESSING:
        return False
    version = document.versions.select_related("job").order_by("-number").first()
    if version is None:
        return False
    if version.job is not None:
        return version.job.finished
    cutoff = timezone.now() - timedelta(minutes=settings.CIVILDESK_JOB_STALE_MINUTES)
    return version.created_at < cutoff


def documents_fail_for_stale_jobs(*, jobs: list[Any]) -> int:
    """The documents whose extraction job died are shown as failed, with the job's message, and can be retried."""
    if not jobs:
        return 0
    by_job = {job.pk: job for job in jobs}
    count = 0
    for version in DocumentVersion.objects.filter(job_id__in=list(by_job)).select_related("document"):
        count += Document.objects.filter(pk=version.document_id, status=Status.PROCESSING).update(
            status=Status.FAILED, error=by_job[version.job_id].message_text[:2000]
        )
    return count


def document_can_edit(user: Any, document: Document) -> bool:
    if document.unit is None:
        return policy.has_role(user, "system_admin")
    return (
        document.uploaded_by_id == getattr(user, "pk", None) and policy.can(user, "library.upload", document)
    ) or policy.can(user, "library.manage", document)


METADATA_FIELDS = ("title", "number_symbol", "doc_type", "issuer", "signed_date", "effective_date", "validity", "scope")


@transaction.atomic
def document_update_metadata(*, actor: Any, document: Document, **values: Any) -> Document:
    """Edit a document's metadata (uploader, or a leader/admin of its unit). Re-indexes it."""
    if not document_can_edit(actor, document):
        raise PermissionDenied
    if values.get("scope") == Scope.PUBLIC and document.scope != Scope.PUBLIC:
        policy.require(actor, "library.manage", document)
    before = {f: str(getattr(document, f)) for f in METADATA_FIELDS}
    for field, value in values.items():
        if field not in METADATA_FIELDS:
            raise ValueError(field)
        setattr(document, field, nfc(value) if isinstance(value, str) else value)
    document.full_clean()
    document.save()
    after = {f: str(getattr(document, f)) for f in METADATA_FIELDS}
    changed = {f: [before[f], after[f]] for f in METADATA_FIELDS if before[f] != after[f]}
    audit_record(actor=actor, action="library.document_update", obj=document, summary={"changed": changed})
    if changed and document.status == Status.READY:
        from .tasks import index_document_task

        transaction.on_commit(lambda: index_document_task.enqueue(document.pk))
    return document


@transaction.atomic
def document_delete(*, actor: Any, document: Document) -> None:
    if not policy.can(actor, "library.manage", document) and not (
        document.unit is None and policy.has_role(actor, "system_admin")
    ):
        raise PermissionDenied
    pk = document.pk
    audit_record(actor=actor, action="library.document_delete", obj=document, summary={"title": document.title})
    document.delete()
    from . import search

    transaction.on_commit(lambda: search.unindex_document(pk))


# --- Extraction and structure ---------------------------------------------


def _articles_from_text(document: Document, text: str) -> tuple[list[Article], list[dict[str, Any]]]:
    nodes = structure.parse_structure(text)
    found = list(structure.iter_articles(nodes))
    articles: list[Article] = []
    if found:
        for position, item in enumerate(found):
            path = " › ".join(n.label for n in item.path if n.kind not in ("preamble",))
            articles.append(
                Article(
                    document=document,
                    anchor=item.anchor[:255],
                    number=item.number[:32],
                    label=item.node.label[:100],
                    title=(item.title or "")[:500],
                    path_label=path[:500],
                    text=item.text,
                    position=position,
                )
            )
    elif text.strip():
        articles.append(
            Article(
                document=document,
                anchor=FULL_TEXT_ANCHOR,
                label=gettext_noop("Full text"),  # shown translated (Article.label_text)
                title="",
                text=text,
                position=0,
            )
        )
    return articles, [_node_json(n) for n in nodes]


def _node_json(node: Any) -> dict[str, Any]:
    return {
        "kind": node.kind,
        "anchor": node.anchor,
        "label": node.label,
        "number": node.number,
        "title": node.title,
        "text": node.text,
        "children": [_node_json(c) for c in node.children],
    }


def read_metadata(text: str) -> metadata.DocMetadata:
    """What the text of a document says about itself (number, type, issuer, dates)."""
    # The whole text: the effective clause and "thông qua ngày ..." close a long law.
    return metadata.parse_metadata(text)


def count_articles(text: str) -> int:
    """How many articles (Điều) the library finds in ``text``."""
    return sum(1 for _ in structure.iter_articles(structure.parse_structure(text)))


def _apply_metadata(document: Document, text: str) -> None:
    meta = read_metadata(text)
    if meta.number_symbol and not document.number_symbol:
        document.number_symbol = meta.number_symbol[:100]
    if meta.doc_type and document.doc_type == DocType.KHAC:
        document.doc_type = meta.doc_type
    if meta.issuer and not document.issuer:
        document.issuer = meta.issuer[:255]
    if meta.signed_date and not document.signed_date:
        document.signed_date = meta.signed_date
    if meta.effective_date and not document.effective_date:
        document.effective_date = meta.effective_date
    if meta.title and _title_is_filename(document):
        label = dict(DocType.choices).get(document.doc_type, "")
        parts = (metadata.DOC_TYPES.get(document.doc_type, label), document.number_symbol, meta.title)
        document.title = " ".join(part for part in parts if part)[:500]
    if document.validity == Validity.UNKNOWN and document.effective_date:
        document.validity = Validity.IN_FORCE if document.effective_date <= timezone.localdate() else Validity.NOT_YET


def _title_is_filename(document: Document) -> bool:
    first = document.versions.order_by("number").first()
    return first is not None and document.title == nfc(first.filename.rsplit(".", 1)[0])[:500]


def version_process(*, version_id: int, progress: Callable[[int, str], None] | None = None) -> Document:
    """Extract, parse and index one version. On failure the document shows the error and nothing is indexed."""
    version = DocumentVersion.objects.select_related("document").get(pk=version_id)
    try:
        return _process(version, progress or (lambda percent, message: None))
    except extract.ExtractionError as exc:
        from .messages import translate

        _fail(version.document, translate(exc.message))
        raise
    except Exception as exc:
        _fail(version.document, str(exc) or exc.__class__.__name__)
        raise


def _process(version: DocumentVersion, say: Callable[[int, str], None]) -> Document:
    with version.file.open("rb") as handle:
        data = handle.read()
    extraction = extract.extract_text(
        data,
        filename=version.filename,
        progress=lambda done, total, message: say(5 + int(70 * done / max(total, 1)), message),
        ocr_languages="vie+eng",
        max_render_pixels=settings.CIVILDESK_MAX_RENDER_PIXELS,
        max_image_pixels=settings.CIVILDESK_MAX_IMAGE_PIXELS,
    )
    if not extraction.text.strip():
        raise extract.ExtractionError("No text could be read from this file, even with OCR.")
    say(78, gettext_noop("Finding chapters and articles"))
    from . import search

    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=version.document_id)
        version.text = extraction.text
        version.extraction_method = extraction.method
        version.ocr_pages = extraction.ocr_pages
        version.save(update_fields=["text", "extraction_method", "ocr_pages"])
        _apply_metadata(document, extraction.text)
        articles, tree = _articles_from_text(document, extraction.text)
        document.articles.all().delete()
        Article.objects.bulk_create(articles)
        document.structure = tree
        document.status = Status.READY
        document.error = ""
        document.full_clean()
        document.save()
        say(85, gettext_noop("Indexing for search"))
        # Indexed inside the transaction: if indexing fails, the articles roll back too.
        # Lexically now (searchable at once); the dense vectors, the slow part, come from a job of their own.
        background = search.embed_in_background()
        search.index_document(document, embed=not background)
        from . import tasks

        if background:
            transaction.on_commit(lambda: tasks.embed_pending_task.enqueue())
        if tasks.has_after_indexing():
            transaction.on_commit(lambda: tasks.after_indexing_task.enqueue(document.pk))
    return document


def _fail(document: Document, message: str) -> None:
    Document.objects.filter(pk=document.pk).update(status=Status.FAILED, error=message[:2000])
    log.warning("extraction failed for document %s: %s", document.pk, message)


# --- Batches ---------------------------------------------------------------


@dataclass
class BatchResult:
    uploads: list[Upload]
    skipped: list[tuple[str, str]]


def _zip_member_limit() -> int:
    return settings.CIVILDESK_MAX_ZIP_MEMBER_MB * 1024 * 1024


def _bad_member(name: str, reason: str) -> ValidationError:
    return ValidationError(
        _("Nothing was saved: the file “%(name)s” in the archive %(reason)s") % {"name": name, "reason": reason},
        code="bad_member",
    )


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> bytes:
    """The member's bytes, read in chunks and stopped past the limit whatever its header claims; CRC checked."""
    limit = _zip_member_limit()
    too_large = _("is larger than %(limit)d MB once unpacked.") % {"limit": settings.CIVILDESK_MAX_ZIP_MEMBER_MB}
    if member.file_size > limit:
        raise _bad_member(name, too_large)
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(member) as handle:
            while chunk := handle.read(1024 * 1024):
                size += len(chunk)
                if size > limit:
                    raise _bad_member(name, too_large)
                chunks.append(chunk)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        # Bad CRC-32, a size that does not match the header, an unknown compression, an encrypted member...
        raise _bad_member(name, _("is damaged and cannot be unpacked.")) from exc
    except RuntimeError as exc:  # zipfile's "encrypted, password required"
        raise _bad_member(name, _("is damaged and cannot be unpacked.")) from exc
    return b"".join(chunks)


def batch_upload_zip(*, actor: Any, data: bytes, unit: Unit | None, scope: str = Scope.UNIT) -> BatchResult:
    """Upload each file of a zip archive as a document; refused members are listed with the reason.

    The batch is atomic: a member that is damaged (bad CRC) or too large once
    unpacked (checked from its header and again while reading) refuses the
    whole archive, naming the member, and nothing is saved.
    """
    _require_upload(actor, unit, scope)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationError(_("This is not a valid zip archive."), code="bad_zip") from exc
    members = [m for m in archive.infolist() if not m.is_dir() and not m.filename.startswith(("__MACOSX/", "."))]
    if len(members) > MAX_ZIP_MEMBERS:
        raise ValidationError(_("The archive has more than %(n)d files.") % {"n": MAX_ZIP_MEMBERS}, code="too_many")
    if sum(m.file_size for m in members) > MAX_ZIP_TOTAL:
        raise ValidationError(_("The archive is too large once unpacked."), code="too_large")
    # First pass: every member is unpacked and checked (size, CRC) before anything is written.
    for member in members:
        _read_member(archive, member, member.filename.rsplit("/", 1)[-1])
    result = BatchResult(uploads=[], skipped=[])
    stored: list[str] = []
    try:
        with transaction.atomic():
            for member in members:
                name = member.filename.rsplit("/", 1)[-1]
                member_data = _read_member(archive, member, name)
                try:
                    with transaction.atomic():
                        upload = document_upload(actor=actor, data=member_data, filename=name, unit=unit, scope=scope)
                except ValidationError as exc:
                    result.skipped.append((name, " ".join(exc.messages)))
                else:
                    result.uploads.append(upload)
                    stored.extend(v.file.name for v in upload.document.versions.all())
    except Exception:
        storage = DocumentVersion._meta.get_field("file").storage  # type: ignore[attr-defined]
        for name in stored:  # the rows rolled back; their stored files go too
            storage.delete(name)
        raise
    return result
