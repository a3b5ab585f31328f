"""Uploads, trusted roots, the timestamp authority, the levels this installation can produce, certificates."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from civildesk.org import policy
from civildesk.org.models import Unit
from civildesk.org.services import audit_record, nfc

from .. import signer
from ..models import Backend, CertKind, Level, SignerCertificate, SigningSettings, TrustedRoot


def read(field: Any) -> bytes:
    with field.open("rb") as fh:
        return fh.read()


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


# --- Levels ------------------------------------------------------------------------


def available_levels(config: SigningSettings | None = None) -> list[str]:
    """The PAdES levels this installation can produce (see ``SigningSettings.levels``)."""
    return (config or SigningSettings.get()).levels()


def default_level(config: SigningSettings | None = None) -> str:
    """The configured default level if the installation can produce it, else B-B."""
    config = config or SigningSettings.get()
    return config.default_level if config.default_level in available_levels(config) else Level.B_B


def check_level(level: str) -> None:
    if level not in available_levels():
        raise ValidationError(
            {
                "level": _(
                    "This installation cannot produce %(level)s signatures: no timestamp authority is configured "
                    "for it. Choose B-B, or ask the system administrator."
                )
                % {"level": level}
            },
            code="level",
        )


# --- Trust settings ----------------------------------------------------------------


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
    root = TrustedRoot(
        name=nfc(name) or info["common_name"],
        kind=kind,
        certificate=pem_list([der]),
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
    root.full_clean()
    root.save(update_fields=["is_active"])
    audit_record(actor=actor, action="signing.root_active", obj=root, summary={"active": active})
    return root


@transaction.atomic
def settings_update(*, actor: Any, tsa_url: str, default_level: str, lta_allowed: bool) -> SigningSettings:
    policy.require(actor, "signing.manage_trust")
    obj = SigningSettings.get()
    before = {"tsa_url": obj.tsa_url, "default_level": obj.default_level, "lta_allowed": obj.lta_allowed}
    obj.tsa_url, obj.default_level, obj.lta_allowed = tsa_url.strip(), default_level, lta_allowed
    obj.full_clean()  # refuses a default level the installation cannot produce
    obj.save()
    audit_record(
        actor=actor, action="signing.settings_update", obj=obj, summary={"before": before, "tsa_url": obj.tsa_url}
    )
    return obj


def pem_list(ders: list[bytes]) -> str:
    from asn1crypto import pem

    return "".join(pem.armor("CERTIFICATE", d).decode() for d in ders)


def split_pem(text: str) -> list[bytes]:
    from asn1crypto import pem

    data = text.encode()
    return [der for _t, _h, der in pem.unarmor(data, multiple=True)] if data.strip() else []


# --- Certificates --------------------------------------------------------------------


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
        certificate=pem_list([der]),
        chain=pem_list(chain or []),
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
