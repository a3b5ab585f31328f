"""Render time of the largest document the limits allow, and of what they refuse.

Run: DJANGO_SETTINGS_MODULE=civildesk.settings .venv/bin/python bench/drafting_limits.py [--refused]
Prints seconds per format (PDF, DOCX, HTML) for a body at the limits of
civildesk.drafting.document (BODY_MAX_PARAGRAPHS paragraphs of about 100
characters, LIST_MAX_ITEMS legal bases and recipients); --refused also times
bodies past them (many one-letter lines: the costly shape), which take minutes.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PARAGRAPH = "Ủy ban nhân dân tỉnh đề nghị các sở, ban, ngành triển khai thực hiện nghiêm túc các nội dung sau."


def _time(doc, fmt: str) -> float:
    from civildesk.drafting import render as output

    start = time.perf_counter()
    output.render(doc, fmt)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--refused", action="store_true", help="also time bodies past the limits (slow)")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civildesk.settings")
    import django

    django.setup()
    from civildesk.drafting import document as d
    from civildesk.drafting.tests.examples import example

    base = example("CV")
    _time(d.OfficialDocument.from_dict(base), "pdf")  # fonts loaded once
    at_limit = d.OfficialDocument.from_dict(
        {
            **base,
            "body": "\n".join([PARAGRAPH] * d.BODY_MAX_PARAGRAPHS),
            "legal_bases": ["Căn cứ Luật Tổ chức chính quyền địa phương;"] * d.LIST_MAX_ITEMS,
            "recipients": ["Sở Tài chính;"] * d.LIST_MAX_ITEMS,
        }
    )
    print(f"at the limits ({d.BODY_MAX_PARAGRAPHS} paragraphs, {len(at_limit.body)} characters):")
    for fmt in ("pdf", "docx", "html"):
        print(f"  {fmt:5} {_time(at_limit, fmt):6.1f} s")
    if args.refused:
        d.BODY_MAX_PARAGRAPHS = d.BODY_MAX_CHARS = 10**9  # lift the limits to time what they refuse
        for lines in (4_000, 32_000):
            doc = d.OfficialDocument.from_dict({**base, "body": "a\n" * lines})
            print(f"refused: {lines} one-letter lines ({len(doc.body) // 1024} KB): pdf {_time(doc, 'pdf'):6.1f} s")


if __name__ == "__main__":
    main()
