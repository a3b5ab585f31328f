"""The roll-up arithmetic (plain Python)."""

from __future__ import annotations

import pytest

from civildesk.monitoring import scoring as s


def test_progress_higher_is_better_and_clipped():
    assert s.progress(20, 80, 50) == pytest.approx(50.0)
    assert s.progress(20, 80, 95) == 100.0
    assert s.progress(20, 80, 10) == 0.0


def test_progress_lower_is_better():
    assert s.progress(60, 30, 45, s.LOWER) == pytest.approx(50.0)
    assert s.progress(60, 30, 20, s.LOWER) == 100.0
    assert s.progress(60, 30, 70, s.LOWER) == 0.0


def test_progress_without_value_is_none_not_zero():
    assert s.progress(0, 100, None) is None


def test_progress_refuses_target_on_the_wrong_side():
    with pytest.raises(ValueError):
        s.progress(60, 30, 40, s.HIGHER)
    with pytest.raises(ValueError):
        s.progress(10, 10, 10)


def test_weighted_mean_without_weights_is_plain_mean_of_data():
    assert s.weighted_mean([(50, None), (100, None), (None, None)]) == pytest.approx(75.0)


def test_weighted_mean_all_weights_one_equals_plain_mean():
    assert s.weighted_mean([(50, 1), (100, 1), (None, 1)]) == pytest.approx(75.0)


def test_weighted_mean_mixed_weights():
    # weights 3 and (missing → 1): (90*3 + 50*1) / 4
    assert s.weighted_mean([(90, 3), (50, None), (None, 5)]) == pytest.approx(80.0)


def test_weighted_mean_no_data_is_none():
    assert s.weighted_mean([(None, 1), (None, None)]) is None
    assert s.weighted_mean([]) is None


@pytest.mark.parametrize(
    ("pct", "year", "expected"),
    [
        (None, 2023, s.NO_DATA),
        (100.0, 2023, s.ACHIEVED),
        (0.0, 2023, s.NOT_IMPLEMENTED),
        (0.0, 2025, s.NOT_IMPLEMENTED),
        (70.0, 2025, s.NOT_ACHIEVED),
        (55.0, 2023, s.ON_TRACK),  # expected 60 %, within the 10-point tolerance
        (40.0, 2023, s.AT_RISK),
    ],
)
def test_status(pct, year, expected):
    assert s.status(pct, year=year, start_year=2020, target_year=2025) == expected


def test_pillar_keeps_no_data_apart():
    targets = [
        s.target_result(
            "a", baseline=0, target=100, value=100, direction=s.HIGHER, year=2025, start_year=2020, target_year=2025
        ),
        s.target_result(
            "b", baseline=0, target=100, value=None, direction=s.HIGHER, year=2025, start_year=2020, target_year=2025
        ),
    ]
    p = s.pillar_result("p", targets)
    assert p.progress == 100.0  # the target without data is not counted as zero
    assert (p.with_data, p.without_data) == (1, 1)
    assert p.by_status[s.ACHIEVED] == 1 and p.by_status[s.NO_DATA] == 1
    assert s.headline(targets) == (1, 2)  # nor as achieved


def test_aggregate():
    assert s.aggregate([10, 20], "sum") == 30
    assert s.aggregate([10, 20], "mean") == 15
    assert s.aggregate([], "mean") is None
