"""DTI values: entered by the DT office only, measured components from the records, districts only as history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from civildesk.monitoring import dti_frameworks, measured
from civildesk.monitoring.models import DtiInput
from civildesk.monitoring.services import ranking

pytestmark = pytest.mark.django_db
LOCAL = dti_frameworks.LOCAL


def test_only_the_dt_office_enters_values_and_never_a_measured_one(office, officer_a, units):
    with pytest.raises(PermissionDenied):
        ranking.dti_input_set(actor=officer_a, framework=LOCAL, year=2025, unit=units["a"], values={"1.1": Decimal(1)})
    with pytest.raises(ValidationError, match="measured"):
        ranking.dti_input_set(actor=office, framework=LOCAL, year=2025, unit=units["a"], values={"4.1": Decimal(90)})
    with pytest.raises(ValidationError):
        ranking.dti_input_set(actor=office, framework=LOCAL, year=2025, unit=units["a"], values={"5.1": Decimal(101)})
    ranking.dti_input_set(actor=office, framework=LOCAL, year=2025, unit=units["a"], values={"5.1": Decimal(80)})
    assert ranking.scorecard(units["a"], 2025).total == 80
    with pytest.raises(ValidationError, match="evidence"):  # 1.1 (the unit's DT plan) needs its document
        ranking.dti_input_set(actor=office, framework=LOCAL, year=2025, unit=units["a"], values={"1.1": Decimal(1)})


def test_measured_components_come_from_the_records(office, units, monkeypatch):
    def fake(paths, start, end, with_records):
        return measured.Measurement(numerator=1, denominator=2 if paths == [units["a"].path] else 0)

    monkeypatch.setitem(measured.REGISTRY, "signing.signed_share", measured.Measure("signing.signed_share", "x", fake))
    ranking.dti_refresh_measured(actor=office, framework=LOCAL, year=2025, units=[units["a"], units["b"]])
    rows = dict(DtiInput.objects.filter(component="4.1").values_list("unit__code", "value"))
    assert rows == {"A": Decimal("50.0000")}  # B has nothing to measure
    assert ranking.scorecard(units["a"], 2025).components["4.1"] == 50.0


def test_districts_are_ranked_only_before_2025(office, units):
    from civildesk.org.models import Unit, UnitKind

    district = Unit.objects.create(code="D", name="Huyện Cũ", kind=UnitKind.DISTRICT, parent=units["province"])
    district.path, district.depth = f"{units['province'].path}{district.pk}/", 1
    district.save(update_fields=["path", "depth"])
    for year in (2024, 2025):
        for unit in (district, units["a"], units["b"]):
            ranking.dti_input_set(
                actor=office, framework=LOCAL, year=year, unit=unit, values={"1.1": Decimal(1)}, evidence="12/KH-UBND"
            )
    before = {g.key: [c.subject.code for c in g.cards] for g in ranking.ranking(2024)}
    assert before == {"departments": ["A", "B"], "communes": [], "districts": ["D"]}
    after = {g.key: [(c.subject.code, c.rank, c.change) for c in g.cards] for g in ranking.ranking(2025)}
    assert after == {"departments": [("A", 1, 0.0), ("B", 1, 0.0)], "communes": []}
