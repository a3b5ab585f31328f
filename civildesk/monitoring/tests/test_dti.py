"""DTI frameworks and scoring (plain Python)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from civildesk.monitoring import dti, dti_frameworks


def _c(rule, **kw):
    return dti.Component(code="x", name={"en": "x"}, max=40, rule=rule, **kw)


def test_full_half_zero():
    c = _c("full_half_zero")
    assert (c.score(1), c.score(0.5), c.score(0), c.score(None)) == (40, 20, 0, 0)


def test_ratio_to_reference_clipped():
    c = _c("ratio", reference=20)
    assert c.score(10) == 20 and c.score(40) == 40 and c.score(-5) == 0


def test_thresholds_higher_and_lower():
    up = _c("thresholds", steps=((50, 0.5), (80, 1.0)))
    assert (up.score(40), up.score(60), up.score(90)) == (0, 20, 40)
    down = _c("thresholds", steps=((120, 0.5), (60, 1.0)), lower_is_better=True)
    assert (down.score(150), down.score(100), down.score(45)) == (0, 20, 40)


def test_yes_no_and_entered():
    assert _c("yes_no").score(1) == 40 and _c("yes_no").score(0) == 0
    e = _c("entered")
    assert (e.score(33.5), e.score(99), e.score(-1)) == (33.5, 40, 0)


def test_shipped_frameworks_add_up_to_1000():
    for fw in dti_frameworks.FRAMEWORKS.values():
        fw.check()
        assert sum(i.max for g in fw.groups for i in g.indices) == 1000
    p22 = dti_frameworks.get("dti-province@2022")
    maxima = [i.max for g in p22.groups for i in g.indices]
    assert maxima == [100, 100, 100, 100, 100, 200, 150, 150]
    assert p22.unscored  # smart city shown, not scored
    assert len([i for g in dti_frameworks.get("dti-province@2025").groups for i in g.indices]) == 8


def test_a_framework_whose_points_do_not_add_up_is_refused():
    data = {
        "code": "bad",
        "version": "1",
        "name": {"en": "bad"},
        "scale": 100,
        "groups": [
            {
                "code": "A",
                "name": {"en": "A"},
                "indices": [
                    {
                        "code": "1",
                        "name": {"en": "1"},
                        "max": 100,
                        "components": [{"code": "1.1", "name": {"en": "c"}, "max": 90, "rule": "yes_no"}],
                    }
                ],
            }
        ],
    }
    with pytest.raises(ValueError):
        dti.framework_from_dict(data)


def test_published_index_has_four_decimals():
    fw = dti_frameworks.LOCAL
    card = dti.score(fw, "u", {"1.1": 1, "1.2": 50})
    assert card.total == pytest.approx(75 + 37.5)
    assert card.index == Decimal("0.1125")


def test_ranking_with_ties_and_year_on_year():
    fw = dti_frameworks.LOCAL
    a = dti.score(fw, "A", {"1.1": 1})
    b = dti.score(fw, "B", {"1.1": 1})
    c = dti.score(fw, "C", {"1.1": 1, "2.1": 100})
    d = dti.score(fw, "D", {})
    ranked = dti.rank([d, a, c, b])
    assert [(x.subject, x.rank) for x in ranked] == [("C", 1), ("A", 2), ("B", 2), ("D", 4)]
    dti.year_on_year(ranked, {"A": dti.score(fw, "A", {})})
    assert ranked[1].change == pytest.approx(0.075)
    assert ranked[0].change is None


def test_headroom_lists_points_still_available_most_first():
    fw = dti_frameworks.LOCAL
    card = dti.score(fw, "u", {"4.4": 100, "1.1": 1})
    room = dti.headroom(fw, card, limit=3)
    assert room[0].available == 100  # 2.1, 2.2, 4.1, 5.1 have 100 left; 4.4 is full
    assert all(h.component.code not in ("4.4", "1.1") for h in dti.headroom(fw, card, limit=50))
