"""Lexical first, vectors later: a passage is searchable at once and gains its dense signal when attached."""

import numpy as np

from civildesk.retrieval import Index
from civildesk.retrieval.embed import Embedder
from civildesk.retrieval.tests.test_dense import PASSAGES


def test_passages_are_searchable_before_their_vectors_arrive(tmp_path):
    embedder = Embedder(tmp_path / "cache", threads=1)
    index = Index(tmp_path / "idx", dense=True, embedder=embedder)
    index.upsert(PASSAGES[:2])  # embedded now
    index.upsert(PASSAGES[2:], embed=False)  # lexical now, vectors later

    assert [pid for pid, _h, _w in index.pending()] == ["c"]
    assert index.search("nơi thường trú", k=1)[0].id == "c"  # lexically, at once
    # The dense signal still works for the passages that have vectors.
    assert index.search("How old is a young person under the Youth Law?", k=1)[0].id == "b"

    index.save()
    again = Index(tmp_path / "idx", dense=True, embedder=embedder)
    pending = again.pending()
    assert [pid for pid, _h, _w in pending] == ["c"]  # the wait survives a save and a load

    pid, content_hash, wins = pending[0]
    assert not again.attach(pid, "another hash", embedder.passages(wins))  # changed meanwhile: refused
    assert again.attach(pid, content_hash, embedder.passages(wins))
    assert again.pending() == []
    hit = again.search("What is a permanent residence?", k=1, explain=True)[0]
    assert hit.id == "c" and hit.explain["dense_similarity"] > 0.5


def test_an_index_with_every_vector_pending_is_lexical(tmp_path):
    index = Index(None, dense=True, embedder=Embedder(tmp_path / "cache", threads=1))
    index.upsert(PASSAGES, embed=False)

    hit = index.search("hợp đồng lữ hành", k=1, explain=True)[0]

    assert hit.id == "a" and hit.explain["dense_similarity"] is None
    assert not list((tmp_path / "cache").rglob("*.npy"))  # nothing was embedded


def test_attach_refuses_the_wrong_number_of_windows(tmp_path):
    index = Index(None, dense=True, embedder=Embedder(tmp_path / "cache", threads=1))
    index.upsert(PASSAGES[:1], embed=False)
    pid, content_hash, _wins = index.pending()[0]

    assert not index.attach(pid, content_hash, np.zeros((3, 384), np.float32))
