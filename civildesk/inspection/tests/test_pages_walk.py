"""Every inspection page, as each persona, in English and Bengali: no error, no debug page,
no Vietnamese workflow label and no raw status code (the newcomer's walk, issue 16)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from civildesk.inspection import services
from civildesk.inspection.models import CaseStatus, InspectionStatus, RecommendationStatus, TeamRole
from civildesk.org.models import Role

pytestmark = pytest.mark.django_db


def _vietnamese_labels() -> set[str]:
    """The Vietnamese of every workflow label and status: must not show on an en/bn page."""
    out = set()
    with translation.override("vi"):
        for workflow in (services.CASES, services.INSPECTIONS, services.RECOMMENDATIONS):
            out |= {str(t.label) for t in workflow}
        for choices in (CaseStatus, InspectionStatus, RecommendationStatus):
            out |= {str(label) for label in choices.labels}
    return out


@pytest.fixture
def world(register, units, make_persona, reception_a, leader_a, handler_a):
    case = register(reception_a)
    case = services.case_classify(
        actor=reception_a, case=case, case_type=case.case_type, instance=case.instance,
        field="", complexity="normal", remote_area=False,
    )  # fmt: skip
    case = services.case_accept(actor=reception_a, case=case)
    case = services.case_assign(actor=leader_a, case=case, assignee=handler_a)
    plan = services.plan_create(actor=leader_a, unit=units["a"], year=2026, title="Kế hoạch thanh tra năm 2026")
    item, _overlaps = services.plan_item_add(
        actor=leader_a, plan=plan, subject_name="Phòng BCVT", topic="Tài chính", inspecting_unit=units["a"],
        period_start=date(2026, 3, 1), period_end=date(2026, 4, 1),
    )  # fmt: skip
    insp = services.inspection_create(
        actor=leader_a, unit=units["a"], subject_name="Phòng BCVT", topic="Tài chính",
        period_start=date(2026, 1, 2), period_end=date(2026, 2, 1),
    )  # fmt: skip
    insp = services.inspection_issue_decision(
        actor=leader_a, inspection=insp, decision_number="5/QĐ", decision_date=date(2026, 1, 2),
        team=[(handler_a, TeamRole.HEAD)],
    )  # fmt: skip
    rec = services.recommendation_add(
        actor=handler_a, inspection=insp, text="Thu hồi", responsible_unit=units["a1"],
        deadline=date(2026, 6, 1), measure="Nộp đủ",
    )  # fmt: skip
    personas = {
        "reception": reception_a,
        "leader": leader_a,
        "handler": handler_a,
        "responsible": make_persona("ketoan.a1", units["a1"], Role.STAFF),
        "outsider": make_persona("outsider.b", units["b"], Role.STAFF),
        "anonymous": None,
    }
    urls = [
        reverse("inspection:index"),
        reverse("inspection:cases"),
        reverse("inspection:cases") + "?status=open&type=complaint&q=đất",
        reverse("inspection:case_new"),
        case.get_absolute_url(),
        reverse("inspection:dashboard"),
        reverse("inspection:report"),
        reverse("inspection:plans"),
        reverse("inspection:plan_new"),
        plan.get_absolute_url(),
        reverse("inspection:inspection_new"),
        reverse("inspection:inspection_new") + f"?item={item.pk}",
        reverse("inspection:inspection_new") + "?item=abc",  # bad input: never a server error
        reverse("inspection:cases") + "?q=%00&status=nonsense&page=x",
        insp.get_absolute_url(),
        reverse("inspection:recommendations"),
        rec.get_absolute_url(),
        reverse("inspection:public_submit"),
        reverse("inspection:public_track"),
    ]
    return personas, urls


RAW_CODES = re.compile(
    r">\s*(" + "|".join(CaseStatus.values) + r"|start_verification|issue_decision|close_triaged)\s*<"
)


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_every_page_as_every_persona(client, world, lang):
    personas, urls = world
    vietnamese = _vietnamese_labels()
    for name, user in personas.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        client.post("/i18n/setlang/", {"language": lang, "next": "/"})
        for url in urls:
            response = client.get(url)
            where = f"{name} {lang} {url}"
            assert response.status_code in (200, 302, 400, 403, 404), where  # 400: bad input refused
            if response.status_code != 200:
                continue
            html = response.content.decode()
            assert "Traceback" not in html and "technical_500" not in html, where
            shown = [v for v in vietnamese if f">{v}<" in html or f"> {v}" in html]
            assert not shown, (where, shown)
            assert not RAW_CODES.search(html), (where, RAW_CODES.search(html).group(0))
