"""Each state's allowed transitions per role, compared with tables written here (not derived from the code)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from civildesk.inspection import services
from civildesk.inspection.models import (
    Case,
    CaseStatus,
    Inspection,
    InspectionStatus,
    Recommendation,
    RecommendationStatus,
    TeamMember,
    TeamRole,
)
from civildesk.org.models import Role

pytestmark = pytest.mark.django_db

S = CaseStatus
CLASSIFIED_ALL = ["classify", "accept", "transfer", "return", "reject"]

# state -> role -> transitions offered (declaration order). "reception" is staff of the handling
# unit, "handler" the assigned inspector, "inspector" another inspector of the unit, "leader" its
# leader, "outsider" staff of another unit.
CASE_TABLE = {
    S.RECEIVED: {"reception": ["classify"], "handler": ["classify"], "inspector": ["classify"], "leader": ["classify"]},
    S.CLASSIFIED: {
        "reception": CLASSIFIED_ALL,
        "handler": CLASSIFIED_ALL,
        "inspector": CLASSIFIED_ALL,
        "leader": CLASSIFIED_ALL,
    },
    S.ACCEPTED: {
        "reception": [],
        "handler": ["start_verification"],
        "inspector": [],
        "leader": ["assign", "start_verification", "extend", "suspend"],
    },
    S.VERIFYING: {
        "reception": [],
        "handler": ["conclude"],
        "inspector": [],
        "leader": ["assign", "extend", "suspend", "conclude"],
    },
    S.SUSPENDED: {"reception": [], "handler": [], "inspector": [], "leader": ["assign", "resume"]},
    S.CONCLUDED: {"reception": [], "handler": [], "inspector": [], "leader": ["issue_decision"]},
    S.DECISION_ISSUED: {"reception": [], "handler": [], "inspector": [], "leader": ["close"]},
    S.TRANSFERRED: {
        "reception": ["close_triaged"],
        "handler": ["close_triaged"],
        "inspector": ["close_triaged"],
        "leader": ["close_triaged"],
    },
    S.RETURNED: {
        "reception": ["close_triaged"],
        "handler": ["close_triaged"],
        "inspector": ["close_triaged"],
        "leader": ["close_triaged"],
    },
    S.REJECTED: {
        "reception": ["close_triaged"],
        "handler": ["close_triaged"],
        "inspector": ["close_triaged"],
        "leader": ["close_triaged"],
    },
    S.CLOSED: {"reception": [], "handler": [], "inspector": [], "leader": []},
}


@pytest.fixture
def people(units, make_persona, reception_a, handler_a, leader_a):
    return {
        "reception": reception_a,
        "handler": handler_a,
        "inspector": make_persona("inspector2.a", units["a"], Role.INSPECTOR),
        "leader": leader_a,
        "outsider": make_persona("outsider.b", units["b"], Role.STAFF),
    }


def test_every_case_status_is_in_the_table():
    assert set(CASE_TABLE) == set(CaseStatus.values)


@pytest.mark.parametrize("status", list(CASE_TABLE))
def test_case_transitions_per_state_and_role(register, people, status):
    case = register(people["reception"])
    services.case_classify(
        actor=people["reception"], case=case, case_type=case.case_type, instance=case.instance,
        field="", complexity="normal", remote_area=False,
    )  # fmt: skip
    today = timezone.localdate()
    Case.objects.filter(pk=case.pk).update(
        status=status, assignee=people["handler"], accepted_on=today, suspended_on=today
    )  # set up the state directly: the table, not the path, is under test
    case = Case.objects.get(pk=case.pk)
    got = {role: services.allowed_transitions(user, case) for role, user in people.items()}
    assert got == {**CASE_TABLE[status], "outsider": []}


def test_a_merged_case_offers_nothing(register, people):
    first, second = register(people["reception"]), register(people["reception"])
    services.case_link(actor=people["reception"], case=second, other=first, kind="duplicate")
    second.refresh_from_db()
    assert all(services.allowed_transitions(user, second) == [] for user in people.values())


IS = InspectionStatus
# role -> transitions; "team" is an inspector in the team, "inspector" one outside it.
INSPECTION_TABLE = {
    IS.PREPARING: {"leader": ["decide"], "team": [], "inspector": [], "outsider": []},
    IS.DECIDED: {
        "leader": ["diary", "finding", "document", "recommendation", "conclude"],
        "team": ["diary", "finding", "document", "recommendation"],
        "inspector": [],
        "outsider": [],
    },
    IS.CONCLUDED: {"leader": ["recommendation", "close"], "team": ["recommendation"], "inspector": [], "outsider": []},
    IS.CLOSED: {"leader": [], "team": [], "inspector": [], "outsider": []},
}


@pytest.fixture
def inspection_people(units, make_persona, leader_a, handler_a):
    return {
        "leader": leader_a,
        "team": handler_a,
        "inspector": make_persona("inspector3.a", units["a"], Role.INSPECTOR),
        "outsider": make_persona("outsider2.b", units["b"], Role.INSPECTOR),
    }


@pytest.mark.parametrize("status", list(INSPECTION_TABLE))
def test_inspection_transitions_per_state_and_role(units, inspection_people, status):
    year = timezone.localdate().year
    insp = Inspection.objects.create(
        unit=units["a"], subject_name="Sở Xây dựng", topic="Đầu tư công", status=status,
        period_start=date(year, 1, 1), period_end=date(year, 3, 1),
    )  # fmt: skip
    TeamMember.objects.create(inspection=insp, user=inspection_people["team"], role=TeamRole.HEAD)
    got = {role: [t.name for t in services.INSPECTIONS.available(u, insp)] for role, u in inspection_people.items()}
    assert got == INSPECTION_TABLE[status]
    assert set(INSPECTION_TABLE) == set(InspectionStatus.values)


def test_an_inspection_with_open_recommendations_cannot_close(units, inspection_people):
    insp = Inspection.objects.create(
        unit=units["a"], subject_name="X", topic="Y", status=IS.CONCLUDED,
        period_start=date(2026, 1, 1), period_end=date(2026, 2, 1),
    )  # fmt: skip
    Recommendation.objects.create(
        inspection=insp, text="Thu hồi", responsible_unit=units["a1"], deadline=date(2026, 6, 1), measure="Nộp"
    )
    assert "close" not in [t.name for t in services.INSPECTIONS.available(inspection_people["leader"], insp)]


R = RecommendationStatus
# "responsible" is staff of the responsible unit; "inspector" is of the inspecting unit.
RECOMMENDATION_TABLE = {
    R.OPEN: {"responsible": ["report"], "inspector": [], "outsider": []},
    R.REPORTED: {"responsible": [], "inspector": ["accept_report", "return_report"], "outsider": []},
    R.RETURNED: {"responsible": ["report"], "inspector": [], "outsider": []},
    R.CLOSED: {"responsible": [], "inspector": [], "outsider": []},
}


@pytest.mark.parametrize("status", list(RECOMMENDATION_TABLE))
def test_recommendation_transitions_per_state_and_role(units, make_persona, status):
    people = {
        "responsible": make_persona("resp.b", units["b"], Role.STAFF),
        "inspector": make_persona("insp.p", units["province"], Role.INSPECTOR),
        "outsider": make_persona("other.a", units["a"], Role.STAFF),
    }
    insp = Inspection.objects.create(
        unit=units["province"], subject_name="Sở Xây dựng", topic="Đầu tư công", status=IS.CONCLUDED,
        period_start=date(2026, 1, 1), period_end=date(2026, 2, 1),
    )  # fmt: skip
    rec = Recommendation.objects.create(
        inspection=insp,
        text="Thu hồi",
        responsible_unit=units["b"],
        deadline=timezone.localdate() + timedelta(days=30),
        measure="Nộp",
        status=status,
    )
    got = {role: [t.name for t in services.RECOMMENDATIONS.available(u, rec)] for role, u in people.items()}
    assert got == RECOMMENDATION_TABLE[status]
    assert set(RECOMMENDATION_TABLE) == set(RecommendationStatus.values)
