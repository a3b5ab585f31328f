import json

import pytest

from civildesk.retrieval import Hit, Index, Passage


@pytest.fixture
def idx(small_passages) -> Index:
    index = Index(None, dense=False)
    index.upsert(small_passages)
    return index


def ids(hits: list[Hit]) -> list[str]:
    return [h.id for h in hits]


def test_upsert_adds_passages(idx):
    assert len(idx) == 4
    assert idx.ids() == ["vc:1", "vc:2", "ct:1", "nd:1"]


def test_search_ranks_matching_passage_first(idx):
    hits = idx.search("nơi thường trú là gì", k=3)
    assert hits[0].id == "ct:1"
    assert hits[0].rank == 1
    assert hits[0].doc_id == "ct"


def test_upsert_replaces_by_id(idx):
    idx.upsert(
        [
            Passage(
                id="ct:1",
                doc_id="ct",
                title="Luật Cư trú — Điều 1. Tạm trú",
                text="Tạm trú là việc công dân sinh sống ngoài nơi thường trú.",
            )
        ]
    )
    assert len(idx) == 4
    assert idx.get("ct:1").title.endswith("Tạm trú")
    assert "ổn định" not in idx.get("ct:1").text
    # Before the upsert, "ổn định lâu dài" found ct:1 first; its old words are no longer indexed.
    assert "ct:1" not in [hit.id for hit in idx.search("ổn định lâu dài")]


def test_upsert_skips_unchanged_passages(idx, small_passages):
    calls = []
    idx.upsert(small_passages, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 0)]


def test_remove_and_remove_doc(idx):
    idx.remove(["vc:1", "unknown"])
    assert "vc:1" not in idx.ids()
    idx.remove_doc("ct")
    assert idx.ids() == ["vc:2", "nd:1"]
    assert "ct:1" not in ids(idx.search("nơi thường trú"))


def test_access_filter_never_returns_other_units(idx):
    hits = idx.search("văn bản hành chính thể thức", access={"public", "unit:2"}, k=10)
    assert "nd:1" not in ids(hits)
    assert idx.search("văn bản hành chính thể thức", access={"unit:1"}, k=10)[0].id == "nd:1"
    assert idx.search("văn bản hành chính", access={"unit:9"}) == []


def test_where_filter_is_applied_before_top_k():
    strong = [
        Passage(
            id=f"nd:{i}",
            doc_id="nd",
            title=f"Nghị định — Điều {i}. Thời hạn",
            text="Thời hạn giải quyết khiếu nại lần đầu là 30 ngày kể từ ngày thụ lý khiếu nại.",
            meta={"doc_type": "nghi_dinh"},
        )
        for i in range(50)
    ]
    weak = Passage(
        id="luat:1",
        doc_id="luat",
        title="Luật — Điều 1. Khiếu nại",
        text="Khiếu nại được giải quyết theo quy định của luật.",
        meta={"doc_type": "luat"},
    )
    index = Index(None, dense=False)
    index.upsert([*strong, weak])
    query = "thời hạn giải quyết khiếu nại lần đầu"
    assert "luat:1" not in ids(index.search(query, k=10))
    assert ids(index.search(query, k=1, where={"doc_type": {"luat"}})) == ["luat:1"]
    assert index.search(query, where={"doc_type": {"thong_tu"}}) == []


def test_diacritics_insensitive_search(idx):
    hits = idx.search("vien chuc la cong dan", k=2)
    assert hits[0].id == "vc:2"
    assert "<mark>Viên</mark> <mark>chức</mark>" in hits[0].snippet


def test_snippet_escapes_html():
    index = Index(None, dense=False)
    index.upsert([Passage(id="x", doc_id="d", title="T — Điều 1", text="Mẫu <script>alert(1)</script> văn bản")])
    snip = index.search("văn bản", k=1)[0].snippet
    assert "<script>" not in snip
    assert "&lt;script&gt;" in snip
    assert "<mark>văn</mark> <mark>bản</mark>" in snip


def test_explain_output(idx):
    hit = idx.search("theo Luật Cư trú, nơi thường trú", k=1, explain=True)[0]
    assert hit.id == "ct:1"
    ex = hit.explain
    assert ex["language"] == "vi"
    assert "thường trú" in ex["matched_terms"]
    assert ex["bm25"]["u"] > 0
    assert ex["law_mention"] == "luat cu tru"
    assert ex["features"]["law"] == 1.0
    assert idx.search("nơi thường trú", k=1)[0].explain is None


def test_long_passages_are_scored_by_their_best_window():
    filler = " ".join(["quy định chung về tổ chức"] * 200)
    long = Passage(
        id="long",
        doc_id="d",
        title="Luật — Điều 9. Tổng hợp",
        text=f"{filler} đặc biệt: chứng chỉ hành nghề kiến trúc sư được cấp lại. {filler}",
    )
    index = Index(None, dense=False)
    index.upsert([long, Passage(id="other", doc_id="d", title="Luật — Điều 2", text="Kiến trúc là nghệ thuật.")])
    hit = index.search("chứng chỉ hành nghề kiến trúc sư", k=1)[0]
    assert hit.id == "long"
    assert "<mark>chứng</mark>" in hit.snippet


def test_persistence_round_trip(tmp_path, small_passages):
    a = Index(tmp_path / "idx", dense=False)
    a.upsert(small_passages)
    a.remove(["vc:1"])
    a.save()
    b = Index(tmp_path / "idx", dense=False)
    assert b.ids() == a.ids()
    for q in ["viên chức là ai", "nơi thường trú", "van ban hanh chinh"]:
        ha, hb = a.search(q, explain=True), b.search(q, explain=True)
        assert [(h.id, h.score, h.snippet) for h in ha] == [(h.id, h.score, h.snippet) for h in hb]
    # incremental after reload, then a second save replaces the generation
    b.upsert(
        [
            Passage(
                id="new", doc_id="x", title="Luật Thanh niên — Điều 1", text="Thanh niên là công dân từ 16 đến 30 tuổi."
            )
        ]
    )
    b.save()
    c = Index(tmp_path / "idx", dense=False)
    assert c.search("thanh niên bao nhiêu tuổi", k=1)[0].id == "new"
    # the generation before the current one is kept (a reader may be opening it), no older one
    c.save()
    assert {p.name for p in (tmp_path / "idx").glob("gen-*")} == {b.generation, c.generation}
    manifest = json.loads((tmp_path / "idx" / str(c.generation) / "manifest.json").read_text())
    assert manifest["passages"] == 4


def test_save_requires_a_path(idx):
    with pytest.raises(ValueError):
        idx.save()
