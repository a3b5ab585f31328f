from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from civildesk.ideas import services


@pytest.fixture(autouse=True)
def _lexical(settings):
    """Tests compare ideas lexically (the e5 model is exercised by bench/ideas.py and test_similar)."""
    settings.CIVILDESK_INDEX_DENSE = False


@pytest.fixture(autouse=True)
def _fresh_live_lists():
    """Ids are reused between tests: forget the lists shared by pollers."""
    from civildesk.ideas.services import rounds

    rounds._recent.clear()
    yield
    rounds._recent.clear()


@pytest.fixture
def chair(leader_a):
    return leader_a


@pytest.fixture
def meeting(chair, staff_a, staff_a1, units):
    return services.meeting_create(
        actor=chair,
        unit=units["a"],
        title="Họp triển khai chuyển đổi số",
        starts_at=timezone.now() + timedelta(hours=1),
        place="Phòng họp số 2",
        participants=[staff_a, staff_a1],
        agenda=["Giảm giấy tờ ở bộ phận một cửa", "Phân công"],
    )


@pytest.fixture
def open_round(meeting, chair):
    rnd = services.round_create(
        actor=chair, meeting=meeting, agenda_item=meeting.agenda_items.first(), question="Làm sao giảm giấy tờ?"
    )
    return services.round_open(actor=chair, round=rnd)


@pytest.fixture
def campaign(director, units):
    rnd = services.round_create(
        actor=director,
        unit=units["province"],
        question="Cắt giảm giấy tờ ở bộ phận một cửa như thế nào?",
        closes_at=timezone.now() + timedelta(days=14),
    )
    return services.round_open(actor=director, round=rnd)
