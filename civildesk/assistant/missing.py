"""A question naming a law the library does not hold (for this user): say so, naming the law.

"Thời hạn giải quyết khiếu nại theo Luật Khiếu nại?" over a library without
the Law on Complaints used to cite the nearest article of another law (the
Law on Administrative Procedure). Now the answer is "Thư viện chưa có Luật
Khiếu nại; câu hỏi này thuộc Luật Khiếu nại 2011 (số 02/2011/QH13)", in the
question's language. The laws are known from ``law_catalogue.json``.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from civildesk.library.models import Document, Status

from . import catalogue


def held_titles(user: Any) -> list[str]:
    """Titles and numbers of the laws, codes and constitution this user may read."""
    rows = (
        Document.objects.readable_by(user)
        .filter(status=Status.READY)
        .filter(
            Q(title__icontains="luật")
            | Q(title__icontains="hiến pháp")
            | Q(title__icontains="/QH")
            | Q(number_symbol__icontains="/QH")
        )
        .values_list("title", "number_symbol")
    )
    return [text for row in rows for text in row if text]


def missing_law(user: Any, question: str, titles: list[str] | None = None) -> catalogue.Law | None:
    """The first law the question names that no document this user may read is.

    ``titles``: :func:`held_titles` of ``user``, when the caller has them already.
    """
    named = catalogue.named_in(question)
    if not named:
        return None
    titles = held_titles(user) if titles is None else titles
    return next((law for law in named if not catalogue.held(law, titles)), None)


def subject_law(
    user: Any,
    question: str,
    scores: dict[catalogue.Law, float],
    titles: list[str] | None = None,
    *,
    people: Collection[catalogue.Law] | None = None,
) -> tuple[catalogue.Law | None, catalogue.Law | None]:
    """(the held law the question is about, the missing law it is about): at most one is given.

    "Thời hạn giải quyết khiếu nại lần đầu?" names no law but is about the Law
    on Complaints: when the library lacks it, the second is that law. A
    question about a law the library holds ("viên chức" and "kỷ luật": the
    Law on Public Employees) gives the first, which the answer prefers.
    A missing law wins only with a whole topic and a stronger match, or an
    equal one when the held law governs named people and the question names
    none of them: "Người lao động được nghỉ hằng năm bao nhiêu ngày?" is about
    the Labour Code's workers ("người lao động"), not the Law on Public
    Employees' "nghỉ hằng năm", which is about its "viên chức".
    ``scores``: the question's subjects (:func:`catalogue.subjects_of`);
    ``people``: the laws whose people it names (:func:`catalogue.people_in`), given for Vietnamese
    questions only: the glossary renders "employee" and "কর্মচারী" as "người lao động", the Labour Code's
    workers, although a public service unit's employees are the Law on Public Employees' "viên chức".
    """
    if not scores:
        return None, None
    titles = held_titles(user) if titles is None else titles
    named = [law for law in catalogue.named_in(question) if catalogue.held(law, titles)]
    if named:  # "Theo Luật Viên chức, ..." about inspection: the law it names, not the topic's
        return named[0], None
    held = {law: s for law, s in scores.items() if catalogue.held(law, titles)}
    lacking = {law: s for law, s in scores.items() if law not in held}
    best_held = max(held, key=lambda law: held[law], default=None)
    best_lacking = max(lacking, key=lambda law: lacking[law], default=None)
    if best_lacking is not None and lacking[best_lacking] >= 1:
        margin = lacking[best_lacking] - held.get(best_held, 0.0)  # type: ignore[arg-type]
        not_its_people = (
            people is not None and best_held is not None and bool(best_held.who) and best_held not in people
        )
        if margin > 0 or (margin == 0 and not_its_people):
            return None, best_lacking
    return best_held, None


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
