"""Plain helpers of the load mix (no Locust import: the tests and bench/load.py use them too)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_UNIT_OPTION = re.compile(r'<select[^>]*name="unit"[^>]*>(.*?)</select>', re.S)
_OPTION_VALUE = re.compile(r'<option value="(\d+)"')
_DOCUMENT_URL = re.compile(r"/library/(\d+)/")


def suggested_questions(path: Path | None = None) -> list[str]:
    """Every suggested question of the demo, whatever the role, without repeats."""
    data = json.loads((path or ROOT / "civildesk" / "assistant" / "suggestions.json").read_text(encoding="utf-8"))
    seen: dict[str, None] = {}
    for key, items in data.items():
        if key.startswith("_"):
            continue
        for item in items:
            seen.setdefault(item["question"], None)
    return list(seen)


def upload_units(html: str) -> list[str]:
    """The unit ids offered by the library's upload form."""
    match = _UNIT_OPTION.search(html)
    return _OPTION_VALUE.findall(match.group(1)) if match else []


def document_id(url: str) -> int | None:
    """The document id in the URL an upload redirects to (``/library/<id>/?job=…``)."""
    match = _DOCUMENT_URL.search(url)
    return int(match.group(1)) if match else None


def small_docx(marker: str) -> bytes:
    """A small real Word document, different each time (the library refuses a file it already holds)."""
    import docx

    document = docx.Document()
    document.add_heading("Báo cáo tình hình thực hiện nhiệm vụ", level=1)
    document.add_paragraph(f"Mã kiểm thử tải: {marker}.")
    document.add_paragraph(
        "Điều 1. Các cơ quan, đơn vị báo cáo kết quả thực hiện nhiệm vụ trước ngày 25 hằng tháng. "
        "Điều 2. Văn phòng tổng hợp, trình Chủ tịch Ủy ban nhân dân tỉnh."
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def locust_summary(csv_text: str) -> dict[str, float]:
    """The aggregated row of Locust's ``*_stats.csv``: requests, failures, req/s, p50/p95/p99 ms, error rate."""
    import csv

    for row in csv.DictReader(io.StringIO(csv_text)):
        if row.get("Name") == "Aggregated":
            requests = int(row["Request Count"])
            failures = int(row["Failure Count"])
            return {
                "requests": requests,
                "failures": failures,
                "rps": float(row["Requests/s"]),
                "p50": _number(row["50%"]),
                "p95": _number(row["95%"]),
                "p99": _number(row["99%"]),
                "error_rate": failures / requests if requests else 0.0,
            }
    return {"requests": 0, "failures": 0, "rps": 0.0, "p50": NAN, "p95": NAN, "p99": NAN, "error_rate": 0.0}


NAN = float("nan")


def _number(text: str) -> float:
    """A percentile of Locust's CSV; ``N/A`` (no request finished in the step) is NaN, printed as "—"."""
    try:
        return float(text)
    except (TypeError, ValueError):
        return NAN


def ms(value: float) -> str:
    return "—" if value != value else f"{value:.0f}"


def window(log_lines: list[str], start: float, end: float) -> tuple[int, int]:
    """Requests and failed requests of the request log (``time\\tname\\tok\\tms``) between start and end."""
    total = failed = 0
    for line in log_lines:
        parts = line.split("\t")
        if len(parts) < 4:
            continue
        at = float(parts[0])
        if start <= at <= end:
            total += 1
            failed += parts[2] == "0"
    return total, failed


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table, columns padded (printed by the bench and pasted into bench/README.md)."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])
