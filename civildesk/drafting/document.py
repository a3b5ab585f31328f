"""The document model every output is made from: a plain dataclass, no Django.

The web form, the JSON API and ``manage.py render_document`` all fill an
:class:`OfficialDocument`; ``layout.py`` turns it into lines laid out per
Decree 30/2020/NĐ-CP and ``render.py`` writes the same layout as HTML, PDF
and DOCX, so the outputs cannot disagree.

``OfficialDocument.from_dict`` is the one validator of outside data (JSON
files, API bodies): it returns a document or raises :class:`DocumentDataError`
listing every problem with the field it belongs to.
"""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

# Document types handled here, with the abbreviation of their name used in the
# symbol ("ký hiệu"). Decree 30/2020/NĐ-CP, Appendix III (Bảng chữ viết tắt
# tên loại văn bản): Quyết định QĐ, Tờ trình TTr, Báo cáo BC, Giấy mời GM,
# Kế hoạch KH, Thông báo TB. A Công văn has no abbreviation: its symbol is the
# agency's abbreviation and the drafting unit's (Appendix I, Part I, II.3.b).
DOC_TYPES: dict[str, tuple[str, str]] = {
    # code: (name as printed in the document title, abbreviation in the symbol)
    "QD": ("Quyết định", "QĐ"),
    "CV": ("Công văn", ""),
    "TTR": ("Tờ trình", "TTr"),
    "BC": ("Báo cáo", "BC"),
    "GM": ("Giấy mời", "GM"),
    "KH": ("Kế hoạch", "KH"),
    "TB": ("Thông báo", "TB"),
}

# Signing authority (thẩm quyền ký), Decree 30/2020/NĐ-CP, Article 13 and
# Appendix I, Part I, II.7.a: "TM." on behalf of a collective body, "KT." signing
# for the head, "Q." acting head, "TL." by order of the head, "TUQ." by
# authorisation of the head; "" when the head signs in their own name.
AUTHORITIES: dict[str, str] = {
    "": "the head signs in their own name",
    "TM": "on behalf of a collective body (thay mặt)",
    "KT": "signing for the head (ký thay)",
    "Q": "acting head (quyền)",
    "TL": "by order of the head (thừa lệnh)",
    "TUQ": "by authorisation of the head (thừa ủy quyền)",
}

# Prefixes that need the name of the body or the head's title they sign for.
NEEDS_ON_BEHALF_OF = frozenset({"TM", "KT", "TL", "TUQ"})

MAX_NUMBER = 99_999
FIELD_LIMITS = {
    "parent_agency": 255,
    "agency": 255,
    "agency_code": 32,
    "unit_code": 32,
    "place": 64,
    "subject": 500,
    "issuer_authority": 255,
    "on_behalf_of": 255,
    "signer_title": 255,
    "signer_name": 255,
}

# What one document may hold, so that laying it out stays in seconds: a body
# of 32,000 one-letter lines took 72 s to render as PDF (a 2 MB body, 310 s);
# 1,000 paragraphs of 100 characters take about 8 s (see docs/security.md).
BODY_MAX_CHARS = 100_000
BODY_MAX_PARAGRAPHS = 1_000
LIST_MAX_ITEMS = 100  # addressees, legal bases, recipients
LIST_ITEM_MAX_CHARS = 1_000


class DocumentDataError(ValueError):
    """Bad document data. ``errors`` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


def _lines(value: str | list[str]) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()
    return [nfc(v) for v in value if nfc(v)]


@dataclass
class OfficialDocument:
    """One administrative document, as typed by its author (before layout)."""

    doc_type: str
    agency: str
    agency_code: str
    subject: str
    body: str
    signer_title: str
    signer_name: str
    parent_agency: str = ""
    unit_code: str = ""
    place: str = ""
    number: int | None = None
    issued_on: date | None = None
    addressees: list[str] = field(default_factory=list)
    legal_bases: list[str] = field(default_factory=list)
    issuer_authority: str = ""
    recipients: list[str] = field(default_factory=list)
    authority: str = ""
    on_behalf_of: str = ""

    # --- reading and writing plain data ------------------------------------

    @classmethod
    def from_dict(cls, data: Any) -> OfficialDocument:
        """Validate plain data (e.g. parsed JSON) and build a document."""
        errors: dict[str, list[str]] = {}

        def err(name: str, message: str) -> None:
            errors.setdefault(name, []).append(message)

        if not isinstance(data, dict):
            raise DocumentDataError({"__all__": ["expected a JSON object with the document's fields"]})
        known = set(cls.__dataclass_fields__)
        for key in data:
            if key not in known:
                err(key, "unknown field")
        values: dict[str, Any] = {}
        for name in (
            "doc_type",
            "agency",
            "agency_code",
            "subject",
            "body",
            "signer_title",
            "signer_name",
            "parent_agency",
            "unit_code",
            "place",
            "issuer_authority",
            "authority",
            "on_behalf_of",
        ):
            raw = data.get(name, "")
            if raw is None:
                raw = ""
            if not isinstance(raw, str):
                err(name, "must be a string")
                continue
            values[name] = nfc(raw)
        for name in ("addressees", "legal_bases", "recipients"):
            raw = data.get(name, [])
            if isinstance(raw, str) or (isinstance(raw, list) and all(isinstance(v, str) for v in raw)):
                values[name] = _lines(raw)
            else:
                err(name, "must be a list of strings")
        number = data.get("number")
        if number is not None and (isinstance(number, bool) or not isinstance(number, int)):
            err("number", "must be a whole number or null")
            number = None
        values["number"] = number
        issued_on = data.get("issued_on")
        if issued_on in (None, ""):
            values["issued_on"] = None
        elif isinstance(issued_on, date):
            values["issued_on"] = issued_on
        elif isinstance(issued_on, str):
            try:
                values["issued_on"] = date.fromisoformat(issued_on)
            except ValueError:
                err("issued_on", "must be a date written YYYY-MM-DD")
        else:
            err("issued_on", "must be a date written YYYY-MM-DD")
        if errors:
            raise DocumentDataError(errors)
        doc = cls(**{k: values[k] for k in known if k in values})
        doc.validate()
        return doc

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["issued_on"] = self.issued_on.isoformat() if self.issued_on else None
        return data

    def validate(self) -> None:
        """Raise :class:`DocumentDataError` when the document cannot be laid out."""
        errors: dict[str, list[str]] = {}

        def err(name: str, message: str) -> None:
            errors.setdefault(name, []).append(message)

        if self.doc_type not in DOC_TYPES:
            err("doc_type", f"must be one of {', '.join(DOC_TYPES)}")
        for name in ("agency", "agency_code", "place", "subject", "body", "signer_title", "signer_name"):
            if not getattr(self, name):
                err(name, "is required")
        for name, limit in FIELD_LIMITS.items():
            if len(getattr(self, name)) > limit:
                err(name, f"is longer than {limit} characters")
        if len(self.body) > BODY_MAX_CHARS:
            err("body", f"is longer than {BODY_MAX_CHARS} characters")
        if self.body.count("\n") + 1 > BODY_MAX_PARAGRAPHS:
            err("body", f"has more than {BODY_MAX_PARAGRAPHS} paragraphs (lines)")
        for name in ("addressees", "legal_bases", "recipients"):
            items = getattr(self, name)
            if len(items) > LIST_MAX_ITEMS:
                err(name, f"has more than {LIST_MAX_ITEMS} lines")
            if any(len(item) > LIST_ITEM_MAX_CHARS for item in items):
                err(name, f"has a line longer than {LIST_ITEM_MAX_CHARS} characters")
        for name in ("agency_code", "unit_code"):
            code = getattr(self, name)
            if code and (any(c.isspace() for c in code) or "/" in code):
                err(name, "may not contain spaces or '/'")
        if self.doc_type == "CV" and not self.unit_code:
            err("unit_code", "a Công văn's symbol needs the drafting unit's abbreviation")
        if self.authority not in AUTHORITIES:
            err("authority", f"must be one of {', '.join(repr(a) for a in AUTHORITIES)}")
        elif self.authority in NEEDS_ON_BEHALF_OF and not self.on_behalf_of:
            err("on_behalf_of", f"is required when signing {self.authority}.")
        if self.number is not None and not 1 <= self.number <= MAX_NUMBER:
            err("number", f"must be between 1 and {MAX_NUMBER}")
        if errors:
            raise DocumentDataError(errors)

    @property
    def type_name(self) -> str:
        return DOC_TYPES[self.doc_type][0]

    @property
    def is_letter(self) -> bool:
        """A Công văn: no title line, a "V/v" subject under its number."""
        return self.doc_type == "CV"
