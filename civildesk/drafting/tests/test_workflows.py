"""Each state of the outgoing document's workflow (DRAFTS), and what each role may do in it, against a table.

Roles: the author, the reviewer (a leader of the unit), the clerk of the issuing unit, and an
outsider (staff of another unit). Conditions matter too: dispatch needs the signed PDF.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from civildesk.drafting import services
from civildesk.drafting.models import Draft, DraftStatus, EntryStatus, NumberRegister, RegisterEntry
from civildesk.org.models import Role
from conftest import make_user

from .conftest import content

ROLES = ("author", "reviewer", "clerk", "outsider")
S = DraftStatus


@pytest.fixture
def people(units, staff_a, leader_a, staff_b):
    return {
        "author": staff_a,
        "reviewer": leader_a,
        "clerk": make_user("clerk.a", units["a"], Role.CLERK),
        "outsider": staff_b,
    }


@pytest.fixture
def draft(people, units):
    d = services.draft_create(actor=people["author"], unit=units["a"], doc_type="GM", **content("GM"))
    Draft.objects.filter(pk=d.pk).update(reviewer=people["reviewer"])
    return d


def _force(draft, status, people):
    Draft.objects.filter(pk=draft.pk).update(status=status)
    if status in (S.ISSUED, S.DISPATCHED):
        register, _ = NumberRegister.objects.get_or_create(unit=draft.unit, year=2026)
        RegisterEntry.objects.get_or_create(
            register=register,
            number=1,
            draft=draft,
            defaults={"symbol": "01/GM-STTTT", "issued_on": "2026-01-05", "status": EntryStatus.ISSUED},
        )
    return Draft.objects.get(pk=draft.pk)


NOTHING = {role: set() for role in ROLES}
# Everyone of the unit drafts there (drafting.draft); the leader and the clerk also issue.
TABLE = {
    S.DRAFT: {
        **NOTHING,
        "author": {"send_for_review"},
        "reviewer": {"send_for_review", "issue"},
        "clerk": {"send_for_review", "issue"},
    },
    S.IN_REVIEW: {
        **NOTHING,
        "author": {"withdraw"},
        "reviewer": {"withdraw", "issue"},
        "clerk": {"withdraw", "issue"},
    },
    S.SIGNING: NOTHING,
    S.SIGNED: {**NOTHING, "reviewer": {"issue_signed"}, "clerk": {"issue_signed"}},
    S.ISSUED: {**NOTHING, "reviewer": {"cancel"}, "clerk": {"cancel"}},  # no signed PDF: no dispatch
    S.DISPATCHED: {**NOTHING, "reviewer": {"cancel"}, "clerk": {"cancel"}},
    S.CANCELLED: NOTHING,
}


@pytest.mark.parametrize("state", list(TABLE))
def test_draft_transitions_per_state_and_role(people, draft, state):
    d = _force(draft, state, people)
    allowed = {role: {t.name for t in services.DRAFTS.available(people[role], d)} for role in ROLES}
    assert allowed == TABLE[state]


def test_an_issued_document_signed_here_may_be_dispatched(people, draft):
    d = _force(draft, S.ISSUED, people)
    d.signed_pdf.save("x.pdf", ContentFile(b"%PDF-1.7\n"), save=True)
    assert {t.name for t in services.DRAFTS.available(people["clerk"], d)} == {"dispatch", "cancel"}
    assert {t.name for t in services.DRAFTS.available(people["author"], d)} == set()
