import json

import pytest

from civildesk.retrieval.evaluate import main, metrics


def test_metrics_binary_relevance():
    m = metrics([["a", "b", "c"], ["x", "y"]], [frozenset({"b"}), frozenset({"z"})])
    assert m["recall@1"] == 0.0
    assert m["recall@5"] == 0.5
    assert m["mrr@10"] == pytest.approx(0.25)


def test_cli_json_output(tmp_path, capsys):
    corpus = [
        {
            "id": "Luật Thanh niên",
            "articles": [
                {"id": "1", "text": "Thanh niên\n\nThanh niên là công dân Việt Nam từ đủ 16 tuổi đến 30 tuổi."},
                {"id": "2", "text": "Quyền\n\nThanh niên có quyền học tập và lao động."},
            ],
        }
    ]
    questions = [
        {
            "text": "Thanh niên là người bao nhiêu tuổi?",
            "lang": "vi",
            "relevant_articles": [{"law_id": "Luật Thanh niên", "article_id": "1"}],
        },
        {
            "statement": "thanh nien co quyen hoc tap",
            "lang": "vi-nodiac",
            "legal_passages": [{"law_id": "Luật Thanh niên", "article_id": "2"}],
        },
    ]
    (tmp_path / "c.json").write_text(json.dumps(corpus, ensure_ascii=False))
    (tmp_path / "q.json").write_text(json.dumps(questions, ensure_ascii=False))
    assert (
        main(["--corpus", str(tmp_path / "c.json"), "--questions", str(tmp_path / "q.json"), "--json", "--lexical"])
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    for key in [
        "recall@1",
        "recall@5",
        "recall@10",
        "mrr@10",
        "ndcg@10",
        "latency_ms_p50",
        "latency_ms_p95",
        "index_seconds",
        "n",
        "by_lang",
    ]:
        assert key in out
    assert out["n"] == 2
    assert out["recall@1"] == 1.0
    assert set(out["by_lang"]) == {"vi", "vi-nodiac"}
