"""Memory of extraction on oversized inputs: CivilDesk's limits beside the unlimited baseline.

Each measurement runs in a fresh Python process (peak RSS is per process):

* ``pdf``: a tiny PDF whose one page is N inches square (default 40), which an
  OCR pass would render at 300 DPI. Baseline: pypdfium2 renders it at 300 DPI,
  as the extraction did before the limit. CivilDesk: ``extract_text`` (the page
  is rendered at a lower DPI so it stays under ``CIVILDESK_MAX_RENDER_PIXELS``).
* ``png``: a 12,000 × 12,000 one-bit PNG (a few tens of KB). Baseline: Pillow
  decodes it to greyscale for OCR. CivilDesk: refused from its header.
* ``zip``: a zip holding one member of M MB of zeros (default 200). Baseline:
  ``ZipFile.read`` inflates it. CivilDesk: refused from the header (over the
  member limit) before anything is inflated.

    .venv/bin/python bench/extraction_limits.py [--inches 40] [--zip-mb 200]

Figures are printed, never asserted (tests check the behaviour).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import io, json, os, resource, sys, time, zipfile
kind, mode, size = sys.argv[1], sys.argv[2], float(sys.argv[3])
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civildesk.settings")
django.setup()
from django.utils import translation
translation.activate("en")
def make():
    if kind == "pdf":
        import pypdfium2 as pdfium
        pdf = pdfium.PdfDocument.new(); pdf.new_page(size * 72, size * 72)
        out = io.BytesIO(); pdf.save(out); return out.getvalue(), "huge.pdf"
    if kind == "png":
        from PIL import Image
        b = io.BytesIO(); Image.new("1", (12000, 12000), 1).save(b, format="PNG"); return b.getvalue(), "huge.png"
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("big.txt", "w") as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(int(size)):
                fh.write(chunk)
    return b.getvalue(), "batch.zip"
data, name = make()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
outcome = "done"
if mode == "baseline":
    if kind == "pdf":
        import pypdfium2 as pdfium
        page = pdfium.PdfDocument(data)[0]
        page.render(scale=300 / 72).to_pil()
    elif kind == "png":
        from PIL import Image
        Image.MAX_IMAGE_PIXELS = None
        Image.open(io.BytesIO(data)).convert("L")
    else:
        zipfile.ZipFile(io.BytesIO(data)).read("big.txt")
else:
    from django.core.exceptions import ValidationError
    from civildesk.library import extract
    try:
        if kind == "zip":
            from civildesk.library.services import _read_member
            archive = zipfile.ZipFile(io.BytesIO(data))
            _read_member(archive, archive.infolist()[0], "big.txt")
        else:
            result = extract.extract_text(data, filename=name)
            outcome = "; ".join(result.warnings) or "done"
    except (extract.ExtractionError, ValidationError) as exc:
        outcome = "refused: " + " ".join(getattr(exc, "messages", [str(exc)]))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"input_kb": len(data) // 1024, "peak_mb": peak // 1024, "before_mb": base // 1024,
                  "seconds": round(time.perf_counter() - start, 2), "outcome": outcome[:90]}))
"""


def run(kind: str, mode: str, size: float) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, kind, mode, str(size)], capture_output=True, text=True, env=env, cwd=ROOT
    )
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["?"])[-1][:120]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inches", type=float, default=40.0, help="side of the PDF page (default 40)")
    parser.add_argument("--zip-mb", type=float, default=200.0, help="size of the zip member (default 200)")
    args = parser.parse_args()
    print(f"{time.strftime('%Y-%m-%d')} · {os.cpu_count()} cores · peak resident memory of a fresh process")
    print("'added MB' = peak minus the peak before extraction (making the input is not counted)")
    print(f"{'input':<28}{'run':<12}{'input KB':>9}{'added MB':>9}{'seconds':>9}  outcome")
    for kind, size, label in (
        ("pdf", args.inches, f"PDF page {args.inches:g} in square"),
        ("png", 0, "PNG 12,000 × 12,000"),
        ("zip", args.zip_mb, f"zip, member {args.zip_mb:g} MB"),
    ):
        for mode in ("baseline", "civildesk"):
            r = run(kind, mode, size)
            if "error" in r:
                print(f"{label:<28}{mode:<12}  error: {r['error']}")
                continue
            print(
                f"{label:<28}{mode:<12}{r['input_kb']:>9}{r['peak_mb'] - r['before_mb']:>9}{r['seconds']:>9}  {r['outcome']}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
