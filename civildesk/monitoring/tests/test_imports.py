"""Excel import of a period's values: row-level errors, all or nothing."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from civildesk.monitoring.models import Report
from civildesk.monitoring.services import imports

pytestmark = pytest.mark.django_db


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(imports.HEADER)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_valid_rows_are_imported_as_versions(period, officer_b):
    data = _xlsx(
        [
            ["I1", "B", 55, "https://example.gov.vn/a", None, None, "ghi chú"],
            ["I2", "B", "42,5", None, "12/BC-SXD", "15/01/2026", None],
        ]
    )
    assert imports.import_values(actor=officer_b, period=period, data=data) == 2
    i2 = Report.objects.get(indicator__code="I2")
    assert float(i2.value) == 42.5 and i2.evidence_kind == "document" and i2.evidence_number == "12/BC-SXD"
    assert i2.versions.count() == 1


def test_any_bad_row_imports_nothing_and_names_each_row(period, officer_b):
    data = _xlsx(
        [
            ["I1", "B", 55, "https://example.gov.vn/a"],
            ["I9", "B", 1, "https://example.gov.vn/a"],  # row 3: unknown indicator
            ["I2", "B", "abc", "https://example.gov.vn/a"],  # row 4: not a number
            ["I2", "ZZ", 3, "https://example.gov.vn/a"],  # row 5: unknown unit
            ["I2", "B", 3, None, "12/BC", "31/02/2026"],  # row 6: bad date
        ]
    )
    with pytest.raises(imports.ImportRefused) as exc:
        imports.import_values(actor=officer_b, period=period, data=data)
    assert [n for n, _ in exc.value.errors] == [3, 4, 5, 6]
    assert not Report.objects.exists()


def test_rules_of_the_page_hold_per_row(period, officer_b):
    data = _xlsx(
        [
            ["I2", "B", 40, "https://example.gov.vn/a"],
            ["I1", "A", 40, "https://example.gov.vn/a"],
            ["I3", "B", 40, "https://example.gov.vn/a"],
            ["I2", "B", 41, "https://example.gov.vn/a"],  # row 5: twice (found before anything is saved)
        ]
    )
    with pytest.raises(imports.ImportRefused) as exc:
        imports.import_values(actor=officer_b, period=period, data=data)
    assert [n for n, _ in exc.value.errors] == [5]
    data = _xlsx(
        [
            ["I2", "B", 40, "https://example.gov.vn/a"],
            ["I1", "A", 40, "https://example.gov.vn/a"],  # row 3: another unit
            ["I3", "B", 40, "https://example.gov.vn/a"],  # row 4: measured
        ]
    )
    with pytest.raises(imports.ImportRefused) as exc:
        imports.import_values(actor=officer_b, period=period, data=data)
    assert [n for n, _ in exc.value.errors] == [3, 4]
    assert not Report.objects.exists()


def test_not_a_workbook(period, officer_b):
    with pytest.raises(imports.ImportRefused) as exc:
        imports.import_values(actor=officer_b, period=period, data=b"not excel")
    assert exc.value.errors[0][0] == 0


def test_the_template_lists_what_the_unit_owes(period, officer_b, units):
    wb = load_workbook(io.BytesIO(imports.template(period, unit_ids={units["b"].pk})))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0] == tuple(imports.HEADER)
    assert [(r[0], r[1]) for r in rows[1:]] == [("I1", "B"), ("I2", "B")]
