from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from civildesk.drafting import services
from civildesk.drafting.models import Draft, DraftStatus, DraftVersion, EntryStatus, NumberRegister, RegisterEntry
from civildesk.org.models import AuditEntry, Role

from .conftest import content


@pytest.fixture
def draft(staff_a, units):
    return services.draft_create(actor=staff_a, unit=units["a"], doc_type="GM", **content("GM"))


@pytest.fixture
def clerk_a(units, make_persona):
    return make_persona("clerk.a", units["a"], Role.CLERK)


def test_create_saves_version_one_and_audits(draft, staff_a):
    assert draft.status == DraftStatus.DRAFT and draft.version == 1
    assert draft.versions.get().content["subject"] == draft.subject
    entry = AuditEntry.objects.filter(action="drafting.draft_create").get()
    assert entry.actor == staff_a and entry.object_id == str(draft.pk)


def test_create_in_another_unit_is_refused(staff_b, units):
    with pytest.raises(PermissionDenied):
        services.draft_create(actor=staff_b, unit=units["a"], doc_type="GM", **content("GM"))
    assert not Draft.objects.exists()


def test_bad_content_saves_nothing(staff_a, units):
    with pytest.raises(ValidationError) as exc:
        services.draft_create(
            actor=staff_a,
            unit=units["a"],
            doc_type="CV",
            **content("CV", unit_code="", authority="KT", on_behalf_of="", subject=""),
        )
    assert {"unit_code", "on_behalf_of", "subject"} <= set(exc.value.message_dict)
    assert not Draft.objects.exists() and not DraftVersion.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="drafting.").exists()


def test_update_keeps_versions(draft, staff_a):
    services.draft_update(actor=staff_a, draft=draft, **content("GM", subject="Dự họp giao ban tháng 02"))
    draft.refresh_from_db()
    assert draft.version == 2
    assert [v.content["subject"] for v in draft.versions.order_by("number")] == [
        content("GM")["subject"],
        "Dự họp giao ban tháng 02",
    ]
    # Saving the same content again makes no new version.
    services.draft_update(actor=staff_a, draft=draft, **content("GM", subject="Dự họp giao ban tháng 02"))
    assert draft.versions.count() == 2


def test_update_normalises_to_nfc(draft, staff_a):
    services.draft_update(actor=staff_a, draft=draft, **content("GM", signer_name="Hoa\u0300ng Va\u0306n A"))
    draft.refresh_from_db()
    assert draft.signer_name == "Hoàng Văn A"


def test_update_by_another_unit_is_refused(draft, staff_b):
    with pytest.raises(PermissionDenied):
        services.draft_update(actor=staff_b, draft=draft, **content("GM", subject="x"))


def test_send_for_review(draft, staff_a, leader_a):
    services.draft_send_for_review(actor=staff_a, draft=draft, reviewer=leader_a)
    draft.refresh_from_db()
    assert draft.status == DraftStatus.IN_REVIEW and draft.reviewer == leader_a
    assert AuditEntry.objects.filter(action="drafting.draft_send_for_review").exists()
    with pytest.raises(ValidationError):
        services.draft_update(actor=staff_a, draft=draft, **content("GM", subject="x"))


def test_reviewer_must_be_able_to_see_the_draft(draft, staff_a, staff_b):
    with pytest.raises(ValidationError):
        services.draft_send_for_review(actor=staff_a, draft=draft, reviewer=staff_b)
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DRAFT


def test_issue_numbers_sequentially_and_fixes_number_and_date(staff_a, clerk_a, units):
    drafts = [
        services.draft_create(actor=staff_a, unit=units["a"], doc_type=t, **content(t)) for t in ("GM", "QD", "TB")
    ]
    entries = [services.draft_issue(actor=clerk_a, draft=d) for d in drafts]
    assert [e.number for e in entries] == [1, 2, 3]
    first = Draft.objects.get(pk=drafts[0].pk)
    assert first.status == DraftStatus.ISSUED and first.number == 1 and first.issued_on == timezone.localdate()
    assert first.symbol == "01/GM-VP"
    assert entries[1].symbol == "02/QĐ-UBND"
    with pytest.raises(ValidationError):
        services.draft_update(actor=staff_a, draft=first, **content("GM", subject="changed"))
    with pytest.raises(ValidationError):
        services.draft_issue(actor=clerk_a, draft=first)
    assert NumberRegister.objects.get(unit=units["a"]).last_number == 3
    assert AuditEntry.objects.filter(action="drafting.number_issue").count() == 3


def test_registers_are_per_agency(staff_a, staff_b, clerk_a, units, make_persona):
    clerk_b = make_persona("clerk.bb", units["b"], Role.CLERK)
    a = services.draft_create(actor=staff_a, unit=units["a"], doc_type="GM", **content("GM"))
    b = services.draft_create(actor=staff_b, unit=units["b"], doc_type="GM", **content("GM"))
    assert services.draft_issue(actor=clerk_a, draft=a).number == 1
    assert services.draft_issue(actor=clerk_b, draft=b).number == 1


def test_a_new_year_starts_at_one(staff_a, clerk_a, units, monkeypatch):
    import datetime

    NumberRegister.objects.create(unit=units["a"], year=2025, last_number=418)
    d = services.draft_create(actor=staff_a, unit=units["a"], doc_type="GM", **content("GM"))
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2026, 1, 2))
    entry = services.draft_issue(actor=clerk_a, draft=d)
    assert (entry.number, entry.register.year) == (1, 2026)


def test_cancelled_numbers_are_recorded_and_never_reused(staff_a, clerk_a, units):
    d1 = services.draft_create(actor=staff_a, unit=units["a"], doc_type="GM", **content("GM"))
    d2 = services.draft_create(actor=staff_a, unit=units["a"], doc_type="GM", **content("GM"))
    e1 = services.draft_issue(actor=clerk_a, draft=d1)
    with pytest.raises(ValidationError):
        services.entry_cancel(actor=clerk_a, entry=e1, reason="  ")
    services.entry_cancel(actor=clerk_a, entry=e1, reason="Sai thành phần mời")
    e1.refresh_from_db()
    assert e1.status == EntryStatus.CANCELLED and e1.cancel_reason == "Sai thành phần mời"
    assert Draft.objects.get(pk=d1.pk).status == DraftStatus.CANCELLED
    assert services.draft_issue(actor=clerk_a, draft=d2).number == 2
    assert list(RegisterEntry.objects.order_by("number").values_list("number", "status")) == [
        (1, "cancelled"),
        (2, "issued"),
    ]
    assert AuditEntry.objects.filter(action="drafting.number_cancel").exists()


@pytest.mark.parametrize("role", [Role.CLERK, Role.UNIT_ADMIN, Role.LEADER])
def test_clerk_unit_admin_and_leader_of_the_issuing_unit_may_issue(role, draft, make_persona, units):
    user = make_persona(f"issuer.{role}", units["a"], role)
    assert services.draft_issue(actor=user, draft=draft).number == 1


def test_staff_another_units_clerk_or_a_leader_above_may_not_issue(draft, staff_a, clerk, director):
    for user in (staff_a, clerk, director):
        with pytest.raises(PermissionDenied):
            services.draft_issue(actor=user, draft=draft)
    assert not RegisterEntry.objects.exists()


def test_visibility_own_unit_and_leaders_subtree(draft, staff_b, leader_a, director, staff_a1):
    assert list(Draft.objects.visible_to(leader_a)) == [draft]
    assert list(Draft.objects.visible_to(director)) == [draft]
    assert not Draft.objects.visible_to(staff_b).exists()
    assert not Draft.objects.visible_to(staff_a1).exists()


def test_a_draft_too_long_to_lay_out_is_refused(staff_a, units):
    """The web form and the API alike: 32,000 short lines took 72 s to render as PDF."""
    with pytest.raises(ValidationError) as exc:
        services.draft_create(actor=staff_a, unit=units["a"], doc_type="GM", **content("GM", body="a\n" * 1_001))
    assert "1000 paragraphs" in str(exc.value.message_dict["body"])
    assert not Draft.objects.exists()
