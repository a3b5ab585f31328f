"""Benchmark of the assistant: first-citation accuracy, abstention calibration, latency.

Runs against a throw-away database and index (nothing of an installation is
touched): imports the ALQAC 2024 laws, asks every question of
``alqac25-dev.json`` (answerable), of the assistant's own unanswerable set and
of the retrieval engine's English and Bengali dev sets, as an anonymous member
of the public, and prints, side by side:

- the retrieval engine's recall@1 on the same questions (the baseline the
  composition must not lose), and the assistant's first-citation accuracy;
- the abstention rate on answerable and on unanswerable questions at the
  thresholds in ``civildesk/assistant/services.py``, and a sweep of thresholds
  so the choice can be checked;
- answer latency p50/p95 (extractive).

Usage: .venv/bin/python bench/assistant.py [--data ../shared/data/legal-qa] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "legal-qa"))
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    data = Path(args.data)
    tmp = Path(tempfile.mkdtemp(prefix="civildesk-bench-"))
    os.environ["CIVILDESK_DATA_DIR"] = str(tmp)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civildesk.settings")
    import django

    django.setup()
    import numpy as np
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command

    from civildesk.assistant import abstain, services
    from civildesk.library import search
    from civildesk.library.models import Article

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    call_command("import_legal_corpus", str(data / "alqac24-laws.json"))
    print(f"corpus imported and indexed in {time.perf_counter() - t0:.1f} s (embeddings from cache when present)")
    gold_of = {a.pk: services.law_article_ids(a) for a in Article.objects.select_related("document")}

    def load(path: Path, lang: str | None = None) -> list[dict]:
        items = json.loads(path.read_text(encoding="utf-8"))
        if lang:
            for item in items:
                item.setdefault("lang", lang)
        return items[: args.limit] if args.limit else items

    sets = {
        "alqac25-dev (vi)": load(data / "alqac25-dev.json", "vi"),
        "dev en": load(ROOT / "civildesk/retrieval/devsets/en.json", "en"),
        "dev bn": load(ROOT / "civildesk/retrieval/devsets/bn.json", "bn"),
        "held-out en": load(ROOT / "civildesk/retrieval/devsets/en-heldout.json", "en"),
        "held-out bn": load(ROOT / "civildesk/retrieval/devsets/bn-heldout.json", "bn"),
        "unanswerable": load(ROOT / "civildesk/assistant/devsets/unanswerable.json"),
    }
    public = AnonymousUser()
    services.ask(user=public, question="khởi động")  # warm the model and caches
    rows: dict[str, list[dict]] = {}
    for name, questions in sets.items():
        out = []
        for q in questions:
            text = q.get("text") or q.get("statement")
            gold = {(str(g["law_id"]), str(g["article_id"])) for g in q.get("relevant_articles") or []}
            started = time.perf_counter()
            results = search.search(public, text, k=services.CANDIDATES, explain=True)
            lang = services.detect_language(text)
            evidence = services.decide(text, lang, results)
            card = services.build_card(text, lang, evidence)
            latency = (time.perf_counter() - started) * 1000
            first = results[0].article.pk if results else None
            out.append(
                {
                    "lang": lang,
                    "retrieval_hit": first is not None
                    and (gold_of[first]["law_id"], gold_of[first]["article_id"]) in gold,
                    "answered": card["answered"],
                    "coverage": evidence.coverage,
                    "phrase": evidence.phrase,
                    "margin": evidence.margin,
                    "dense": evidence.dense if evidence.dense is not None else 0.0,
                    "latency": latency,
                }
            )
        rows[name] = out

    print("\n== first citation vs retrieval recall@1 (baseline), at the shipped thresholds")
    print(
        f"{'set':20} {'n':>4} {'retrieval R@1':>14} {'assistant first-citation':>25} {'abstains':>9} {'p50 ms':>7} {'p95 ms':>7}"
    )
    for name, out in rows.items():
        n = len(out)
        r1 = sum(r["retrieval_hit"] for r in out) / n
        acc = sum(r["retrieval_hit"] and r["answered"] for r in out) / n
        abst = sum(not r["answered"] for r in out) / n
        lat = np.array([r["latency"] for r in out])
        print(
            f"{name:20} {n:4} {r1:14.3f} {acc:25.3f} {abst:9.3f} {np.percentile(lat, 50):7.0f} {np.percentile(lat, 95):7.0f}"
        )

    print(
        "\n== abstention sweep (vi: answer if word-pair coverage >= p or dense >= d; en/bn: dense >= x or glossary coverage >= g)"
    )
    vi_ans = rows["alqac25-dev (vi)"]
    vi_un = [r for r in rows["unanswerable"] if r["lang"] in ("vi", "vi-nodiac")]
    x_ans = rows["dev en"] + rows["dev bn"]
    x_un = [r for r in rows["unanswerable"] if r["lang"] not in ("vi", "vi-nodiac")]

    def rate(items: list[dict], answers) -> float:  # noqa: ANN001
        return sum(not answers(r) for r in items) / max(len(items), 1)

    for p in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        for d in (0.86, 0.87, 0.88, 0.89, 0.9):

            def rule(r: dict, p: float = p, d: float = d) -> bool:
                return r["phrase"] >= p or r["dense"] >= d

            mark = "  <- shipped" if (p, d) == (abstain.MIN_PHRASE, abstain.MIN_DENSE) else ""
            print(
                f"  vi  pairs>={p:.2f} dense>={d:.2f}: abstains {rate(vi_ans, rule):.3f} on answerable, "
                f"{rate(vi_un, rule):.3f} on unanswerable{mark}"
            )
    for x in (0.78, 0.79, 0.80, 0.81, 0.82):
        for g in (0.3, 0.5, 0.7, 2.0):

            def rule_x(r: dict, x: float = x, g: float = g) -> bool:
                return r["dense"] >= x or r["phrase"] >= g

            mark = "  <- shipped" if (x, g) == (abstain.MIN_DENSE_CROSSLINGUAL, abstain.MIN_PHRASE_CROSSLINGUAL) else ""
            print(
                f"  en/bn dense>={x:.2f} glossary>={g:.1f}: abstains {rate(x_ans, rule_x):.3f} on answerable, "
                f"{rate(x_un, rule_x):.3f} on unanswerable{mark}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
