"""The labelled pairs and the similarity scorers."""

from __future__ import annotations

from civildesk.ideas import similar
from civildesk.text import has_diacritics


def test_the_labelled_set_is_large_split_and_partly_without_diacritics():
    rows = similar.load_pairs()
    assert len(rows) >= 200
    assert {r[0] for r in rows} == {"dev", "test"}
    assert {r[1] for r in rows} == {0, 1}
    assert sum(not has_diacritics(r[2]) or not has_diacritics(r[3]) for r in rows) >= 50
    dev = {t for s, _y, a, b in rows if s == "dev" for t in (a, b)}
    test = {t for s, _y, a, b in rows if s == "test" for t in (a, b)}
    assert not dev & test  # the measuring half shares no text with the tuning half


def test_lexical_matching_ignores_accents():
    scorer = similar.Scorer(dense=False)
    same, other = scorer.against(
        "giảm giấy tờ bằng hồ sơ điện tử",
        ["giam giay to bang ho so dien tu", "trồng thêm cây xanh trong khuôn viên"],
    )
    assert same >= scorer.threshold > other


def test_clusters_join_through_pairs():
    scorer = similar.Scorer(dense=False)
    items = [
        (1, "Gửi tài liệu họp điện tử, không in giấy"),
        (2, "gui tai lieu hop dien tu, khong in giay"),
        (3, "Trồng thêm cây xanh trong khuôn viên trụ sở"),
    ]
    assert similar.clusters(scorer, items) == [[1, 2]]
