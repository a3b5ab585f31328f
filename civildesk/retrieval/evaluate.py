"""Evaluate the retrieval engine on a corpus and a question set.

    python -m civildesk.retrieval.evaluate --corpus CORPUS.json --questions QUESTIONS.json [--json]

CORPUS: ``[{"id": law_id, "articles": [{"id": article_id, "text": "..."}]}]``.
QUESTIONS: objects with ``text`` (or ``statement``), ``relevant_articles`` (or
``legal_passages``) as lists of ``{"law_id", "article_id"}``, optional ``lang``.

The index is built from scratch (embeddings come from the on-disk cache when
present). Prints recall@1/5/10, MRR@10, nDCG@10, query latency p50/p95,
index build seconds and peak memory, overall and per ``lang``.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from civildesk.retrieval.corpus import Question, load_corpus, load_questions
from civildesk.retrieval.index import Index
from civildesk.text import fold

__all__ = ["metrics", "evaluate", "main"]


def _peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def metrics(ranked: Sequence[Sequence[str]], gold: Sequence[frozenset[str]]) -> dict[str, float]:
    """recall@1/5/10, MRR@10 and nDCG@10 (binary relevance) averaged over questions."""
    r1 = r5 = r10 = mrr = ndcg = 0.0
    for ids, rel in zip(ranked, gold, strict=True):
        if not rel:
            continue
        top = list(ids[:10])
        r1 += len(rel & set(top[:1])) / len(rel)
        r5 += len(rel & set(top[:5])) / len(rel)
        r10 += len(rel & set(top)) / len(rel)
        first = next((i for i, x in enumerate(top) if x in rel), None)
        mrr += 0.0 if first is None else 1.0 / (first + 1)
        dcg = sum(1.0 / math.log2(i + 2) for i, x in enumerate(top) if x in rel)
        idcg = sum(1.0 / math.log2(i + 2) for i in range(min(len(rel), 10)))
        ndcg += dcg / idcg
    n = max(sum(1 for g in gold if g), 1)
    return {"recall@1": r1 / n, "recall@5": r5 / n, "recall@10": r10 / n, "mrr@10": mrr / n, "ndcg@10": ndcg / n}


def evaluate(
    index: Index,
    questions: Sequence[Question],
    *,
    search: Callable[[str], list[str]] | None = None,
) -> dict[str, Any]:
    """Run every question through ``index`` (or ``search``); return metrics and latency."""
    run = search or (lambda q: [h.id for h in index.search(q, k=10)])
    if questions:  # warm up: load the model, compile the index
        run(questions[0].text)
    ranked: list[list[str]] = []
    lat: list[float] = []
    for q in questions:
        t0 = time.perf_counter()
        ranked.append(run(q.text))
        lat.append((time.perf_counter() - t0) * 1000.0)
    out: dict[str, Any] = dict(metrics(ranked, [q.relevant for q in questions]))
    out["n"] = len(questions)
    out["latency_ms_p50"] = float(np.percentile(lat, 50)) if lat else 0.0
    out["latency_ms_p95"] = float(np.percentile(lat, 95)) if lat else 0.0
    langs = sorted({q.lang for q in questions if q.lang})
    by_lang: dict[str, Any] = {}
    for lang in langs:
        sel = [i for i, q in enumerate(questions) if q.lang == lang]
        m = metrics([ranked[i] for i in sel], [questions[i].relevant for i in sel])
        m["n"] = len(sel)
        m["latency_ms_p50"] = float(np.percentile([lat[i] for i in sel], 50))
        m["latency_ms_p95"] = float(np.percentile([lat[i] for i in sel], 95))
        by_lang[lang] = m
    out["by_lang"] = by_lang
    out["ranked"] = ranked
    return out


def _print(res: dict[str, Any]) -> None:
    def line(name: str, m: dict[str, Any]) -> str:
        return (
            f"{name:<10} n={m['n']:<4} R@1={m['recall@1']:.3f} R@5={m['recall@5']:.3f} "
            f"R@10={m['recall@10']:.3f} MRR@10={m['mrr@10']:.3f} nDCG@10={m['ndcg@10']:.3f} "
            f"p50={m['latency_ms_p50']:.1f}ms p95={m['latency_ms_p95']:.1f}ms"
        )

    print(line("overall", res))
    for lang, m in res["by_lang"].items():
        print(line(lang, m))
    print(
        f"index build {res['index_seconds']:.1f}s for {res['passages']} passages; "
        f"peak memory {res['peak_memory_mb']:.0f} MB"
    )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m civildesk.retrieval.evaluate", description=__doc__.split("\n")[1])
    ap.add_argument("--corpus", required=True, help="corpus JSON (laws with articles)")
    ap.add_argument("--questions", required=True, help="questions JSON")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--lexical", action="store_true", help="lexical only (no embeddings)")
    ap.add_argument(
        "--fold-questions", action="store_true", help="strip diacritics from the questions (the no-diacritics variant)"
    )
    args = ap.parse_args(argv)

    passages = load_corpus(args.corpus)
    questions = load_questions(args.questions)
    if args.fold_questions:
        questions = [Question(text=fold(q.text), relevant=q.relevant, lang=q.lang) for q in questions]
    t0 = time.perf_counter()
    index = Index(None, dense=not args.lexical)
    index.upsert(passages)
    index.search("khởi tạo", k=1)  # compile now so build time is counted here
    index_seconds = time.perf_counter() - t0
    res = evaluate(index, questions)
    res.pop("ranked")
    res["index_seconds"] = index_seconds
    res["passages"] = len(index)
    res["peak_memory_mb"] = _peak_memory_mb()
    res["mode"] = "lexical" if args.lexical else "hybrid"
    if args.json:
        json.dump(res, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        _print(res)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
