"""The example documents (docs/examples/drafting/*.json), for tests. No Django here."""

from __future__ import annotations

import json
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples" / "drafting"
TYPES = ["QD", "CV", "TTR", "BC", "GM", "KH", "TB"]


def example(doc_type: str) -> dict:
    return json.loads((EXAMPLES / f"{doc_type}.json").read_text(encoding="utf-8"))
