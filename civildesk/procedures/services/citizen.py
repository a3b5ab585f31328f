"""What the applicant does without an account, after proving the code and the secret on the tracking page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civildesk.org.services import audit_record, nfc

from ..models import TERMINAL, Dossier, Status
from .workflow import DOSSIERS


def supplement_submit(*, dossier: Dossier, files: list[tuple[str, bytes]]) -> Dossier:
    """The applicant sends the supplement online: the files are checked and stored, the clock restarts."""
    if not files:
        raise ValidationError({"files": _("Attach the supplementary documents.")})
    return DOSSIERS.apply(dossier, "supplement_submit", actor=None, files=files)


def withdraw_request(*, dossier: Dossier, reason: str = "") -> Dossier:
    return DOSSIERS.apply(
        dossier, "withdraw_request", actor=None, reason=nfc(reason) or _("At the applicant's request.")
    )


@transaction.atomic
def dossier_rate(*, dossier: Dossier, rating: int, comment: str = "", complaint: bool = False) -> Dossier:
    """The applicant rates the service once the dossier has ended (once)."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if dossier.status not in TERMINAL or dossier.status == Status.DONE:
        raise ValidationError(_("The service can be rated once the dossier has ended."))
    if dossier.rating is not None:
        raise ValidationError(_("This dossier has already been rated."))
    if not 1 <= int(rating) <= 5:
        raise ValidationError({"rating": _("Choose a rating from 1 to 5.")})
    dossier.rating, dossier.rating_comment, dossier.complaint = int(rating), nfc(comment), bool(complaint)
    dossier.save(update_fields=["rating", "rating_comment", "complaint"])
    audit_record(
        actor=None,
        action="procedures.dossier_rate",
        obj=dossier,
        summary={"rating": dossier.rating, "complaint": dossier.complaint},
    )
    return dossier


def visible_events(dossier: Dossier) -> Any:
    """The steps shown to the applicant: registration and the public transitions."""
    public = {t.name for t in DOSSIERS if t.public} | {"register"}
    return [e for e in dossier.events.all() if e.action in public]
