"""Memory of the index per reader process: memory-mapped generations vs the copy-on-load baseline.

    .venv/bin/python bench/index_memory.py [--data DIR] [--sizes 2000,100000] [--workers 3] [--baseline 2873ba4]

For each size, a synthetic corpus (``bench/retrieval.py``'s: real ALQAC articles
mixed and perturbed, random unit vectors as passage embeddings, since
embedding 100,000 articles takes hours here) is indexed and saved once by the
current code. The same arrays are also written in the previous format (1),
which the baseline reads: the loader of commit ``--baseline`` (before this
change: every array copied into per-passage records, the search structures
recompiled in each process), extracted with ``git archive`` into a
temporary directory and imported from there.

Then ``--workers`` reader processes (as the gunicorn workers of one node) are
started together; each loads the index (timed), runs a few searches, then
times them again (warm), and while all are alive the parent reads ``/proc/PID/smaps_rollup`` of each: RSS (resident,
shared pages counted in full), PSS (shared pages divided among the processes
sharing them: the sum over the workers is what the node really spends) and
USS (pages private to the process). A process that only imports the engine
(no index) is measured the same way and printed as "empty".
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from retrieval import DEFAULT_DATA, SyntheticEmbedder, synthetic_corpus  # noqa: E402

from civildesk.retrieval import Index, store  # noqa: E402
from civildesk.retrieval.corpus import load_corpus  # noqa: E402

QUERIES = ["thời hạn lưu trữ hồ sơ", "quyền và nghĩa vụ của viên chức", "đăng ký thường trú", "xu phat vi pham"]

# Run in each reader process: load, search, report, wait to be measured.
READER = r"""
import sys, time
sys.path.insert(0, sys.argv[1])
import numpy as np
from civildesk.retrieval import Index
rng = np.random.default_rng(0)
t0 = time.perf_counter()
load = search = 0.0
if sys.argv[2] != "-":
    index = Index(sys.argv[2], dense=True)
    load = time.perf_counter() - t0
    q = rng.standard_normal(384).astype(np.float32)
    q /= np.linalg.norm(q)
    for text in sys.argv[3:]:  # the first searches map what they touch
        index.search(text, k=10, query_vector=q, access={"public", "unit:3"})
    t1 = time.perf_counter()
    for text in sys.argv[3:] * 3:
        index.search(text, k=10, query_vector=q, access={"public", "unit:3"})
    search = (time.perf_counter() - t1) / (3 * len(sys.argv[3:])) * 1000
print(f"ready {load:.2f} {search:.1f}", flush=True)
sys.stdin.readline()
"""


def rollup(pid: int) -> dict[str, int]:
    """kB figures of /proc/PID/smaps_rollup."""
    out: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, value = line.split(":", 1)
        out[key] = int(value.split()[0])
    return out


def measure(code_root: Path, index_dir: Path | None, workers: int) -> dict[str, float]:
    """Start ``workers`` readers together; mean RSS/PSS/USS (MB) per worker, total PSS, load seconds."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(code_root), str(index_dir) if index_dir else "-", *QUERIES],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"},
        )
        for _ in range(workers)
    ]
    loads, searches = [], []
    for p in procs:
        assert p.stdout is not None
        line = p.stdout.readline().split()
        if not line or line[0] != "ready":
            raise RuntimeError(f"reader failed (code {p.wait()})")
        loads.append(float(line[1]))
        searches.append(float(line[2]))
    figures = [rollup(p.pid) for p in procs]
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("\n")
        p.stdin.flush()
        p.wait()
    mb = 1024.0
    return {
        "rss": sum(f["Rss"] for f in figures) / len(figures) / mb,
        "pss": sum(f["Pss"] for f in figures) / len(figures) / mb,
        "uss": sum(f["Private_Clean"] + f["Private_Dirty"] for f in figures) / len(figures) / mb,
        "pss_total": sum(f["Pss"] for f in figures) / mb,
        "load_s": sum(loads) / len(loads),
        "search_ms": sum(searches) / len(searches),
    }


def baseline_code(ref: str, into: Path) -> Path:
    """The engine as of commit ``ref`` (``git archive``: the repository is not changed)."""
    archive = into / "baseline.tar"
    with open(archive, "wb") as f:
        subprocess.run(
            ["git", "-C", str(REPO), "archive", ref, "civildesk/__init__.py", "civildesk/retrieval", "civildesk/text"],
            stdout=f,
            check=True,
        )
    root = into / "baseline"
    root.mkdir()
    with tarfile.open(archive) as tar:
        tar.extractall(root, filter="data")
    return root


def write_format_1(gen: Path, into: Path) -> Path:
    """The generation ``gen`` in the previous on-disk format (what the baseline loads)."""
    into.mkdir()
    old = into / "gen-old"
    old.mkdir()
    manifest = json.loads((gen / "manifest.json").read_text())
    np.savez(old / "counts.npz", **{a: np.load(gen / f"{a}.npy") for a in ("tids", "tfs", "wlen")})
    terms = store.read_vocabulary(gen).terms()
    (old / "vocab.json").write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")
    for name in ("passages.jsonl", "vectors.npy", "missing.npy"):
        if (gen / name).exists():
            os.link(gen / name, old / name)
    keep = ("model", "dense", "passages", "terms", "saved_at")
    (old / "manifest.json").write_text(json.dumps({"format": 1, **{k: manifest[k] for k in keep}}))
    (into / "CURRENT").write_text("gen-old")
    return into


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--sizes", default="2000,100000")
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--baseline", default="2873ba4", help="commit whose loader is the baseline")
    args = ap.parse_args(argv)
    real = load_corpus(args.data / "alqac24-laws.json")
    with tempfile.TemporaryDirectory(prefix="index-memory-") as tmp_name:
        tmp = Path(tmp_name)
        old_code = baseline_code(args.baseline, tmp)
        empty = measure(REPO, None, args.workers)
        print(f"{args.workers} reader processes at once; MB per process (mean), total PSS = the node's memory")
        print(
            f"empty (imports only): RSS {empty['rss']:.0f}  PSS {empty['pss']:.0f}  USS {empty['uss']:.0f}  "
            f"total PSS {empty['pss_total']:.0f}"
        )
        header = f"{'articles':>9} {'windows':>8} {'loader':<22} {'RSS':>7} {'PSS':>7} {'USS':>7} {'total PSS':>10} {'load s':>7} {'search ms':>9}"
        print(header)
        for size in (int(s) for s in args.sizes.split(",")):
            t0 = time.perf_counter()
            index = Index(tmp / f"new-{size}", dense=True, embedder=SyntheticEmbedder())
            index.upsert(synthetic_corpus(real, size))
            gen = index.save()
            windows = index._compile().n_win
            built = time.perf_counter() - t0
            del index
            old_dir = write_format_1(gen, tmp / f"old-{size}")
            rows = {
                f"baseline ({args.baseline}, copy)": measure(old_code, old_dir, args.workers),
                "memory-mapped": measure(REPO, tmp / f"new-{size}", args.workers),
            }
            for name, r in rows.items():
                print(
                    f"{size:>9,} {windows:>8,} {name:<22} {r['rss']:>7.0f} {r['pss']:>7.0f} {r['uss']:>7.0f} "
                    f"{r['pss_total']:>10.0f} {r['load_s']:>7.2f} {r['search_ms']:>9.1f}"
                )
            base, new = rows[f"baseline ({args.baseline}, copy)"], rows["memory-mapped"]
            print(
                f"{'':>9} {'':>8} {'ratio mapped/baseline':<22} {new['rss'] / base['rss']:>7.2f} "
                f"{new['pss'] / base['pss']:>7.2f} {new['uss'] / base['uss']:>7.2f} "
                f"{new['pss_total'] / base['pss_total']:>10.2f}   (build and save {built:.0f} s)"
            )
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
