"""Every page of the monitoring app, as each persona, in English and Bengali: no server error, no Vietnamese UI."""

from __future__ import annotations

import pytest
from django.urls import get_resolver

from civildesk.monitoring.services.ranking import dti_input_set
from civildesk.monitoring.services.reports import REPORTS
from conftest import close_response

pytestmark = pytest.mark.django_db

VIETNAMESE_UI = ("Bảng điều hành chuyển đổi số", "Kỳ báo cáo", "Chưa có số liệu", "Công việc của tôi")


def _kwargs(name, objs):
    return {
        "pk": objs[name.split("_")[0]] if name.split("_")[0] in objs else objs["resolution"],
        "resolution_pk": objs["resolution"],
        "pillar_pk": objs["pillar"],
        "target_pk": objs["target"],
        "period_pk": objs["period"],
        "indicator_pk": objs["indicator"],
        "unit_pk": objs["unit"],
        "fmt": "xlsx",
        "name": "approve",
        "key": "signing.signed_share",
        "year": 2025,
    }


def test_walk(client, settings, save, period, officer_a, officer_b, office, units, make_persona):
    from decimal import Decimal

    from civildesk.monitoring import dti_frameworks
    from civildesk.org.models import Role

    report = REPORTS.apply(save(officer_a, units["a"], "I1", 40), "submit", actor=officer_a)
    dti_input_set(
        actor=office,
        framework=dti_frameworks.LOCAL,
        year=2025,
        unit=units["a"],
        values={"1.1": Decimal(1)},
        evidence="12/KH-UBND",
    )
    resolution = period.resolution
    target = resolution.pillars.first().targets.first()
    objs = {
        "resolution": resolution.pk,
        "pillar": target.pillar.pk,
        "target": target.pk,
        "period": period.pk,
        "report": report.pk,
        "evidence": report.pk,
        "indicator": target.indicators.first().pk,
        "unit": units["a"].pk,
        "measured": 0,
        "scorecard": units["a"].pk,
        "dti": units["a"].pk,
        "indicator_edit": 0,
    }
    personas = [officer_a, officer_b, office, make_persona("leader.p", units["province"], Role.LEADER)]
    resolver = get_resolver()
    patterns = [p for p in resolver.url_patterns if getattr(p, "namespace", "") == "monitoring"][0].url_patterns
    for user in personas:
        client.force_login(user)
        for language in ("en", "bn"):
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            for p in patterns:
                wanted = set(p.pattern.converters)
                kw = {k: v for k, v in _kwargs(p.name, objs).items() if k in wanted}
                from django.urls import reverse

                url = reverse(f"monitoring:{p.name}", kwargs=kw)
                response = client.get(url)
                close_response(response)
                assert response.status_code in (200, 302, 403, 404, 405), (user, url, response.status_code)
                if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                    body = response.content.decode()
                    for text in VIETNAMESE_UI:
                        assert text not in body, (user.username, language, url, text)
