"""The assistant's empty state: questions to try (per role, held as data) and what the library holds."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import Count
from django.utils.translation import ngettext

from civildesk.library.models import DocType, Document, Status

SUGGESTIONS_FILE = Path(__file__).with_name("suggestions.json")
PUBLIC = "public"
DEFAULT_ROLE = "staff"
LIMIT = 6


@cache
def suggestion_table() -> dict[str, list[dict[str, str]]]:
    """suggestions.json: per role ("public" for the widget), questions and the document that answers each."""
    data = json.loads(SUGGESTIONS_FILE.read_text(encoding="utf-8"))
    return {role: list(items) for role, items in data.items() if not role.startswith("_")}


def suggestions() -> dict[str, list[str]]:
    """Suggested questions by role."""
    return {role: [item["question"] for item in items] for role, items in suggestion_table().items()}


def suggestions_for(user: Any) -> list[str]:
    """The questions to offer this user: those of each of their roles, then the staff ones, at most LIMIT."""
    table = suggestions()
    if not getattr(user, "is_authenticated", False):
        return table.get(PUBLIC, [])[:LIMIT]
    roles = list(dict.fromkeys(user.role_assignments.values_list("role", flat=True)))
    chosen: list[str] = []
    for role in [*roles, DEFAULT_ROLE]:
        for question in table.get(role, []):
            if question not in chosen:
                chosen.append(question)
    return chosen[:LIMIT]


def library_overview(user: Any) -> str:
    """One line: how many documents of each type this user may ask about ("" when none)."""
    rows = (
        Document.objects.readable_by(user)
        .filter(status=Status.READY)
        .values("doc_type")
        .annotate(n=Count("pk"))
        .order_by("-n", "doc_type")
    )
    counts = [(row["doc_type"], row["n"]) for row in rows]
    total = sum(n for _, n in counts)
    if not total:
        return ""
    labels = dict(DocType.choices)
    parts = ", ".join(f"{labels.get(t, t)}: {n}" for t, n in counts)
    return ngettext(
        "The library you can ask about holds %(n)d document (%(parts)s).",
        "The library you can ask about holds %(n)d documents (%(parts)s).",
        total,
    ) % {"n": total, "parts": parts}


__all__ = ["library_overview", "suggestions", "suggestions_for"]
