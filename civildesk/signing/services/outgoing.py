"""Outgoing documents drafted in CivilDesk: the signer certifies, the clerk numbers and seals.

Why a certification signature with form filling allowed (DocMDP level 2), and not a plain PAdES
approval signature: Decree 30/2020/NĐ-CP (Article 15-16 and Appendix I) has the competent person
sign first and the clerk (văn thư) give the number and date from the register afterwards, then
apply the agency's digital signature (the seal). A PAdES signature covers every byte signed, so
any later change to the page content (writing "Số: 01" into it) would be a modification the
validators report, or would need a new, unsigned rendering. The document therefore carries
AcroForm text fields for the number and the date (empty when the signer signs); the signer's
signature is a certification (PAdES allows one, ETSI EN 319 142-1, ISO 32000 12.8.2.2) whose
DocMDP permission P=2 allows filling form fields and adding approval signatures; the seal's
signature field is reserved under it (no new visible field may appear after a certification).
The clerk's step fills exactly the two fields in an incremental update and signs the seal
field: the signer's signature stays valid and is reported "not modified except for permitted
form filling", and the final PDF holds number, date, both signatures, and nothing unsigned.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from civildesk.org.services import audit_record

from .. import placement, signer, texts
from ..models import Backend, CertKind, Level, RequestStatus, SignatureRequest, SignerCertificate, SigningSettings
from .trust import read, split_pem

log = logging.getLogger(__name__)
SEAL_FIELD = "CD-SEAL"
NUMBER_FIELD = "cd_number"


def add_fields(pdf: bytes, fields: list[dict[str, Any]]) -> bytes:
    """Add the number and date fields drafting located (before anyone signs)."""
    return signer.add_text_fields(
        pdf,
        [
            signer.TextField(
                name=str(f["name"]),
                page=int(f["page"]),
                box=tuple(f["box"]),
                appearance=f["appearance"],
                value=str(f.get("value", "")),
                size=float(f.get("size", 13.0)),
            )
            for f in fields
        ],
    )


def certifies(request: SignatureRequest, pdf: bytes) -> bool:
    """The first signature on a document whose number field is still empty certifies it."""
    if request.draft_id is None:
        return False
    number = signer.text_fields(pdf).get(NUMBER_FIELD)
    return number is not None and not number["value"].strip() and signer.last_signature_box(pdf, prefix="") is None


def seal_reservation(box: tuple[float, float, float, float], page: int) -> tuple[str, int, tuple[float, ...]]:
    """Where the seal will go: real size, one third over the signer's image, on the left."""
    side = placement.SEAL_MM * placement.MM
    x1, y1, x2, y2 = box
    right = x1 + (x2 - x1) / 3
    cy = (y1 + y2) / 2
    return (SEAL_FIELD, page, (right - side, cy - side / 2, right, cy + side / 2))


def _seal_certificate(actor: Any, unit: Any) -> SignerCertificate:
    cert = (
        SignerCertificate.objects.usable()
        .filter(user=actor, kind=CertKind.AGENCY, unit=unit)
        .order_by("-not_after")
        .first()
    )
    if cert is None:
        raise ValidationError(
            _("You hold no valid certificate of this agency (its seal). Ask your unit administrator to register it."),
            code="no_certificate",
        )
    return cert


def seal_outgoing(
    *, draft: Any, actor: Any, fields: dict[str, str], appearance: Any, secret: str, key_file: Any
) -> bytes:
    """Drafting's sealer (``workflows.register_sealer``): fill the number and date into the signed
    PDF and sign the reserved seal field with the clerk's agency certificate. Runs inside drafting's
    ``issue_signed`` transition: a refused PIN rolls the number back."""
    request = (
        SignatureRequest.objects.select_for_update()
        .filter(draft=draft, status=RequestStatus.COMPLETED)
        .order_by("-updated_at")
        .first()
    )
    if request is None:
        raise ValidationError(_("No completed signature request holds this document."))
    pdf = read(request.current)
    present = signer.text_fields(pdf)
    boxes = {name: present[name]["box"] for name in fields if name in present}
    if len(boxes) != len(fields):
        raise ValidationError(_("The signed PDF has no number and date fields; issue it on paper instead."))
    filled = signer.fill_text_fields(
        pdf, {name: (text, appearance(name, text, boxes[name])) for name, text in fields.items()}
    )
    cert = _seal_certificate(actor, draft.unit)
    if hasattr(key_file, "read"):
        key_file = key_file.read()
    image = read(cert.image) if cert.image else None
    sig_box = signer.last_signature_box(filled) or (0.0, 0.0, 0.0, 0.0)
    look = (
        signer.Appearance(page=0, box=sig_box, image_png=image)
        if image
        else signer.Appearance(page=0, box=sig_box, text=f"{cert.label}\n{placement.iso_vn(timezone.now())}")
    )
    kwargs = {
        "field_name": SEAL_FIELD,
        "appearance": look,
        "reason": _("Issued as %(symbol)s") % {"symbol": draft.symbol},
        "location": draft.unit.name,
        "name": cert.label,
    }
    config = SigningSettings.get()
    level = Level.B_T if config.tsa_url else Level.B_B
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
                prepared = signer.sign_prepare(filled, token, **kwargs)
        else:
            from .sign import _key_path

            data = key_file if key_file else (_key_path(cert).read_bytes() if cert.key_file else None)
            if not data:
                raise ValidationError(_("Choose your key file (.p12)."), code="no_key")
            prepared = signer.sign_prepare(filled, signer.pkcs12_signer(data, secret), **kwargs)
        final = signer.sign_finish(prepared, level=level, tsa_url=config.tsa_url)
    except signer.SignerError as exc:
        raise ValidationError(texts.signer_error(exc.code, token=cert.token_label), code="signer") from exc
    request.current.save(f"sealed-{request.pk}.pdf", ContentFile(final), save=False)
    request.updated_at = timezone.now()
    request.save(update_fields=["current", "updated_at"])
    audit_record(
        actor=actor,
        action="signing.request_seal",
        obj=request,
        summary={"symbol": draft.symbol, "certificate": cert.sha256, "level": level},
    )
    # The library gets the issued file: a new version of the request's document, or a new document.
    from .chain import _file_in_library

    document = _file_in_library(request)
    if document is not None:
        request.document = document
        request.save(update_fields=["document"])
    return final
