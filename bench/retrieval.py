"""Retrieval benchmark: the CivilDesk engine vs a plain BM25 baseline, plus a scale test.

    .venv/bin/python bench/retrieval.py [--data DIR] [--scale 100000] [--json OUT]

1. Quality on the ALQAC data (read from ``../shared/data/legal-qa`` beside
   the repository, or ``--data``): alqac25-dev on alqac24-laws, the same
   questions typed without diacritics, the English and Bengali dev sets of
   ``civildesk/retrieval/devsets``, and alqac22 on alqac22-laws. Each set is
   run through the engine (hybrid and lexical-only) and through a plain BM25
   baseline (``bm25s`` over NFC lower-cased syllables), side by side.
2. Scale: a synthetic corpus of ``--scale`` articles made by mixing and
   perturbing real articles; query latency p50/p95 at that size and index
   build throughput. Embedding 100,000 articles would take hours on 2 cores,
   so passage vectors there are random unit vectors (queries are embedded for
   real, so latency is honest); the output says so.

Embeddings of the real corpora come from the on-disk cache
(``$CIVILDESK_EMBEDDING_CACHE``, as for the app; this script runs without
Django, so it reads that one variable itself); the first run fills it (about
10-20 min).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import resource
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from civildesk.retrieval import Index, Passage  # noqa: E402
from civildesk.retrieval.corpus import Question, load_corpus, load_questions  # noqa: E402
from civildesk.retrieval.embed import DIM, Embedder, configure  # noqa: E402
from civildesk.retrieval.evaluate import evaluate  # noqa: E402
from civildesk.text import fold, nfc  # noqa: E402

DEFAULT_DATA = REPO / ".." / "shared" / "data" / "legal-qa"
DEVSETS = REPO / "civildesk" / "retrieval" / "devsets"
_SYL = re.compile(r"[^\W_]+")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class BM25Baseline:
    """bm25s over NFC lower-cased syllables: the README's off-the-shelf baseline."""

    def __init__(self, passages: Sequence[Passage]) -> None:
        import bm25s

        self.ids = [p.id for p in passages]
        self.model = bm25s.BM25()
        self.model.index([self.tok(f"{p.title}\n{p.text}") for p in passages], show_progress=False)

    @staticmethod
    def tok(s: str) -> list[str]:
        return _SYL.findall(nfc(s).lower()) or ["∅"]

    def search(self, q: str) -> list[str]:
        res, _ = self.model.retrieve([self.tok(q)], k=10, show_progress=False)
        return [self.ids[i] for i in res[0]]


def fmt(m: dict) -> str:
    return (
        f"R@1 {m['recall@1']:.3f}  R@5 {m['recall@5']:.3f}  R@10 {m['recall@10']:.3f}  "
        f"MRR@10 {m['mrr@10']:.3f}  nDCG@10 {m['ndcg@10']:.3f}  "
        f"p50 {m['latency_ms_p50']:6.1f} ms  p95 {m['latency_ms_p95']:6.1f} ms"
    )


def quality(data: Path, report: dict) -> None:
    print("== Quality (engine = hybrid BM25 + e5 dense, fused; lexical = engine without dense) ==")
    a_passages = load_corpus(data / "alqac24-laws.json")
    dev = load_questions(data / "alqac25-dev.json")
    sets_a: list[tuple[str, list[Question]]] = [
        ("alqac25-dev", dev),
        ("alqac25-dev no-diacritics", [Question(fold(q.text), q.relevant, "vi-nodiac") for q in dev]),
    ]
    for lang in ("en", "bn"):
        path = DEVSETS / f"{lang}.json"
        if path.exists():
            sets_a.append((f"devset {lang}", load_questions(path)))
    b_passages = load_corpus(data / "alqac22-laws.json")
    sets_b = [("alqac22", load_questions(data / "alqac22-questions.json"))]

    for corpus_name, passages, sets in (("alqac24-laws", a_passages, sets_a), ("alqac22-laws", b_passages, sets_b)):
        t0 = time.perf_counter()
        hybrid = Index(None, dense=True)
        hybrid.upsert(passages)
        hybrid.search("khởi tạo", k=1)
        t_h = time.perf_counter() - t0
        t0 = time.perf_counter()
        lexical = Index(None, dense=False)
        lexical.upsert(passages)
        lexical.search("khởi tạo", k=1)
        t_l = time.perf_counter() - t0
        t0 = time.perf_counter()
        base = BM25Baseline(passages)
        t_b = time.perf_counter() - t0
        print(
            f"\n-- corpus {corpus_name}: {len(passages)} articles; build hybrid {t_h:.1f} s "
            f"(embeddings from cache), lexical {t_l:.1f} s, bm25s baseline {t_b:.1f} s"
        )
        report.setdefault("build", {})[corpus_name] = {
            "hybrid_s": t_h,
            "lexical_s": t_l,
            "bm25s_s": t_b,
            "articles": len(passages),
        }
        for name, qs in sets:
            rows = {
                "engine": evaluate(hybrid, qs),
                "lexical": evaluate(lexical, qs),
                "bm25s": evaluate(hybrid, qs, search=base.search),
            }
            print(f"{name} (n={len(qs)})")
            for sysname, m in rows.items():
                m.pop("ranked", None)
                m.pop("by_lang", None)
                print(f"  {sysname:<8} {fmt(m)}")
            report.setdefault("quality", {})[name] = rows
        split = latency_split(hybrid, [q.text for q in sets[0][1]])
        print(f"latency split on {sets[0][0]} ({len(passages)} articles): {fmt_lat(split)}")
        report.setdefault("latency_split", {})[corpus_name] = split


def latency_split(index: Index, texts: Sequence[str], **kw) -> dict:
    """Latency of full searches (query embedding included, no cache) and of the rest alone."""
    from civildesk.retrieval.fusion import route_for, strip_boilerplate
    from civildesk.text.lang import detect_language

    full: list[float] = []
    embed: list[float] = []
    rest: list[float] = []
    for t in texts:
        index.embedder._queries.clear()  # no LRU hit: time the embedding too
        t0 = time.perf_counter()
        index.search(t, k=10, **kw)
        full.append((time.perf_counter() - t0) * 1000)
        route = route_for(detect_language(t))
        qt = strip_boilerplate(t) if route.startswith("vi") else t
        index.embedder._queries.clear()
        t0 = time.perf_counter()
        qv = index.embedder.query(qt)
        embed.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        index.search(t, k=10, query_vector=qv, **kw)
        rest.append((time.perf_counter() - t0) * 1000)

    def pct(xs: list[float]) -> tuple[float, float]:
        return (float(np.percentile(xs, 50)), float(np.percentile(xs, 95))) if xs else (0.0, 0.0)

    return {"n": len(texts), "full": pct(full), "embed": pct(embed), "without_embedding": pct(rest)}


def fmt_lat(r: dict) -> str:
    return (
        f"p50/p95 full {r['full'][0]:6.1f}/{r['full'][1]:6.1f} ms | query embedding {r['embed'][0]:5.1f}/"
        f"{r['embed'][1]:5.1f} ms | search without embedding {r['without_embedding'][0]:5.1f}/"
        f"{r['without_embedding'][1]:5.1f} ms (n={r['n']})"
    )


class SyntheticEmbedder(Embedder):
    """Random unit vectors for passages (scale test only); real query embeddings."""

    def passages(self, texts: Sequence[str], progress: Callable[[int, int], None] | None = None) -> np.ndarray:
        out = np.empty((len(texts), DIM), dtype=np.float32)
        for i, t in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(t.encode(), digest_size=8).digest(), "little")
            v = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
            out[i] = v / np.linalg.norm(v)
        return out


def synthetic_corpus(real: Sequence[Passage], n: int, seed: int = 7) -> list[Passage]:
    """``n`` articles: each mixes sentences of two real articles with a few syllables swapped."""
    rng = random.Random(seed)
    sentences = [re.split(r"(?<=[.;:])\s+", p.text) for p in real]
    vocab = [w for p in real[:300] for w in p.text.split()]
    out: list[Passage] = []
    for i in range(n):
        a, b = rng.randrange(len(real)), rng.randrange(len(real))
        sa, sb = sentences[a], sentences[b]
        body = sa[: max(1, len(sa) // 2 + 1)] + sb[len(sb) // 2 :]
        words = " ".join(body).split()
        for _ in range(max(1, len(words) // 20)):
            words[rng.randrange(len(words))] = rng.choice(vocab)
        doc = f"synth{i // 100}"
        out.append(
            Passage(
                id=f"{doc}:{i % 100}",
                doc_id=doc,
                title=f"Văn bản tổng hợp {i // 100} — Điều {i % 100 + 1}. {real[a].title.split('. ', 1)[-1]}",
                text=" ".join(words),
                access="public" if i % 10 else f"unit:{i % 7}",
                meta={"doc_type": "luat" if i % 3 else "nghi_dinh"},
            )
        )
    return out


def scale(data: Path, n: int, report: dict) -> None:
    print(f"\n== Scale: synthetic corpus of {n:,} articles ==")
    print(
        "   (passage vectors are RANDOM unit vectors: embedding this many articles is not feasible here;"
        " queries are embedded for real)"
    )
    real = load_corpus(data / "alqac24-laws.json")
    corpus = synthetic_corpus(real, n)
    index = Index(None, dense=True, embedder=SyntheticEmbedder())
    t0 = time.perf_counter()
    index.upsert(corpus)
    t_tok = time.perf_counter() - t0
    index.search("khởi tạo", k=1)
    t_build = time.perf_counter() - t0
    print(
        f"build: {t_build:.1f} s = {n / t_build:,.0f} articles/s (tokenise {t_tok:.1f} s, compile "
        f"{t_build - t_tok:.1f} s; embeddings excluded); peak memory {peak_mb():,.0f} MB"
    )
    qs = load_questions(data / "alqac25-dev.json")[:100]
    en = load_questions(DEVSETS / "en.json")[:20] if (DEVSETS / "en.json").exists() else []
    filt = {"access": {"public", "unit:3"}, "where": {"doc_type": {"luat"}}}
    rows = {
        "vi": latency_split(index, [q.text for q in qs]),
        "vi-nodiac": latency_split(index, [fold(q.text) for q in qs]),
        "en": latency_split(index, [q.text for q in en]),
        "vi filtered": latency_split(index, [q.text for q in qs], **filt),
    }
    for key, r in rows.items():
        if r["n"]:
            print(f"query latency at {n:,} articles, {key:<11} {fmt_lat(r)}")
    report["scale"] = {
        "articles": n,
        "windows": index._compile().n_win,
        "build_s": t_build,
        "articles_per_s": n / t_build,
        "latency_ms": rows,
        "peak_memory_mb": peak_mb(),
        "dense_vectors": "random (synthetic)",
    }


def embed_throughput(data: Path, report: dict, n: int = 12) -> None:
    """Cold embedding throughput on a few articles with an empty temporary cache."""
    import tempfile

    real = load_corpus(data / "alqac24-laws.json")[100 : 100 + n]
    with tempfile.TemporaryDirectory() as tmp:
        index = Index(None, dense=True, embedder=Embedder(tmp))
        index.embedder.query("khởi động")  # load the model outside the timing
        t0 = time.perf_counter()
        index.upsert(real)
        dt = time.perf_counter() - t0
    print(f"\ncold build with embedding (empty cache, {n} real articles): {n / dt:.2f} articles/s")
    report["cold_embedding_articles_per_s"] = n / dt


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="directory with the ALQAC JSON files")
    ap.add_argument("--scale", type=int, default=100_000, help="size of the synthetic corpus (0: skip)")
    ap.add_argument("--skip-quality", action="store_true")
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = ap.parse_args(argv)
    configure(  # the same variables as the app's settings (docs/configuration.md)
        cache_dir=os.environ.get("CIVILDESK_EMBEDDING_CACHE"),
        threads=int(os.environ.get("CIVILDESK_EMBEDDING_THREADS", "0")),
        query_threads=int(os.environ.get("CIVILDESK_QUERY_THREADS", "0")),
    )
    if not (args.data / "alqac24-laws.json").exists():
        print(f"data not found in {args.data}", file=sys.stderr)
        return 2
    report: dict = {}
    if not args.skip_quality:
        quality(args.data, report)
        embed_throughput(args.data, report)
    if args.scale:
        scale(args.data, args.scale, report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
