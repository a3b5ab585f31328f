"""Each measured indicator against records created here."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from civildesk.monitoring.measured import REGISTRY

pytestmark = pytest.mark.django_db

YEAR = (date(2025, 1, 1), date(2025, 12, 31))


def _issue(unit, user, n, issued_on, *, signed):
    from civildesk.drafting.models import Draft, NumberRegister, RegisterEntry
    from civildesk.signing.models import SignatureRequest

    draft = Draft.objects.create(
        unit=unit,
        doc_type="CV",
        agency="Sở",
        place="Lạng Sơn",
        subject=f"Văn bản {n}",
        body="Nội dung",
        signer_title="Giám đốc",
        signer_name="Nguyễn Văn A",
        created_by=user,
    )
    register, _ = NumberRegister.objects.get_or_create(unit=unit, year=issued_on.year)
    RegisterEntry.objects.create(register=register, number=n, draft=draft, symbol=f"{n}/CV-S", issued_on=issued_on)
    if signed is not None:
        req = SignatureRequest(unit=unit, owner=user, title=f"Ký {n}", draft=draft, status=signed)
        req.original.save(f"o{n}.pdf", ContentFile(b"%PDF-1.4"), save=False)
        req.current.save(f"c{n}.pdf", ContentFile(b"%PDF-1.4"), save=False)
        req.save()
    return draft


def test_share_of_documents_issued_with_a_digital_signature(units, staff_a, staff_b):
    from civildesk.signing.models import RequestStatus

    d1 = _issue(units["a"], staff_a, 1, date(2025, 3, 1), signed=RequestStatus.COMPLETED)
    _issue(units["a"], staff_a, 2, date(2025, 4, 1), signed=RequestStatus.IN_PROGRESS)
    _issue(units["a"], staff_a, 3, date(2025, 5, 1), signed=None)
    _issue(units["a"], staff_a, 4, date(2024, 5, 1), signed=RequestStatus.COMPLETED)  # another year
    _issue(units["b"], staff_b, 1, date(2025, 5, 1), signed=RequestStatus.COMPLETED)  # another unit
    m = REGISTRY["signing.signed_share"].measure([units["a"].path], *YEAR, with_records=True)
    assert (m.numerator, m.denominator) == (1, 3)
    assert m.value == pytest.approx(33.33)
    assert [r.counted for r in m.records] == [True, False, False]
    assert m.records[0].url == d1.get_absolute_url()
    province = REGISTRY["signing.signed_share"].measure(None, *YEAR)
    assert (province.numerator, province.denominator) == (2, 4)


def _ask(unit, user, when, answered):
    from civildesk.assistant.models import Conversation, Turn

    conv = Conversation.objects.create(user=user, unit=unit)
    turn = Turn.objects.create(conversation=conv, question="Hỏi?", language="vi", answered=answered)
    Turn.objects.filter(pk=turn.pk).update(created_at=datetime(*when, tzinfo=timezone.get_current_timezone()))


def test_assistant_use_and_answered_rate(units, staff_a, staff_b):
    _ask(units["a"], staff_a, (2025, 2, 1, 9), True)
    _ask(units["a"], staff_a, (2025, 2, 2, 9), False)
    _ask(units["a"], staff_a, (2025, 2, 3, 9), True)
    _ask(units["b"], staff_b, (2024, 2, 3, 9), True)  # last year
    answered = REGISTRY["assistant.answered_rate"].measure(None, *YEAR, with_records=True)
    assert (answered.numerator, answered.denominator) == (2, 3)
    usage = REGISTRY["assistant.unit_usage"].measure(None, *YEAR, with_records=True)
    assert (usage.numerator, usage.denominator) == (1, 2)  # departments A and B; only A asked in 2025
    assert {r.label.split(":")[0]: r.counted for r in usage.records} == {units["a"].name: True, units["b"].name: False}


def test_complaints_settled_on_time(units):
    from civildesk.inspection.models import Case, CaseType

    def case(n, decided, deadline, case_type=CaseType.COMPLAINT, unit=units["a"]):
        return Case.objects.create(
            number=f"KN-{n}",
            tracking_code=f"T{n}",
            case_type=case_type,
            channel="in_person",
            unit=unit,
            title="Khiếu nại",
            content="Nội dung",
            status="decision_issued",
            decided_on=decided,
            deadline=deadline,
        )

    on_time = case(1, date(2025, 3, 1), date(2025, 3, 10))
    case(2, date(2025, 4, 20), date(2025, 4, 10))  # late
    case(3, date(2025, 4, 20), date(2025, 5, 10), case_type=CaseType.DENUNCIATION)  # not a complaint
    case(4, date(2025, 6, 1), date(2025, 6, 10), unit=units["b"])
    m = REGISTRY["inspection.complaints_on_time"].measure([units["a"].path], *YEAR, with_records=True)
    assert (m.numerator, m.denominator) == (1, 2)
    assert m.records[0].url == on_time.get_absolute_url() and m.records[0].counted
    assert REGISTRY["inspection.complaints_on_time"].measure(None, *YEAR).value == pytest.approx(66.67)


def test_the_seam_takes_a_new_measurement():
    from civildesk.monitoring import measured

    def online(paths, start, end, with_records):
        return measured.Measurement(numerator=1, denominator=2)

    measured.register("procedures.online_rate", label="Online", compute=online)
    try:
        assert REGISTRY["procedures.online_rate"].measure(None, *YEAR).value == 50.0
        with pytest.raises(ValueError):
            measured.register("procedures.online_rate", label="Other", compute=lambda *a: None)
    finally:
        REGISTRY.pop("procedures.online_rate")
