"""Validation of signed PDFs with pyHanko's validation engine, producing a plain report.

No Django here: :func:`validate_pdf` takes bytes and the trusted roots (DER)
and returns a :class:`Report`, whose :meth:`Report.to_dict` is the JSON the
API and ``manage.py validate_pdf --json`` print. Messages are codes; the
Django layer translates them (see ``texts.py``).

This module is the second seam to pyHanko, for *checking* signatures (its
validation engine), as ``signer.py`` is the seam for *making* them: pyHanko is
imported only in these two modules.

Revocation is answered honestly: ``good`` only when an OCSP response or a
CRL (fetched now, or embedded in the document's DSS) says so; ``revoked``
when one says revoked; ``unknown`` when none could be obtained. "Unknown" is
never reported as valid: the overall summary is then ``indeterminate``.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from typing import Any

GOOD, REVOKED, UNKNOWN = "good", "revoked", "unknown"
VALID, INVALID, INDETERMINATE, UNSIGNED = "valid", "invalid", "indeterminate", "unsigned"


class NotAPdf(ValueError):
    """The bytes are not a readable PDF."""


@dataclass
class SignatureReport:
    field: str
    signer: str = ""
    signer_subject: str = ""
    issuer: str = ""
    serial: str = ""
    chain: list[str] = field(default_factory=list)
    signing_time: str | None = None  # as claimed by the signer (/M), ISO 8601
    timestamp: str | None = None  # RFC 3161 signature timestamp, ISO 8601
    timestamp_trusted: bool = False
    level: str = "B-B"
    intact: bool = False  # the signed bytes are unchanged
    valid: bool = False  # the cryptographic signature checks out
    trusted: bool = False  # the certificate chains to a configured root and is valid
    revocation: str = UNKNOWN
    revocation_time: str | None = None
    modified_after_signing: bool = False
    modification: str = "none"  # none | lta_updates | form_filling | annotations | other | unknown | tampered
    modification_detail: str = ""
    coverage: str = ""
    status: str = INDETERMINATE
    problems: list[str] = field(default_factory=list)


@dataclass
class Report:
    filename: str
    sha256: str
    size: int
    validated_at: str
    summary: str = UNSIGNED
    signatures: list[SignatureReport] = field(default_factory=list)
    document_timestamps: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        data = dict(data)
        data["signatures"] = [SignatureReport(**s) for s in data.get("signatures", [])]
        return cls(**data)


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt else None


def _name(cert: Any) -> str:
    native = cert.subject.native
    return native.get("common_name") or cert.subject.human_friendly


_MOD = {0: "none", 1: "lta_updates", 2: "form_filling", 3: "annotations", 4: "other"}


def _describe_modifications(status: Any, sig: SignatureReport) -> None:
    from pyhanko.sign.diff_analysis import SuspiciousModification
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    coverage = status.coverage
    sig.coverage = coverage.name.lower() if coverage is not None else "unclear"
    sig.modified_after_signing = coverage != SignatureCoverageLevel.ENTIRE_FILE
    if not sig.modified_after_signing:
        sig.modification = "none"
        return
    diff = status.diff_result
    if isinstance(diff, SuspiciousModification):
        sig.modification = "other"
        sig.modification_detail = str(diff)[:500]
        return
    level = status.modification_level
    sig.modification = _MOD.get(level.value, "other") if level is not None else "unknown"
    if diff is not None and getattr(diff, "changed_form_fields", None):
        sig.modification_detail = ", ".join(sorted(diff.changed_form_fields))[:500]


def _context(roots: list[Any], dss: Any, session: Any, hard_fail: bool) -> Any:
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend

    kwargs: dict[str, Any] = {
        "trust_roots": roots,
        "allow_fetching": True,
        "revocation_mode": "hard-fail" if hard_fail else "soft-fail",
        "fetcher_backend": AIOHttpFetcherBackend(session, per_request_timeout=5),
    }
    if dss is not None:
        kwargs["other_certs"] = list(dss.load_certs())
        kwargs["ocsps"] = list(dss._ocsps_seen)  # DER bytes of the embedded OCSP responses
        kwargs["crls"] = list(dss._crls_seen)
    return ValidationContext(**kwargs)


async def _validate_one(emb: Any, roots: list[Any], dss: Any, session: Any) -> SignatureReport:
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator.errors import PathBuildingError  # noqa: F401

    sig = SignatureReport(field=emb.field_name or "")
    try:
        cert = emb.signer_cert
        sig.signer = _name(cert)
        sig.signer_subject = cert.subject.human_friendly
        sig.issuer = cert.issuer.human_friendly
        sig.serial = format(cert.serial_number, "x")
    except Exception:
        sig.problems.append("no_certificate")
        sig.status = INVALID
        return sig
    sig.signing_time = _iso(emb.self_reported_timestamp)
    hard = _context(roots, dss, session, hard_fail=True)
    try:
        status = await async_validate_pdf_signature(emb, signer_validation_context=hard, ts_validation_context=hard)
    except Exception as exc:  # a broken signature container
        sig.problems.append("unreadable_signature")
        sig.modification_detail = type(exc).__name__
        sig.status = INVALID
        return sig
    sig.intact, sig.valid = bool(status.intact), bool(status.valid)
    _describe_modifications(status, sig)
    if not sig.intact:
        # The signed bytes themselves changed: never report "no change after signing" beside it.
        sig.modified_after_signing, sig.modification = True, "tampered"
    if status.timestamp_validity is not None:
        ts = status.timestamp_validity
        sig.timestamp = _iso(ts.timestamp)
        sig.timestamp_trusted = bool(ts.intact and ts.valid and ts.trusted)
        sig.level = "B-T"
    if status.revoked:
        sig.revocation = REVOKED
        details = status.revocation_details
        if details is not None:
            sig.revocation_time = _iso(details.revocation_date)
        sig.trusted = False
        sig.problems.append("revoked")
    elif status.trusted:
        sig.trusted, sig.revocation = True, GOOD
    else:
        # Hard-fail refused: find out whether only the revocation check failed.
        soft = _context(roots, dss, session, hard_fail=False)
        soft_status = await async_validate_pdf_signature(
            emb, signer_validation_context=soft, ts_validation_context=soft, skip_diff=True
        )
        sig.trusted = bool(soft_status.trusted)
        sig.revocation = REVOKED if soft_status.revoked else UNKNOWN
        indic = status.trust_problem_indic
        if not sig.trusted:
            name = indic.name.lower() if indic is not None else "untrusted"
            sig.problems.append("expired" if "expired" in name or "out_of_bounds" in name else "untrusted_chain")
        else:
            sig.problems.append("revocation_unknown")
        status = soft_status if sig.trusted else status
    path = status.validation_path
    if path is not None:
        sig.chain = [_name(c) for c in path.iter_certs(include_root=True)]
    if not sig.intact:
        sig.problems.append("not_intact")
    elif not sig.valid:
        sig.problems.append("bad_signature")
    if sig.modification in ("other", "unknown"):
        sig.problems.append("disallowed_modification")
    if not sig.intact or not sig.valid or sig.revocation == REVOKED or "disallowed_modification" in sig.problems:
        sig.status = INVALID
    elif sig.trusted and sig.revocation == GOOD:
        sig.status = VALID
    else:
        sig.status = INDETERMINATE
    return sig


async def _validate(data: bytes, roots_der: list[bytes]) -> tuple[list[SignatureReport], list[dict[str, Any]]]:
    import aiohttp
    from asn1crypto import x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_timestamp
    from pyhanko.sign.validation.dss import DocumentSecurityStore, NoDSSFoundError

    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        regular = list(reader.embedded_regular_signatures)
        timestamps = list(reader.embedded_timestamp_signatures)
    except Exception as exc:
        raise NotAPdf(str(exc)) from exc
    roots = [x509.Certificate.load(d) for d in roots_der]
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        dss = None
    signatures: list[SignatureReport] = []
    doc_ts: list[dict[str, Any]] = []
    async with aiohttp.ClientSession() as session:
        for emb in regular:
            sig = await _validate_one(emb, roots, dss, session)
            if dss is not None and sig.timestamp and (dss.ocsps or dss.crls):
                sig.level = "B-LT"
            signatures.append(sig)
        for emb in timestamps:
            vc = _context(roots, dss, session, hard_fail=False)
            try:
                ts_status = await async_validate_pdf_timestamp(emb, validation_context=vc)
                doc_ts.append(
                    {
                        "field": emb.field_name,
                        "time": _iso(ts_status.timestamp),
                        "intact": bool(ts_status.intact),
                        "trusted": bool(ts_status.trusted),
                    }
                )
            except Exception as exc:
                doc_ts.append(
                    {
                        "field": emb.field_name,
                        "time": None,
                        "intact": False,
                        "trusted": False,
                        "error": type(exc).__name__,
                    }
                )
    if doc_ts:
        for sig in signatures:
            if sig.level == "B-LT":
                sig.level = "B-LTA"
    return signatures, doc_ts


def summarise(signatures: list[SignatureReport]) -> str:
    if not signatures:
        return UNSIGNED
    if any(s.status == INVALID for s in signatures):
        return INVALID
    if all(s.status == VALID for s in signatures):
        return VALID
    return INDETERMINATE


def validate_pdf(data: bytes, *, roots_der: list[bytes], filename: str = "document.pdf") -> Report:
    """Validate every signature of a PDF against the trusted roots. Raises NotAPdf."""
    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise NotAPdf("missing %PDF- header")
    from .signer import run

    signatures, doc_ts = run(_validate(data, roots_der))
    return Report(
        filename=filename,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        validated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        summary=summarise(signatures),
        signatures=signatures,
        document_timestamps=doc_ts,
    )
