"""Opinion groups, representative ideas and consensus on vote matrices whose answer is known."""

from __future__ import annotations

import numpy as np
import pytest

from civildesk.ideas import opinions
from civildesk.ideas.ranking import wilson_lower_bound

N = np.nan


def _camps(a: int = 6, b: int = 5) -> np.ndarray:
    """Camp A agrees with ideas 0-4 and rejects 5-9, camp B the reverse; everyone agrees with 10 and 11."""
    return np.array([[1] * 5 + [-1] * 5 + [1, 1]] * a + [[-1] * 5 + [1] * 5 + [1, 1]] * b, float)


def test_wilson_five_of_five_ranks_below_ninety_of_a_hundred():
    assert wilson_lower_bound(5, 0) < wilson_lower_bound(90, 10)
    assert wilson_lower_bound(0, 0) == 0.0
    assert round(wilson_lower_bound(90, 10), 3) == 0.826


def test_missing_votes_take_the_column_mean():
    filled = opinions.fill_missing(np.array([[1, N], [-1, 1], [1, N], [N, N]]))
    assert filled[:, 0].tolist() == [1, -1, 1, pytest.approx(1 / 3)]
    assert filled[:, 1].tolist() == [1, 1, 1, 1]


def test_two_camps_are_found_with_their_representative_ideas_and_consensus():
    result = opinions.analyse(_camps(), [f"i{j}" for j in range(12)])
    assert result.labels.tolist() == [0] * 6 + [1] * 5
    assert len(result.groups) == 2
    rep_a = {(s.idea, s.kind) for s in result.groups[0].representative}
    rep_b = {(s.idea, s.kind) for s in result.groups[1].representative}
    assert rep_a and rep_a <= {(f"i{j}", "agree") for j in range(5)} | {(f"i{j}", "disagree") for j in range(5, 10)}
    assert rep_b and rep_b <= {(f"i{j}", "disagree") for j in range(5)} | {(f"i{j}", "agree") for j in range(5, 10)}
    s = result.groups[0].representative[0]
    assert s.p == pytest.approx(7 / 8) and s.p_rest == pytest.approx(1 / 7)  # (1+6)/(2+6) against (1+0)/(2+5)
    assert result.consensus == ["i10", "i11"]
    assert result.group_aware["i10"] == pytest.approx((7 / 8) * (6 / 7))
    assert result.group_aware["i0"] == pytest.approx((7 / 8) * (1 / 7))


def test_clustering_is_deterministic():
    rng = np.random.default_rng(5)
    m = rng.choice([1.0, -1.0, 0.0, np.nan], size=(40, 12), p=[0.4, 0.3, 0.1, 0.2])
    m[:, :8] = np.where(np.isnan(m[:, :8]), 1.0, m[:, :8])  # everyone has at least 8 votes
    first = opinions.analyse(m)
    again = opinions.analyse(m.copy())
    assert first.labels.tolist() == again.labels.tolist()
    assert np.allclose(first.points, again.points)


def test_participants_with_fewer_than_seven_votes_are_not_clustered():
    m = _camps()
    m = np.vstack([m, [[1, 1, 1, 1, 1, 1] + [N] * 6]])  # six votes only
    result = opinions.analyse(m)
    assert result.labels[-1] == -1
    assert result.clustered == 11


def test_no_group_of_one():
    # Four alike and one who disagrees with everything: two groups would leave one alone.
    m = np.array([[1] * 8] * 4 + [[-1] * 8], float)
    result = opinions.analyse(m)
    assert all(len(g.members) >= 2 for g in result.groups)


def test_silhouette_picks_three_camps():
    base = [
        [1, 1, 1, -1, -1, -1, -1, -1, -1, 1],
        [-1, -1, -1, 1, 1, 1, -1, -1, -1, 1],
        [-1, -1, -1, -1, -1, -1, 1, 1, 1, 1],
    ]
    m = np.array([row for row in base for _ in range(4)], float)
    result = opinions.analyse(m)
    assert len(result.groups) == 3
    assert sorted(len(g.members) for g in result.groups) == [4, 4, 4]
    assert result.consensus == [9]


def test_points_are_scaled_by_the_share_of_ideas_voted_on():
    m = np.array([[1, 1, -1, -1], [-1, -1, 1, 1], [1, N, N, N], [-1, -1, 1, 1]], float)
    filled = opinions.pca2(opinions.fill_missing(m))
    scaled = opinions.scaled_points(m)
    assert scaled[2] == pytest.approx(filled[2] * 2)  # √(4 ideas / 1 vote)
    assert scaled[0] == pytest.approx(filled[0])


def test_too_few_voters_no_groups():
    result = opinions.analyse(np.array([[1] * 8, [-1] * 8, [1] * 8], float))
    assert result.groups == [] and result.consensus == []
