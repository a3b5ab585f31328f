"""Making a signature in a step: the certificate, the visible appearance, the key backend (through
:mod:`civildesk.signing.signer`, the one seam to pyHanko), and the background half's bookkeeping."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civildesk.org.services import job_create
from civildesk.org.workflow import Run

from .. import placement, signer, texts
from ..models import (
    Backend,
    CertKind,
    ChainStep,
    Level,
    PendingSignature,
    SignatureRequest,
    SignerCertificate,
    SigningSettings,
    StepAction,
    StepStatus,
)
from . import outgoing
from .chain import advance
from .trust import read, split_pem


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
    image = read(cert.image) if cert.image else None
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
    text_box = (block.center_x - 70, block.name_top + 4, block.center_x + 70, block.title_bottom - 4)
    if step.action == StepAction.SIGN:
        if image is None:
            return signer.Appearance(
                page=block.page, box=text_box, text=f"{cert.label}\n{placement.iso_vn(timezone.now())}"
            )
        return signer.Appearance(page=block.page, box=placement.signature_box(block, image), image_png=image)
    # The seal: over the left third of the signer's image (the last personal signature's box).
    sig_box = signer.last_signature_box(pdf) or text_box
    if image is None:
        return signer.Appearance(page=block.page, box=sig_box, text=f"{cert.label}\n{placement.iso_vn(timezone.now())}")
    return signer.Appearance(page=block.page, box=placement.seal_box(sig_box, image), image_png=image)


def sign(run: Run) -> str:
    """The ``sign`` transition: sign with the secret (in memory only). B-B is finished here
    (→ signed); other levels are finished by a background job (→ finishing)."""
    step, actor = run.obj, run.actor
    request = step.request
    secret = run.data.pop("secret", "") or ""
    key_file = run.data.pop("key_file", None)
    if hasattr(key_file, "read"):
        key_file = key_file.read()
    if request.steps.filter(status=StepStatus.FINISHING).exists():
        raise ValidationError(
            _("Another signature on this document is being finished; try again in a moment."), code="busy"
        )
    cert = _certificate_for(actor, request, step.action)
    pdf = read(request.current)
    look = _appearance(request, step, cert, pdf)
    kwargs: dict[str, Any] = {
        "field_name": f"CD-{step.action.upper()}-{step.pk}",
        "appearance": look,
        "reason": _("Signed in CivilDesk: %(title)s") % {"title": request.title[:200]},
        "location": request.unit.name,
        "name": cert.label,
    }
    if step.action == StepAction.SIGN and outgoing.certifies(request, pdf):
        # An outgoing document: the number and date come later, as allowed form filling.
        kwargs["certify"] = True
        if look is not None:
            kwargs["reserve"] = (outgoing.seal_reservation(look.box, look.page),)
    try:
        if cert.backend == Backend.PKCS11:
            with signer.pkcs11_signer(
                module=settings.CIVILDESK_PKCS11_MODULE,
                token_label=cert.token_label,
                pin=secret,
                key_label=cert.key_label,
                cert_der=split_pem(cert.certificate)[0],
                chain_der=split_pem(cert.chain),
            ) as token:
                prepared = signer.sign_prepare(pdf, token, **kwargs)
        else:
            data = key_file if key_file else (_key_path(cert).read_bytes() if cert.key_file else None)
            if not data:
                raise ValidationError(_("Choose your key file (.p12)."), code="no_key")
            prepared = signer.sign_prepare(pdf, signer.pkcs12_signer(data, secret), **kwargs)
    except signer.SignerError as exc:
        raise ValidationError(texts.signer_error(exc.code, token=cert.token_label), code="signer") from exc
    del secret
    level = request.level
    if level == Level.B_LTA and not SigningSettings.get().lta_allowed:
        level = Level.B_LT
    run.set(failure="")
    run.summary = {"certificate": cert.sha256, "level": level}
    if level == Level.B_B:
        store_signed(run, signer.sign_finish(prepared, level=level))
        advance(request, actor=actor, notify=run.notify, acting=(step, StepStatus.SIGNED))
        return StepStatus.SIGNED
    pending = PendingSignature(
        step=step,
        document_digest=prepared.document_digest,
        reserved_start=prepared.reserved_start,
        reserved_end=prepared.reserved_end,
        cms=prepared.cms,
    )
    pending.prepared.save(f"step-{step.pk}.pdf", ContentFile(prepared.pdf), save=False)
    pending.full_clean(exclude=["step"])
    pending.save()
    job = job_create(
        owner=actor,
        kind="signing.finish",
        title=_("Finishing the signature on “%(t)s”") % {"t": request.title[:200]},
        unit=request.unit,
    )
    run.set(job=job)
    from ..tasks import finish_signature_task

    transaction.on_commit(lambda: finish_signature_task.enqueue(step.pk, str(job.pk), level))
    return StepStatus.FINISHING


def store_signed(run: Run, data: bytes) -> None:
    """The signed PDF becomes the request's current PDF; the step records when it was signed."""
    step = run.obj
    request = step.request
    digest = hashlib.sha256(data).hexdigest()
    request.current.save(f"{digest[:16]}.pdf", ContentFile(data), save=False)
    request.updated_at = timezone.now()
    request.save(update_fields=["current", "updated_at"])
    run.set(acted_at=timezone.now(), failure="")
    run.summary = {**run.summary, "sha256": digest}


def drop_pending(step: ChainStep) -> None:
    pending = PendingSignature.objects.filter(step=step).first()
    if pending is not None:
        pending.prepared.delete(save=False)
        pending.delete()
