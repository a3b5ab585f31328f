from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from civildesk.monitoring.models import Indicator, Pillar, Resolution, Source, Target
from civildesk.monitoring.services.periods import period_open
from civildesk.monitoring.services.reports import report_save
from civildesk.org.models import Role


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path / "files", "base_url": None}},
    }


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the source language); pages are asked for in English too."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def client(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def office(units, make_persona):
    """The DT office: a DT officer of the province."""
    return make_persona("dt.office", units["province"], Role.DT_OFFICER)


@pytest.fixture
def officer_a(units, make_persona):
    return make_persona("dt.a", units["a"], Role.DT_OFFICER)


@pytest.fixture
def officer_b(units, make_persona):
    return make_persona("dt.b", units["b"], Role.DT_OFFICER)


@pytest.fixture
def resolution(units):
    r = Resolution.objects.create(
        unit=units["province"], code="NQ49", number="49-NQ/TU", title="Chuyển đổi số", start_year=2020, target_year=2025
    )
    p1 = Pillar.objects.create(resolution=r, code="CQS", name="Chính quyền số", order=1)
    p2 = Pillar.objects.create(resolution=r, code="CKS", name="Cửa khẩu số", order=2)
    t1 = Target.objects.create(
        pillar=p1,
        code="1",
        title="Hồ sơ trực tuyến",
        unit_of_measure="%",
        baseline=0,
        target_value=100,
        responsible_unit=units["a"],
        order=1,
    )
    t1.contributing_units.set([units["b"]])
    t2 = Target.objects.create(
        pillar=p1,
        code="2",
        title="Thời gian chờ",
        unit_of_measure="phút",
        baseline=60,
        target_value=30,
        direction="lower",
        responsible_unit=units["b"],
        order=2,
    )
    t3 = Target.objects.create(
        pillar=p2,
        code="3",
        title="Văn bản ký số",
        unit_of_measure="%",
        baseline=0,
        target_value=80,
        responsible_unit=units["a"],
        order=1,
    )
    Indicator.objects.create(target=t1, code="I1", name="Tỷ lệ hồ sơ trực tuyến", unit_of_measure="%")
    Indicator.objects.create(target=t2, code="I2", name="Thời gian chờ", unit_of_measure="phút")
    Indicator.objects.create(
        target=t3,
        code="I3",
        name="Văn bản ký số",
        unit_of_measure="%",
        source=Source.MEASURED,
        measure_key="signing.signed_share",
    )
    return r


@pytest.fixture
def period(resolution, office):
    return period_open(actor=office, resolution=resolution, year=2025, due_on=date(2026, 1, 31))


@pytest.fixture
def save(period):
    def _save(actor, unit, code, value, **kw):
        kw.setdefault("evidence_kind", "link")
        kw.setdefault("evidence_url", "https://example.gov.vn/bao-cao")
        return report_save(
            actor=actor,
            period=kw.pop("period", period),
            unit=unit,
            indicator=Indicator.objects.get(code=code),
            value=Decimal(str(value)),
            **kw,
        )

    return _save
