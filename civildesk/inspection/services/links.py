"""Possible duplicates of a case, links between cases and merging a duplicate into the case that carries on."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civildesk.org import policy
from civildesk.org.services import nfc

from ..models import Case, CaseLink, CaseStatus, LinkKind
from .cases import CASES, case_event
from .intake import identity_can_view

# --- Duplicates: link and merge ---------------------------------------------------------


def case_duplicates(*, user: Any, case: Case) -> list[Any]:
    from ..duplicates import find_duplicates

    candidates = Case.objects.open().visible_to(user).exclude(pk=case.pk)

    def person_visible(other: Case) -> bool:
        # "Same person" tells who filed: never about a protected filer to someone who may not see them.
        return all(identity_can_view(user, c) for c in (case, other) if c.is_protected)

    return find_duplicates(case, candidates, person_visible=person_visible)


@transaction.atomic
def case_link(*, actor: Any, case: Case, other: Case, kind: str, note: str = "") -> CaseLink:
    """Link ``case`` to ``other``; with ``kind=duplicate`` ``case`` is merged into ``other``.

    Both records and their histories are kept; the merged case leaves the
    open lists and points to the case that carries on.
    """
    policy.require(actor, "inspection.receive", case)
    policy.require(actor, "inspection.view_cases", other)
    if case.pk == other.pk:
        raise ValidationError(_("A case cannot be linked to itself."))
    if kind not in LinkKind.values:
        raise ValidationError({"kind": _("Choose how the cases are linked.")})
    case = CASES.lock(case)
    if case.merged_into_id:
        raise ValidationError(_("This case is already merged."))
    if kind == LinkKind.DUPLICATE:
        if other.merged_into_id:
            raise ValidationError(_("Merge into the case that carries on, not into a merged one."))
        if case.status not in (CaseStatus.RECEIVED, CaseStatus.CLASSIFIED):
            raise ValidationError(_("Only a case not yet accepted can be merged into another."))
    link, created = CaseLink.objects.get_or_create(
        from_case=case, to_case=other, defaults={"kind": kind, "note": nfc(note), "created_by": actor}
    )
    if not created:
        raise ValidationError(_("These cases are already linked."))
    if kind == LinkKind.DUPLICATE:
        case.merged_into = other
        case.save(update_fields=["merged_into"])
    action = "merge" if kind == LinkKind.DUPLICATE else "link"
    case_event(
        case=case, actor=actor, action=action, before=case.status, note=other.number, audit={"other": other.number}
    )
    case_event(case=other, actor=actor, action="linked", before=other.status, note=case.number)
    return link
