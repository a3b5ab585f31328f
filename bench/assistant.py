"""Benchmark of the assistant: first-citation accuracy, wrong answers, abstention, latency, new vs baseline.

Runs against a throw-away database and index (nothing of an installation is
touched): imports the ALQAC 2024 laws, embeds the clauses of the answer cards
(``assistant_embed_units``, from the cache when warm), and asks every
question of each set through ``services.ask`` as an anonymous member of the
public:

- ``alqac25-dev`` (vi), the retrieval engine's English and Bengali dev and
  held-out sets;
- the civil servants' sets of ``civildesk/assistant/devsets``: the dev set
  the method was tuned on, the held-out set written after it was frozen,
  and the questions about laws the library lacks (dev and held-out), plus
  the older unanswerable set.

The same run measures the baseline (``--baseline``, default 2873ba4, the
release before this work): a git worktree of that commit is made and this
script runs again in a subprocess with that worktree's ``civildesk`` package
first on the path, on the same sets, and the figures are printed side by
side. Latency is the whole ``ask`` (search, decision, card, saving the turn).

Usage: .venv/bin/python bench/assistant.py [--data ../shared/data/legal-qa] [--limit N]
       [--baseline REF | --no-baseline] [--lexical] [--no-units]

``--lexical``: no dense model (``CIVILDESK_INDEX_DENSE=0``), for a machine
whose embedding cache is cold (embedding the 17 laws takes 20-30 min on an
idle core, hours on a busy one). ``--no-units``: the articles are embedded
but not their clauses and sentences (tens of thousands of short texts): the
first citation's article, wrong answers and abstention do not depend on them,
only the clause an English or Bengali card points at.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEVSETS = ROOT / "civildesk" / "assistant" / "devsets"
RETRIEVAL_DEVSETS = ROOT / "civildesk" / "retrieval" / "devsets"


def default_data() -> Path:
    for candidate in (
        ROOT.parent / "shared" / "data" / "legal-qa",
        ROOT.parent.parent / "shared" / "data" / "legal-qa",
    ):
        if candidate.exists():
            return candidate
    return ROOT.parent / "shared" / "data" / "legal-qa"


def question_sets(data: Path) -> dict[str, Path]:
    return {
        "alqac25-dev (vi)": data / "alqac25-dev.json",
        "retrieval dev en": RETRIEVAL_DEVSETS / "en.json",
        "retrieval dev bn": RETRIEVAL_DEVSETS / "bn.json",
        "civil servants dev": DEVSETS / "civil_servants_dev.json",
        "civil servants held-out": DEVSETS / "civil_servants_heldout.json",
        "en/bn held-out (2026-11-30)": DEVSETS / "crosslingual_heldout.json",
        "en/bn held-out, second": DEVSETS / "crosslingual_heldout2.json",
        "en/bn held-out, third": DEVSETS / "crosslingual_heldout3.json",
        "missing laws dev": DEVSETS / "missing_subjects_dev.json",
        "missing laws held-out": DEVSETS / "missing_subjects_heldout.json",
        "unanswerable": DEVSETS / "unanswerable.json",
    }


def measure(code: Path, data: Path, limit: int, *, units: bool = True) -> dict[str, list[dict]]:
    """Import the corpus with ``code``'s civildesk and ask every question; one row per question."""
    sys.path.insert(0, str(code))
    tmp = Path(tempfile.mkdtemp(prefix="civildesk-bench-"))
    os.environ["CIVILDESK_DATA_DIR"] = str(tmp)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civildesk.settings")
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command, get_commands

    from civildesk.assistant import services
    from civildesk.library.models import Article

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    call_command("import_legal_corpus", str(data / "alqac24-laws.json"))
    if units and "assistant_embed_units" in get_commands():
        call_command("assistant_embed_units")
    print(f"[{code.name}] corpus imported and indexed in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    gold_of = {}
    for a in Article.objects.select_related("document"):
        ids = services.law_article_ids(a)
        gold_of[a.pk] = (ids["law_id"], ids["article_id"])
    public = AnonymousUser()
    services.ask(user=public, question="khởi động")  # load the model and caches
    services.ask(user=public, question="khoi dong he thong")
    rows: dict[str, list[dict]] = {}
    for name, path in question_sets(data).items():
        if not path.exists():
            continue
        items = json.loads(path.read_text(encoding="utf-8"))
        items = items[:limit] if limit else items
        out = []
        for q in items:
            text = q.get("text") or q.get("statement")
            gold = {(str(g["law_id"]), str(g["article_id"])) for g in q.get("relevant_articles") or []}
            started = time.perf_counter()
            turn = services.ask(user=public, question=text)
            latency = (time.perf_counter() - started) * 1000
            first = turn.citations[0]["article_id"] if turn.answered and turn.citations else None
            out.append(
                {
                    "lang": q.get("lang", ""),
                    "answerable": bool(gold),
                    "answered": turn.answered,
                    "correct": first is not None and gold_of.get(first) in gold,
                    "named": bool(q.get("missing_law")) and turn.card.get("missing_law") == q.get("missing_law"),
                    "latency": latency,
                }
            )
        rows[name] = out
    return rows


def summary(rows: list[dict]) -> dict[str, float]:
    import numpy as np

    n = max(len(rows), 1)
    lat = np.array([r["latency"] for r in rows] or [0.0])
    answerable = any(r["answerable"] for r in rows)
    named = [r for r in rows if not r["answerable"]]
    return {
        "n": len(rows),
        "first": sum(r["correct"] for r in rows) / n,
        "wrong": sum(r["answered"] and not r["correct"] for r in rows) / n,
        "abstain": sum(not r["answered"] for r in rows) / n,
        "named": (sum(r["named"] for r in named) / len(named)) if named and not answerable else float("nan"),
        "p50": float(np.percentile(lat, 50)),
        "p95": float(np.percentile(lat, 95)),
    }


def baseline_rows(ref: str, args: argparse.Namespace) -> dict[str, list[dict]] | None:
    where = Path(tempfile.mkdtemp(prefix="civildesk-baseline-")) / "tree"
    made = subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(where), ref], capture_output=True, text=True
    )
    if made.returncode:
        print(f"baseline {ref}: no worktree ({made.stderr.strip()})", file=sys.stderr)
        return None
    try:
        cmd = [sys.executable, __file__, "--child", str(where), "--data", str(args.data), "--limit", str(args.limit)]
        if args.lexical:
            cmd.append("--lexical")
        if args.no_units:
            cmd.append("--no-units")
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode:
            print(done.stderr[-2000:], file=sys.stderr)
            return None
        rows: dict[str, list[dict]] = json.loads(done.stdout.splitlines()[-1])
        return rows
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(where)], capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=default_data())
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--baseline", default="2873ba4", help="git ref measured beside this tree")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--lexical", action="store_true", help="no dense model (cold embedding cache)")
    parser.add_argument(
        "--no-units",
        action="store_true",
        help="do not embed clauses and sentences (answers' clause choice stays lexical; citations' articles unchanged)",
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.lexical:
        os.environ["CIVILDESK_INDEX_DENSE"] = "0"
    if args.child:
        print(json.dumps(measure(args.child, args.data, args.limit, units=not args.no_units)))
        return 0
    base = None if args.no_baseline else baseline_rows(args.baseline, args)
    new = measure(ROOT, args.data, args.limit, units=not args.no_units)
    mode = "lexical only (no dense model)" if args.lexical else "hybrid (dense + lexical)"
    print(f"\n== assistant, {mode}; new = this tree, base = {args.baseline}")
    print(
        f"{'set':24} {'n':>4}  {'first-citation':>15}  {'wrong answers':>14}  {'abstains':>13}  "
        f"{'law named':>11}  {'p50 ms':>11}  {'p95 ms':>11}"
    )
    for name, rows in new.items():
        s = summary(rows)
        b = summary(base[name]) if base and name in base else None
        keys = ("first", "wrong", "abstain", "named")

        def pair(key: str, s: dict = s, b: dict | None = b, fmt: str = ".3f") -> str:
            return f"{s[key]:{fmt}}" + (f" / {b[key]:{fmt}}" if b else "")

        cells = [pair(k) for k in keys] + [pair("p50", fmt=".0f"), pair("p95", fmt=".0f")]
        print(
            f"{name:24} {s['n']:4}  {cells[0]:>15}  {cells[1]:>14}  {cells[2]:>13}  {cells[3]:>11}  "
            f"{cells[4]:>11}  {cells[5]:>11}"
        )
        for lang in sorted({r["lang"] for r in rows if r["lang"]}):
            if name.startswith(("civil", "missing", "en/bn")):
                sl = summary([r for r in rows if r["lang"] == lang])
                bl = summary([r for r in base[name] if r["lang"] == lang]) if base and name in base else None
                c = [pair(k, sl, bl) for k in keys]
                print(f"  {lang:22} {sl['n']:4}  {c[0]:>15}  {c[1]:>14}  {c[2]:>13}  {c[3]:>11}")
    print("(each cell: new / baseline; first-citation and wrong answers over all questions of the set)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
