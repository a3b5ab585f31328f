"""Choose the fusion weights of English and Bengali questions (the ``xl`` route) on their dev sets.

Builds the retrieval index of the ALQAC 2024 laws (embeddings from the on-disk
cache), computes every signal once per question, then searches the weights by
coordinate ascent on MRR@10 + recall@1, with 5-fold cross-validation so that
the printed figure is measured on questions each fold's weights never saw.

Tuning sets (and only these): ``civildesk/retrieval/devsets/en.json`` and
``bn.json`` (48 each) and the English and Bengali questions of
``civildesk/assistant/devsets/civil_servants_dev.json``. The held-out sets are
never read here.

Signals beside those of ``Index.features``: ``dense_g``, the cosine of the
passages and the embedded Vietnamese glossary rendering of the question
(``translate_terms``), a query translated word by word.

Then, with the current weights, it scans the lead the first hit must have over
the runner-up (fused score) for the assistant to answer, counting right answers
minus twice the wrong ones: a wrong citation costs a civil servant more than a
"not found" that lists the nearest articles.

Usage: .venv/bin/python bench/tune_crosslingual.py [--data ../shared/data/legal-qa]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civildesk.settings")

from civildesk.retrieval.compiled import fuse  # noqa: E402
from civildesk.retrieval.corpus import Question, load_corpus, load_questions  # noqa: E402
from civildesk.retrieval.fusion import DEFAULT_WEIGHTS  # noqa: E402
from civildesk.retrieval.index import Index  # noqa: E402

SIGNALS = ("dense", "dense_g", "u", "b", "cu", "cb", "fu", "fb", "t", "law")
GRID = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5)


def dev_questions() -> list[Question]:
    out: list[Question] = []
    for name in ("en.json", "bn.json"):
        out += load_questions(ROOT / "civildesk" / "retrieval" / "devsets" / name)
    civil = load_questions(ROOT / "civildesk" / "assistant" / "devsets" / "civil_servants_dev.json")
    return out + [q for q in civil if q.lang in ("en", "bn")]


def signals(index: Index, questions: list[Question]) -> list[dict[str, np.ndarray]]:
    out = []
    for q in questions:
        feats, _ = index.features(q.text, lang=q.lang)
        feats = dict(feats)
        if "dense_g" not in feats:
            feats["dense_g"] = feats["dense"]
        out.append(feats)
    return out


def ranks(feats: list[dict[str, np.ndarray]], ids: list[str], qs: list[Question], w: dict[str, float]) -> list[int]:
    """Rank (0-based) of the first gold passage per question; 99 when not in the top 10."""
    allowed = np.ones(len(ids), dtype=bool)
    gold_rows = [[ids.index(g) for g in q.relevant if g in ids] for q in qs]
    out = []
    for f, rows in zip(feats, gold_rows, strict=True):
        score = fuse(f, allowed, w)
        best = max(score[r] for r in rows)
        out.append(int((score > best).sum()) if rows else 99)
    return out


def objective(rk: list[int]) -> float:
    mrr = sum(1.0 / (r + 1) for r in rk if r < 10) / len(rk)
    r1 = sum(1 for r in rk if r == 0) / len(rk)
    return mrr + r1


def ascend(feats, ids, qs, start: dict[str, float]) -> dict[str, float]:
    w = dict(start)
    best = objective(ranks(feats, ids, qs, w))
    for _ in range(3):
        improved = False
        for s in SIGNALS:
            for v in GRID:
                trial = dict(w, **{s: v})
                if not any(trial.get(d) for d in ("dense", "dense_g")):
                    continue
                score = objective(ranks(feats, ids, qs, trial))
                if score > best + 1e-9:
                    best, w, improved = score, trial, True
        if not improved:
            break
    return {k: v for k, v in w.items() if v}


def report(name: str, rk: list[int]) -> str:
    n = len(rk)
    return (
        f"{name:<34} n={n:<4} R@1={sum(r == 0 for r in rk) / n:.3f} "
        f"R@10={sum(r < 10 for r in rk) / n:.3f} MRR@10={sum(1 / (r + 1) for r in rk if r < 10) / n:.3f}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "legal-qa"))
    args = ap.parse_args()
    index = Index(None, dense=True)
    index.upsert(load_corpus(Path(args.data) / "alqac24-laws.json"))
    ids = index.ids()
    qs = dev_questions()
    feats = signals(index, qs)
    current = dict(DEFAULT_WEIGHTS["xl"])
    print(report("current xl weights", ranks(feats, ids, qs, current)))
    print(report("dense only", ranks(feats, ids, qs, {"dense": 1.0})))
    print(report("glossary rendering embedded only", ranks(feats, ids, qs, {"dense_g": 1.0})))

    order = list(range(len(qs)))
    random.Random(7).shuffle(order)
    folds = [order[i::5] for i in range(5)]
    cv = [0] * len(qs)
    for k, test in enumerate(folds):
        train = [i for i in order if i not in set(test)]
        w = ascend([feats[i] for i in train], ids, [qs[i] for i in train], current)
        for i, r in zip(test, ranks([feats[i] for i in test], ids, [qs[i] for i in test], w), strict=True):
            cv[i] = r
        print(f"fold {k}: {json.dumps(w)}")
    print(report("tuned, 5-fold cross-validated", cv))
    for lang in ("en", "bn"):
        sel = [i for i, q in enumerate(qs) if q.lang == lang]
        print(report(f"  {lang} (cross-validated)", [cv[i] for i in sel]))
    final = ascend(feats, ids, qs, current)
    print(report("tuned on all dev (optimistic)", ranks(feats, ids, qs, final)))
    print("weights:", json.dumps({k: round(v, 3) for k, v in final.items()}))
    separation(feats, ids, qs, current)
    return 0


def separation(feats, ids, qs, w: dict[str, float]) -> None:
    """Right answers minus twice the wrong ones when the first hit must lead the runner-up by a threshold (dev).

    The assistant's ``MIN_LEAD_CROSSLINGUAL`` is the best threshold of this scan.
    """
    allowed = np.ones(len(ids), dtype=bool)
    rows = []
    for f, q in zip(feats, qs, strict=True):
        score = fuse(f, allowed, w)
        first, second = np.argsort(-score)[:2]
        rows.append((ids[first] in q.relevant, float(score[first] - score[second])))
    print(f"first hit right on {sum(r for r, _ in rows)} of {len(rows)} dev questions; answering only with a lead:")
    for t in (0.0, 0.02, 0.04, 0.06, 0.08, 0.09, 0.10, 0.11, 0.12, 0.14, 0.16, 0.2):
        right = sum(1 for r, lead in rows if r and lead >= t)
        wrong = sum(1 for r, lead in rows if not r and lead >= t)
        print(
            f"  lead >= {t:.2f}: right {right / len(rows):.3f}, wrong {wrong / len(rows):.3f}, "
            f"right - 2 x wrong = {right - 2 * wrong}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
