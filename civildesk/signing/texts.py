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


def localise(report: dict[str, Any]) -> dict[str, Any]:
    """Add translated text (in the active language) beside each code."""
    out = dict(report)
    out["summary_text"] = str(SUMMARY.get(report["summary"], report["summary"]))
    sigs = []
    for s in report["signatures"]:
        s = dict(s)
        s["status_text"] = str(STATUS.get(s["status"], s["status"]))
        s["revocation_text"] = str(REVOCATION.get(s["revocation"], s["revocation"]))
        s["modification_text"] = str(MODIFICATION.get(s["modification"], s["modification"]))
        s["problems_text"] = [str(PROBLEMS.get(p, p)) for p in s["problems"]]
        sigs.append(s)
    out["signatures"] = sigs
    return out
