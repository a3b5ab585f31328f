"""Lexical retrieval on real ALQAC questions: typing without diacritics costs little."""

import pytest

from civildesk.retrieval import Index
from civildesk.retrieval.corpus import load_corpus, load_questions
from civildesk.retrieval.evaluate import metrics
from civildesk.text import fold


@pytest.fixture(scope="module")
def alqac(data_dir):
    index = Index(None, dense=False)
    index.upsert(load_corpus(data_dir / "alqac24-laws.json"))
    return index, load_questions(data_dir / "alqac25-dev.json")[::8][:40]


def test_questions_without_diacritics_lose_at_most_3_points_of_recall(alqac):
    index, questions = alqac
    gold = [q.relevant for q in questions]
    orig = metrics([[h.id for h in index.search(q.text)] for q in questions], gold)
    folded = metrics([[h.id for h in index.search(fold(q.text))] for q in questions], gold)
    assert orig["recall@10"] >= 0.85
    assert folded["recall@10"] >= orig["recall@10"] - 0.03
