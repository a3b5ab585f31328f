"""Translated labels for the codes of a validation report (validate.py stays free of Django)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

SUMMARY = {
    "valid": _("All signatures are valid."),
    "invalid": _("At least one signature is NOT valid."),
    "indeterminate": _("The signatures could not be fully checked: see the details."),
    "unsigned": _("This PDF has no signature."),
}
STATUS = {"valid": _("Valid"), "invalid": _("Not valid"), "indeterminate": _("Cannot be confirmed")}
REVOCATION = {
    "good": _("Good (not revoked)"),
    "revoked": _("Revoked"),
    "unknown": _("Unknown: the revocation status could not be checked"),
}
MODIFICATION = {
    "none": _("No change after signing."),
    "lta_updates": _("Changed after signing: validation data and timestamps were added (allowed)."),
    "form_filling": _("Changed after signing: form fields or later signatures were added (allowed)."),
    "annotations": _("Changed after signing: comments or annotations were added (allowed)."),
    "other": _("Changed after signing in a way a signature does not allow: the content may have been altered."),
    "unknown": _("Changed after signing; the change could not be analysed."),
    "tampered": _("The signed content itself was changed after signing."),
}
PROBLEMS = {
    "no_certificate": _("The signer's certificate is missing."),
    "unreadable_signature": _("The signature cannot be read."),
    "revoked": _("The signer's certificate was revoked."),
    "expired": _("The signer's certificate had expired or was not yet valid."),
    "untrusted_chain": _("The certificate does not chain to a trusted root."),
    "revocation_unknown": _("The revocation status could not be checked (OCSP/CRL unreachable)."),
    "not_intact": _("The signed bytes were changed: the document was altered after signing."),
    "bad_signature": _("The cryptographic signature does not match."),
    "disallowed_modification": _("The document was modified after signing in a way that is not allowed."),
}


# Problems of a signature being made (codes of ``signer.SignerError``).
SIGNER_ERRORS = {
    "key_file": _("The key file could not be opened: wrong passphrase or not a PKCS#12 file."),
    "token": _("The token “%(token)s” could not be opened: wrong PIN, or the token is not plugged in."),
    "not_pdf": _("The file is not a PDF that can be signed."),
    "key_refused": _("The key refused to sign."),
    "tsa": _("The timestamp authority did not answer."),
    "no_tsa": _("No timestamp authority is configured; only B-B signatures are possible."),
    "embed": _("The signature does not fit in the document."),
    "revocation": _("Revocation data could not be collected (OCSP/CRL unreachable)."),
    "archive_tsa": _("The archive timestamp could not be added."),
    "signer": _("The signature could not be made."),
    "interrupted": _("The background work that finishes the signature was interrupted."),
}


def signer_error(code: str, **params: Any) -> str:
    """A signing problem in the active language."""
    text = str(SIGNER_ERRORS.get(code, SIGNER_ERRORS["signer"]))
    try:
        return text % params if "%(" in text else text
    except (KeyError, ValueError):
        return str(SIGNER_ERRORS["signer"])


def signing_failed(code: str) -> str:
    """Why a signature made in a request could not be finished by the background job."""
    return str(_("The signature could not be finished: %(reason)s Sign again.")) % {
        "reason": signer_error(code, token="")
    }


def when(iso: str | None) -> str:
    """An ISO 8601 time of a report, in the local time zone and the active language's format."""
    if not iso:
        return ""
    from datetime import datetime

    from django.utils import formats, timezone

    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def localise(report: dict[str, Any]) -> dict[str, Any]:
    """Add translated text (in the active language) beside each code, and readable times."""
    out = dict(report)
    out["summary_text"] = str(SUMMARY.get(report["summary"], report["summary"]))
    sigs = []
    for s in report["signatures"]:
        s = dict(s)
        s["status_text"] = str(STATUS.get(s["status"], s["status"]))
        s["revocation_text"] = str(REVOCATION.get(s["revocation"], s["revocation"]))
        s["modification_text"] = str(MODIFICATION.get(s["modification"], s["modification"]))
        s["problems_text"] = [str(PROBLEMS.get(p, p)) for p in s["problems"]]
        s["signing_time_text"] = when(s.get("signing_time"))
        s["timestamp_text"] = when(s.get("timestamp"))
        sigs.append(s)
    out["signatures"] = sigs
    return out
