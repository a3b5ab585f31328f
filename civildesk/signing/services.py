"""Every write of the signing app goes through here: trust settings, certificates, chains, signatures.

The chain is a status field on each step plus guarded transitions
(:func:`step_approve`, :func:`step_return`, :func:`step_sign`,
:func:`signature_finish`, :func:`request_resubmit`, :func:`request_cancel`):
each refuses the wrong state, checks permission and writes the audit entry,
and only :func:`_advance` opens the next group of steps.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civildesk.org import policy
from civildesk.org.models import Unit
from civildesk.org.services import audit_record, job_create, job_fail, job_finish, job_progress, nfc

from . import placement, signer, validate
from .models import (
    DONE_STEP,
    Backend,
    CertKind,
    ChainStep,
    Level,
    Notification,
    PendingSignature,
    RequestStatus,
    SignatureRequest,
    SignerCertificate,
    SigningSettings,
    StepAction,
    StepStatus,
    TrustedRoot,
)

log = logging.getLogger(__name__)


# --- Uploads ------------------------------------------------------------------


def check_pdf(*, data: bytes, filename: str) -> None:
    """Size and type of an uploaded PDF; raises ValidationError with a clear message."""
    from civildesk.library.services import max_upload_bytes

    if not data:
        raise ValidationError(_("The file “%(name)s” is empty.") % {"name": filename}, code="empty")
    if len(data) > max_upload_bytes():
        raise ValidationError(
            _("The file “%(name)s” is too large; the limit is %(limit)d MB.")
            % {"name": filename, "limit": settings.CIVILDESK_MAX_UPLOAD_MB},
            code="too_large",
        )
    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise ValidationError(_("The file “%(name)s” is not a PDF.") % {"name": filename}, code="not_pdf")


# --- Trust settings and certificates ------------------------------------------


@transaction.atomic
def trusted_root_add(*, actor: Any, name: str, certificate: str | bytes, kind: str = "public") -> TrustedRoot:
    policy.require(actor, "signing.manage_trust")
    raw = certificate.encode() if isinstance(certificate, str) else certificate
    try:
        der = signer.load_certificate(raw)
    except ValueError as exc:
        raise ValidationError({"certificate": _("This is not a certificate in PEM or DER format.")}) from exc
    info = signer.certificate_info(der)
    if not info["is_ca"]:
        raise ValidationError({"certificate": _("This certificate is not a certification authority.")})
    from asn1crypto import pem

    root = TrustedRoot(
        name=nfc(name) or info["common_name"],
        kind=kind,
        certificate=pem.armor("CERTIFICATE", der).decode(),
        sha256=info["sha256"],
        subject=info["subject"][:500],
        not_after=info["not_after"],
    )
    root.full_clean()
    root.save()
    audit_record(
        actor=actor, action="signing.root_add", obj=root, summary={"subject": root.subject, "sha256": root.sha256}
    )
    return root


@transaction.atomic
def trusted_root_set_active(*, actor: Any, root: TrustedRoot, active: bool) -> TrustedRoot:
    policy.require(actor, "signing.manage_trust")
    root.is_active = active
    root.save(update_fields=["is_active"])
    audit_record(actor=actor, action="signing.root_active", obj=root, summary={"active": active})
    return root


@transaction.atomic
def settings_update(*, actor: Any, tsa_url: str, default_level: str, lta_allowed: bool) -> SigningSettings:
    policy.require(actor, "signing.manage_trust")
    obj = SigningSettings.get()
    before = {"tsa_url": obj.tsa_url, "default_level": obj.default_level, "lta_allowed": obj.lta_allowed}
    obj.tsa_url, obj.default_level, obj.lta_allowed = tsa_url.strip(), default_level, lta_allowed
    obj.full_clean()
    obj.save()
    audit_record(
        actor=actor, action="signing.settings_update", obj=obj, summary={"before": before, "tsa_url": obj.tsa_url}
    )
    return obj


def _pem_list(ders: list[bytes]) -> str:
    from asn1crypto import pem

    return "".join(pem.armor("CERTIFICATE", d).decode() for d in ders)


def _split_pem(text: str) -> list[bytes]:
    from asn1crypto import pem

    data = text.encode()
    return [der for _t, _h, der in pem.unarmor(data, multiple=True)] if data.strip() else []


@transaction.atomic
def certificate_register(
    *,
    actor: Any,
    user: Any,
    unit: Unit,
    label: str,
    certificate: bytes | str,
    chain: list[bytes] | None = None,
    kind: str = CertKind.PERSONAL,
    backend: str = Backend.PKCS11,
    token_label: str = "",
    key_label: str = "",
    key_file: str = "",
    image_png: bytes | None = None,
) -> SignerCertificate:
    """Record a person's (or agency's) certificate and where its key is. No private key passes here
    except a PKCS#12 file already written under the data directory (``key_file``)."""
    policy.require(actor, "signing.manage_certificates", unit)
    raw = certificate.encode() if isinstance(certificate, str) else certificate
    try:
        der = signer.load_certificate(raw)
    except ValueError as exc:
        raise ValidationError({"certificate": _("This is not a certificate in PEM or DER format.")}) from exc
    info = signer.certificate_info(der)
    cert = SignerCertificate(
        user=user,
        unit=unit,
        kind=kind,
        label=nfc(label) or info["common_name"],
        certificate=_pem_list([der]),
        chain=_pem_list(chain or []),
        sha256=info["sha256"],
        subject=info["subject"][:500],
        not_after=info["not_after"],
        backend=backend,
        token_label=token_label,
        key_label=key_label,
        key_file=key_file,
    )
    if backend == Backend.PKCS11 and not (token_label and key_label):
        raise ValidationError(_("A token certificate needs the token label and the key label."))
    cert.full_clean(exclude=["image"])
    if image_png:
        cert.image.save(f"{info['sha256'][:16]}.png", ContentFile(image_png), save=False)
    cert.save()
    audit_record(
        actor=actor,
        action="signing.certificate_register",
        obj=cert,
        unit=unit,
        summary={"holder": user.get_username(), "subject": cert.subject, "backend": backend, "kind": kind},
    )
    return cert


# --- Requests and chains -------------------------------------------------------


@dataclass(frozen=True)
class StepSpec:
    """One group of the chain: ``assignees`` act on ``action``; ``required`` of them must act
    (None: all of them, i.e. parallel; 1 with one assignee: sequential)."""

    assignees: list[Any]
    action: str = StepAction.APPROVE
    required: int | None = None


def _read(field: Any) -> bytes:
    with field.open("rb") as fh:
        return fh.read()


@transaction.atomic
def request_create(
    *,
    actor: Any,
    unit: Unit,
    title: str,
    pdf: bytes,
    filename: str,
    chain: list[StepSpec],
    level: str = "",
    signer_name: str = "",
    signer_title: str = "",
    is_attachment: bool = False,
    number_symbol: str = "",
    draft: Any = None,
) -> SignatureRequest:
    policy.require(actor, "signing.request", unit)
    check_pdf(data=pdf, filename=filename)
    if not chain or not any(s.assignees for s in chain):
        raise ValidationError(_("Choose at least one person to review or sign."))
    if not any(s.action in (StepAction.SIGN, StepAction.SEAL) for s in chain):
        raise ValidationError(_("The chain needs at least one signature step."))
    request = SignatureRequest(
        unit=unit,
        owner=actor,
        title=nfc(title) or nfc(filename.rsplit(".", 1)[0]) or _("Untitled document"),
        level=level or SigningSettings.get().default_level,
        signer_name=nfc(signer_name),
        signer_title=nfc(signer_title),
        is_attachment=is_attachment,
        number_symbol=nfc(number_symbol),
        draft=draft,
    )
    request.full_clean(exclude=["original", "current"])
    name = f"{hashlib.sha256(pdf).hexdigest()[:16]}.pdf"
    request.original.save(name, ContentFile(pdf), save=False)
    request.current.save(name, ContentFile(pdf), save=False)
    request.save()
    for position, spec in enumerate(chain, start=1):
        people = list(dict.fromkeys(spec.assignees))
        if not people:
            continue
        required = len(people) if spec.required is None else spec.required
        if not 1 <= required <= len(people):
            raise ValidationError(
                _("A group of %(m)d people cannot require %(n)d of them.") % {"m": len(people), "n": required}
            )
        for person in people:
            if not policy.can(person, "signing.view", request):
                raise ValidationError(
                    _("%(user)s cannot see documents of %(unit)s and cannot be in this chain.")
                    % {"user": person.get_username(), "unit": unit.name}
                )
            step = ChainStep(request=request, position=position, required=required, assignee=person, action=spec.action)
            step.full_clean()
            step.save()
    audit_record(
        actor=actor,
        action="signing.request_create",
        obj=request,
        summary={"title": request.title, "steps": request.steps.count(), "level": request.level},
    )
    _advance(request, actor=actor)
    return request


def request_from_draft(*, actor: Any, draft: Any, chain: list[StepSpec], level: str = "") -> SignatureRequest:
    """Send a drafting document (in review or issued) for signature, with its PDF."""
    from civildesk.drafting.render import to_pdf

    policy.require(actor, "drafting.view", draft)
    if draft.status not in ("in_review", "issued"):
        raise ValidationError(_("Only a draft sent for review or an issued document can go for signature."))
    pdf = to_pdf(draft.to_document(), title=draft.subject[:200])
    return request_create(
        actor=actor,
        unit=draft.unit,
        title=draft.subject,
        pdf=pdf,
        filename=f"draft-{draft.pk}.pdf",
        chain=chain,
        level=level,
        signer_name=draft.signer_name,
        signer_title=draft.signer_title,
        draft=draft,
    )


def _notify(users: list[Any], request: SignatureRequest, kind: str, message: str) -> None:
    for user in users:
        Notification.objects.create(user=user, request=request, kind=kind, message=message[:500])
        if user.email:
            send_mail(message[:150], message, None, [user.email], fail_silently=True)


def _advance(request: SignatureRequest, *, actor: Any) -> None:
    """Open the next group when the current one has enough approvals/signatures; complete at the end."""
    steps = list(request.steps.select_for_update().order_by("position", "pk"))
    positions = sorted({s.position for s in steps})
    for position in positions:
        group = [s for s in steps if s.position == position]
        done = sum(s.status in DONE_STEP for s in group)
        if done >= group[0].required:
            for s in group:
                if s.status in (StepStatus.PENDING, StepStatus.WAITING):
                    s.status = StepStatus.SKIPPED
                    s.save(update_fields=["status"])
            continue
        if any(s.status == StepStatus.FINISHING for s in group):
            return
        opened = [s for s in group if s.status == StepStatus.WAITING]
        for s in opened:
            s.status = StepStatus.PENDING
            s.save(update_fields=["status"])
        if opened:
            _notify(
                [s.assignee for s in opened],
                request,
                "waiting",
                _("“%(title)s” is waiting for you to %(action)s.")
                % {"title": request.title, "action": opened[0].get_action_display().lower()},
            )
        return
    request.status = RequestStatus.COMPLETED
    request.updated_at = timezone.now()
    request.save(update_fields=["status", "updated_at"])
    _file_in_library(request)
    audit_record(actor=actor, action="signing.request_complete", obj=request, summary={"document": request.document_id})
    _notify([request.owner], request, "completed", _("“%(title)s” is signed.") % {"title": request.title})


def _file_in_library(request: SignatureRequest) -> None:
    """Put the signed PDF in the library: a new version of its document, or a new document."""
    from civildesk.library import services as library

    data = _read(request.current)
    filename = f"{request.title[:80]}.pdf"
    try:
        with transaction.atomic():
            if request.document is not None:
                library.document_new_version(
                    actor=request.owner, document=request.document, data=data, filename=filename
                )
            else:
                upload = library.document_upload(
                    actor=request.owner, data=data, filename=filename, unit=request.unit, title=request.title
                )
                request.document = upload.document
                request.save(update_fields=["document"])
    except (ValidationError, PermissionDenied) as exc:
        log.warning("signed PDF of request %s not filed in the library: %s", request.pk, exc)


def _open_step(*, actor: Any, step: ChainStep, actions: tuple[str, ...]) -> tuple[SignatureRequest, ChainStep]:
    """Lock the request and check that ``actor`` may act on ``step`` now. The guard of every transition."""
    request = SignatureRequest.objects.select_for_update().get(pk=step.request_id)
    step = ChainStep.objects.select_related("assignee").get(pk=step.pk)
    if not policy.can(actor, "signing.view", request) or step.assignee_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("This step is not yours."))
    if request.status != RequestStatus.IN_PROGRESS:
        raise ValidationError(
            _("This request is %(status)s.") % {"status": request.get_status_display().lower()}, code="state"
        )
    if step.status == StepStatus.WAITING:
        raise ValidationError(_("This step waits for the earlier steps of the chain."), code="out_of_order")
    if step.status != StepStatus.PENDING:
        raise ValidationError(
            _("This step is already %(status)s.") % {"status": step.get_status_display().lower()}, code="state"
        )
    if step.action not in actions:
        raise ValidationError(
            _("This step is to %(action)s.") % {"action": step.get_action_display().lower()}, code="action"
        )
    return request, step


@transaction.atomic
def step_approve(*, actor: Any, step: ChainStep, comment: str = "") -> ChainStep:
    request, step = _open_step(actor=actor, step=step, actions=(StepAction.APPROVE,))
    step.status, step.comment, step.acted_at = StepStatus.APPROVED, nfc(comment), timezone.now()
    step.save(update_fields=["status", "comment", "acted_at"])
    audit_record(
        actor=actor, action="signing.step_approve", obj=request, summary={"step": step.pk, "position": step.position}
    )
    _advance(request, actor=actor)
    return step


@transaction.atomic
def step_return(*, actor: Any, step: ChainStep, comment: str) -> ChainStep:
    if not nfc(comment):
        raise ValidationError({"comment": _("Say why you return the document.")})
    request, step = _open_step(actor=actor, step=step, actions=tuple(StepAction))
    step.status, step.comment, step.acted_at = StepStatus.RETURNED, nfc(comment), timezone.now()
    step.save(update_fields=["status", "comment", "acted_at"])
    request.steps.filter(status=StepStatus.PENDING).update(status=StepStatus.WAITING)
    request.status, request.updated_at = RequestStatus.RETURNED, timezone.now()
    request.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, action="signing.step_return", obj=request, summary={"step": step.pk, "comment": step.comment[:200]}
    )
    _notify(
        [request.owner],
        request,
        "returned",
        _("“%(title)s” was returned by %(user)s: %(comment)s")
        % {"title": request.title, "user": actor.get_username(), "comment": step.comment[:200]},
    )
    return step


@transaction.atomic
def request_resubmit(
    *, actor: Any, request: SignatureRequest, pdf: bytes | None = None, filename: str = ""
) -> SignatureRequest:
    """The owner sends a returned request again (optionally with a corrected PDF): the chain restarts."""
    request = SignatureRequest.objects.select_for_update().get(pk=request.pk)
    if request.owner_id != actor.pk:
        raise PermissionDenied
    if request.status != RequestStatus.RETURNED:
        raise ValidationError(_("Only a returned request can be sent again."), code="state")
    if pdf is not None:
        check_pdf(data=pdf, filename=filename or "document.pdf")
        name = f"{hashlib.sha256(pdf).hexdigest()[:16]}.pdf"
        request.original.save(name, ContentFile(pdf), save=False)
        request.current.save(name, ContentFile(pdf), save=False)
    elif request.steps.filter(status=StepStatus.SIGNED).exists():
        request.current.save(Path(request.original.name).name, ContentFile(_read(request.original)), save=False)
    request.steps.update(status=StepStatus.WAITING, acted_at=None)
    request.status, request.updated_at = RequestStatus.IN_PROGRESS, timezone.now()
    request.save()
    audit_record(actor=actor, action="signing.request_resubmit", obj=request, summary={"new_pdf": pdf is not None})
    _advance(request, actor=actor)
    return request


@transaction.atomic
def request_cancel(*, actor: Any, request: SignatureRequest) -> SignatureRequest:
    request = SignatureRequest.objects.select_for_update().get(pk=request.pk)
    if request.owner_id != actor.pk:
        raise PermissionDenied
    if request.status in (RequestStatus.COMPLETED, RequestStatus.CANCELLED):
        raise ValidationError(
            _("This request is %(status)s.") % {"status": request.get_status_display().lower()}, code="state"
        )
    request.status, request.updated_at = RequestStatus.CANCELLED, timezone.now()
    request.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="signing.request_cancel", obj=request)
    return request


# --- Signing ----------------------------------------------------------------


def _certificate_for(actor: Any, request: SignatureRequest, action: str) -> SignerCertificate:
    kind = CertKind.AGENCY if action == StepAction.SEAL else CertKind.PERSONAL
    qs = SignerCertificate.objects.usable().filter(user=actor, kind=kind)
    if kind == CertKind.AGENCY:
        qs = qs.filter(unit=request.unit)
    cert = qs.order_by("-not_after").first()
    if cert is None:
        raise ValidationError(
            _("You have no valid %(kind)s signing certificate. Ask your unit administrator to register it.")
            % {"kind": CertKind(kind).label.lower()},
            code="no_certificate",
        )
    return cert


def _key_path(cert: SignerCertificate) -> Path:
    base = (Path(settings.DATA_DIR) / "signing" / "keys").resolve()
    path = (base / cert.key_file).resolve()
    if base not in path.parents:
        raise ValidationError(_("The key file of this certificate is outside the key directory."))
    return path


def _appearance(
    request: SignatureRequest, step: ChainStep, cert: SignerCertificate, pdf: bytes
) -> signer.Appearance | None:
    image = _read(cert.image) if cert.image else None
    if request.is_attachment:
        if step.action != StepAction.SEAL:
            return None  # only the agency's stamp shows on an attachment
        width, height = placement.page_size(pdf, 0)
        return signer.Appearance(
            page=0,
            box=placement.attachment_stamp_box(width, height),
            text=placement.attachment_stamp_text(
                number_symbol=request.number_symbol, agency=request.unit.name, when=timezone.now()
            ),
        )
    block = placement.find_signature_block(
        pdf, name=request.signer_name, title=request.signer_title
    ) or placement.fallback_block(pdf)
    if step.action == StepAction.SIGN:
        if image is None:
            box = (block.center_x - 70, block.name_top + 4, block.center_x + 70, block.title_bottom - 4)
            return signer.Appearance(page=block.page, box=box, text=f"{cert.label}\n{placement.iso_vn(timezone.now())}")
        return signer.Appearance(page=block.page, box=placement.signature_box(block, image), image_png=image)
    # The seal: over the left third of the signer's image (the last personal signature's box).
    sig_box = _last_signature_box(pdf) or (
        block.center_x - 70,
        block.name_top + 4,
        block.center_x + 70,
        block.title_bottom - 4,
    )
    if image is None:
        return signer.Appearance(page=block.page, box=sig_box, text=f"{cert.label}\n{placement.iso_vn(timezone.now())}")
    return signer.Appearance(page=block.page, box=placement.seal_box(sig_box, image), image_png=image)


def _last_signature_box(pdf: bytes) -> tuple[float, float, float, float] | None:
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    reader = PdfFileReader(BytesIO(pdf), strict=False)
    box = None
    for name, _value, ref in enumerate_sig_fields(reader, filled_status=True):
        if str(name).startswith("CD-SIGN-"):
            rect = ref.get_object().get("/Rect")
            if rect is not None:
                box = tuple(float(v) for v in rect)
    return box  # type: ignore[return-value]


def step_sign(*, actor: Any, step: ChainStep, secret: str, key_file: bytes | None = None) -> ChainStep:
    """Sign in this request with the PIN/passphrase kept in memory only; the timestamp and
    revocation data (network) are added by a background job, which never sees the secret."""
    with transaction.atomic():
        request, step = _open_step(actor=actor, step=step, actions=(StepAction.SIGN, StepAction.SEAL))
        if request.steps.filter(status=StepStatus.FINISHING).exists():
            raise ValidationError(
                _("Another signature on this document is being finished; try again in a moment."), code="busy"
            )
        cert = _certificate_for(actor, request, step.action)
        pdf = _read(request.current)
        appearance = _appearance(request, step, cert, pdf)
        field = f"CD-{step.action.upper()}-{step.pk}"
        kwargs = {
            "field_name": field,
            "appearance": appearance,
            "reason": _("Signed in CivilDesk: %(title)s") % {"title": request.title[:200]},
            "location": request.unit.name,
            "name": cert.label,
        }
        try:
            if cert.backend == Backend.PKCS11:
                with signer.pkcs11_signer(
                    module=settings.CIVILDESK_PKCS11_MODULE,
                    token_label=cert.token_label,
                    pin=secret,
                    key_label=cert.key_label,
                    cert_der=_split_pem(cert.certificate)[0],
                    chain_der=_split_pem(cert.chain),
                ) as token:
                    prepared = signer.sign_prepare(pdf, token, **kwargs)
            else:
                data = key_file if key_file else (_key_path(cert).read_bytes() if cert.key_file else None)
                if not data:
                    raise ValidationError(_("Choose your key file (.p12)."), code="no_key")
                prepared = signer.sign_prepare(pdf, signer.pkcs12_signer(data, secret), **kwargs)
        except signer.SignerError as exc:
            audit_record(
                actor=actor,
                action="signing.sign_refused",
                obj=request,
                summary={"step": step.pk, "reason": str(exc)[:200]},
            )
            raise ValidationError(str(exc), code="signer") from exc
        del secret
        level = request.level
        if level == Level.B_LTA and not SigningSettings.get().lta_allowed:
            level = Level.B_LT
        if level == Level.B_B:
            data = signer.sign_finish(prepared, level=level)
            _store_signed(request=request, step=step, data=data, actor=actor)
            return step
        pending = PendingSignature(
            step=step,
            document_digest=prepared.document_digest,
            reserved_start=prepared.reserved_start,
            reserved_end=prepared.reserved_end,
            cms=prepared.cms,
        )
        pending.prepared.save(f"step-{step.pk}.pdf", ContentFile(prepared.pdf), save=False)
        pending.save()
        job = job_create(
            owner=actor,
            kind="signing.finish",
            title=_("Finishing the signature on “%(t)s”") % {"t": request.title[:200]},
            unit=request.unit,
        )
        step.status, step.job = StepStatus.FINISHING, job
        step.save(update_fields=["status", "job"])
        audit_record(
            actor=actor,
            action="signing.step_sign",
            obj=request,
            summary={"step": step.pk, "certificate": cert.sha256, "level": level},
        )
        from .tasks import finish_signature_task

        transaction.on_commit(lambda: finish_signature_task.enqueue(step.pk, str(job.pk), level))
    return step


def _store_signed(*, request: SignatureRequest, step: ChainStep, data: bytes, actor: Any) -> None:
    request.current.save(f"{hashlib.sha256(data).hexdigest()[:16]}.pdf", ContentFile(data), save=False)
    request.updated_at = timezone.now()
    request.save(update_fields=["current", "updated_at"])
    step.status, step.acted_at = StepStatus.SIGNED, timezone.now()
    step.save(update_fields=["status", "acted_at"])
    audit_record(
        actor=actor,
        action="signing.step_signed",
        obj=request,
        summary={"step": step.pk, "sha256": hashlib.sha256(data).hexdigest()},
    )
    _advance(request, actor=actor)


def signature_finish(*, step_id: int, job_id: str, level: str) -> None:
    """The background half: timestamp, embed, revocation data. Reports to the job."""
    step = ChainStep.objects.select_related("request", "assignee", "pending").get(pk=step_id)
    pending = step.pending
    prepared = signer.Prepared(
        pdf=_read(pending.prepared),
        document_digest=bytes(pending.document_digest),
        reserved_start=pending.reserved_start,
        reserved_end=pending.reserved_end,
        cms=bytes(pending.cms),
    )
    config = SigningSettings.get()
    messages = {
        "timestamp": _("Asking the timestamp authority"),
        "revocation": _("Collecting revocation data"),
        "archive timestamp": _("Adding the archive timestamp"),
    }
    try:
        data = signer.sign_finish(
            prepared,
            level=level,
            tsa_url=config.tsa_url,
            roots_der=TrustedRoot.active_der(),
            progress=lambda p, m: job_progress(job_id=job_id, percent=p, message=messages.get(m, m)),
        )
    except signer.SignerError as exc:
        with transaction.atomic():
            ChainStep.objects.filter(pk=step.pk).update(status=StepStatus.PENDING)
            pending.prepared.delete(save=False)
            pending.delete()
            audit_record(
                actor=step.assignee,
                action="signing.finish_failed",
                obj=step.request,
                summary={"step": step.pk, "reason": str(exc)[:200]},
            )
        job_fail(job_id=job_id, message=_("The signature could not be finished: %(e)s") % {"e": exc})
        return
    with transaction.atomic():
        request = SignatureRequest.objects.select_for_update().get(pk=step.request_id)
        pending.prepared.delete(save=False)
        pending.delete()
        _store_signed(request=request, step=step, data=data, actor=step.assignee)
    job_finish(job_id=job_id, message=_("Signed (%(level)s)") % {"level": level}, result_url=request.get_absolute_url())


# --- Validation ---------------------------------------------------------------


def validate_upload(*, data: bytes, filename: str) -> validate.Report:
    """Validate an uploaded PDF against the trusted roots; clear errors for bad uploads."""
    check_pdf(data=data, filename=filename)
    try:
        report = validate.validate_pdf(data, roots_der=TrustedRoot.active_der(), filename=filename)
    except validate.NotAPdf as exc:
        raise ValidationError(
            _("The file “%(name)s” is damaged or not a PDF.") % {"name": filename}, code="not_pdf"
        ) from exc
    return report


def notifications_read(*, user: Any, request: SignatureRequest) -> None:
    Notification.objects.filter(user=user, request=request, read_at__isnull=True).update(read_at=timezone.now())
