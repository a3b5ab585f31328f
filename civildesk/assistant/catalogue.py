"""Vietnamese laws by name (data: law_catalogue.json), to say plainly which one the library does not hold.

Plain Python, no Django: :func:`named_in` finds the laws a question names
(with or without diacritics, or by English name); :func:`held` tells whether
one of the given document titles is that law. The service asks both and,
when a named law is missing, answers "the library does not hold it" instead
of citing the nearest article of another law.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from civildesk.text import fold

CATALOGUE_FILE = Path(__file__).with_name("law_catalogue.json")


@dataclass(frozen=True)
class Law:
    name: str  # "Luật Khiếu nại"
    year: int
    number: str  # "02/2011/QH13"
    en: str  # "Law on Complaints"
    aliases: tuple[str, ...] = ()

    @property
    def patterns(self) -> list[re.Pattern[str]]:
        return _patterns(self)


def _key(text: str) -> str:
    """Folded, punctuation as spaces, single-spaced: "Luật Phòng, chống" -> "luat phong chong"."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


@cache
def _patterns(law: Law) -> list[re.Pattern[str]]:
    names = {_key(n) for n in (law.name, law.en, *law.aliases) if n}
    return [re.compile(rf"(?<!\w){re.escape(n)}(?!\w)") for n in sorted(names, key=len, reverse=True)]


@cache
def laws() -> tuple[Law, ...]:
    data = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    return tuple(
        Law(item["name"], int(item["year"]), item["number"], item.get("en", ""), tuple(item.get("aliases", ())))
        for item in data["laws"]
    )


def named_in(question: str) -> list[Law]:
    """The catalogue's laws the question names, in the order the catalogue lists them."""
    key = _key(question)
    return [law for law in laws() if any(p.search(key) for p in law.patterns)]


def held(law: Law, titles: Iterable[str]) -> bool:
    """Whether one of these document titles (or numbers and symbols) is the law: its name or its number.

    A corpus may title a law by its number ("45/2019/QH14" for the Labour Code).
    """
    number = law.number.upper()
    return any(number in title.upper() or any(p.search(_key(title)) for p in law.patterns) for title in titles)
