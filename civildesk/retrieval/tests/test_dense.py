"""Dense retrieval with a handful of short passages and an empty embedding cache."""

import pytest

from civildesk.retrieval import Index, Passage
from civildesk.retrieval.embed import Embedder

PASSAGES = [
    Passage(
        id="a",
        doc_id="d",
        title="Luật Du lịch — Điều 39. Hợp đồng lữ hành",
        text="Hợp đồng lữ hành phải được lập thành văn bản.",
    ),
    Passage(
        id="b",
        doc_id="d",
        title="Luật Thanh niên — Điều 1. Thanh niên",
        text="Thanh niên là công dân Việt Nam từ đủ 16 tuổi đến 30 tuổi.",
    ),
    Passage(
        id="c",
        doc_id="d",
        title="Luật Cư trú — Điều 2. Nơi thường trú",
        text="Nơi thường trú là nơi công dân sinh sống ổn định, lâu dài.",
    ),
]


@pytest.fixture
def dense_index(tmp_path) -> Index:
    index = Index(tmp_path / "idx", dense=True, embedder=Embedder(tmp_path / "cache", threads=1))
    index.upsert(PASSAGES)
    return index


def test_english_and_bengali_questions_use_dense_vectors(dense_index):
    hit = dense_index.search("How old is a young person under the Youth Law?", k=1, explain=True)[0]
    assert hit.id == "b"
    assert hit.explain["route"] == "xl"
    assert hit.explain["dense_similarity"] > 0.5
    assert dense_index.search("ভ্রমণ চুক্তি কি লিখিত হতে হবে?", k=1)[0].id == "a"


def test_embeddings_are_cached_by_content(tmp_path, dense_index):
    assert len(list((tmp_path / "cache").rglob("*.npy"))) == 3


def test_dense_index_round_trip(tmp_path, dense_index):
    dense_index.save()
    again = Index(tmp_path / "idx", dense=True, embedder=dense_index.embedder)
    for q in ["hợp đồng lữ hành", "What is a permanent residence?"]:
        a = [(h.id, round(h.score, 6)) for h in dense_index.search(q)]
        b = [(h.id, round(h.score, 6)) for h in again.search(q)]
        assert a == b
