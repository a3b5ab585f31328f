"""A question naming a law the library does not hold (for this user): say so, naming the law.

"Thời hạn giải quyết khiếu nại theo Luật Khiếu nại?" over a library without
the Law on Complaints used to cite the nearest article of another law (the
Law on Administrative Procedure). Now the answer is "Thư viện chưa có Luật
Khiếu nại; câu hỏi này thuộc Luật Khiếu nại 2011 (số 02/2011/QH13)", in the
question's language. The laws are known from ``law_catalogue.json``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from civildesk.library.models import Document, Status

from . import catalogue


def missing_law(user: Any, question: str) -> catalogue.Law | None:
    """The first law the question names that no document this user may read is."""
    named = catalogue.named_in(question)
    if not named:
        return None
    rows = (
        Document.objects.readable_by(user)
        .filter(status=Status.READY)
        .filter(Q(title__icontains="luật") | Q(title__icontains="/QH") | Q(number_symbol__icontains="/QH"))
        .values_list("title", "number_symbol")
    )
    titles = [text for row in rows for text in row if text]
    return next((law for law in named if not catalogue.held(law, titles)), None)


def missing_law_card(law: catalogue.Law, lang: str, *, public: bool) -> dict[str, Any]:
    """The answer card: the library does not hold this law; which law the question falls under."""
    label = {"vi": law.name, "en": f"the {law.en}"}.get(lang, f"{law.name} ({law.en})")
    with translation.override(lang):
        message = _(
            "The library does not hold %(law)s; this question falls under %(law)s %(year)d (No. %(number)s)."
        ) % {
            "law": label,
            "year": law.year,
            "number": law.number,
        }
        hint = (
            _("Its official text is published on the national database of legal documents.")
            if public
            else _(
                "Ask the library's administrator to add this law; until then, read its official text on the "
                "national database of legal documents."
            )
        )
    return {"lang": lang, "answered": False, "message": message, "hint": hint, "others": [], "missing_law": law.name}
