"""The assistant's empty state: questions to try (per role, held as data) and what the library holds."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from django.db.models import Count
from django.utils.translation import get_language, ngettext

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
    """Suggested questions by role (in Vietnamese)."""
    return {role: [item["question"] for item in items] for role, items in suggestion_table().items()}


class Suggestion(NamedTuple):
    text: str
    lang: str  # the question's language, for the button's lang attribute


def suggestions_for(user: Any, language: str | None = None) -> list[Suggestion]:
    """The questions to offer this user: those of each of their roles, then the staff ones, at most LIMIT.

    Within each role, in the interface's language (``language``, default the
    active one) those the demo answers in it, first, then the others in
    Vietnamese: an English or Bengali reader is offered questions they can
    read, still their own role's before the staff ones, and every one is
    answered (``tests/test_demo_suggestions.py``).
    """
    language = (language or get_language() or "vi").split("-")[0]
    table = suggestion_table()
    if not getattr(user, "is_authenticated", False):
        roles = [PUBLIC]
    else:
        roles = [*dict.fromkeys(user.role_assignments.values_list("role", flat=True)), DEFAULT_ROLE]
    chosen: dict[str, Suggestion] = {}  # by the Vietnamese question: each once, in one language
    for role in roles:
        for item in sorted(table.get(role, []), key=lambda item: not _translated(item, language)):
            if item["question"] not in chosen:
                text = _translated(item, language)
                chosen[item["question"]] = Suggestion(text, language) if text else Suggestion(item["question"], "vi")
    return list(chosen.values())[:LIMIT]


def _translated(item: dict[str, str], language: str) -> str:
    """The suggestion in ``language`` when the table gives it ("" in Vietnamese: the question itself is)."""
    return item.get(language, "") if language != "vi" else ""


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


__all__ = ["Suggestion", "library_overview", "suggestions", "suggestions_for"]
