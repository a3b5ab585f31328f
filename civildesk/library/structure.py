"""Vietnamese legal-document structure: Phần / Chương / Mục / Điều / Khoản / Điểm.

``parse_structure(text)`` reads the plain text of a law, decree, decision...
(as produced by :mod:`civildesk.library.extract`, one paragraph per line) and
returns its top-level nodes. Each :class:`Node` carries its own text, its
children and a stable ``anchor`` ("chuong-ii/dieu-5a/khoan-1/diem-dd") unique
within the document. ``iter_articles`` yields every Điều with its full text,
which is what the retrieval index stores.

The parser is line-based and deliberately conservative:

* a heading must start a line and begin with a capital letter
  ("Điều 169 của Luật này" at the start of a wrapped line is not a heading;
  nor are "Mục đích ..." or "Chương trình ...");
* clauses ("1.", "1a.") and points ("a)", "đ)") are recognised only inside an
  article and only in sequence (1, 2, 2a, 3 ... / a, b, c, d, đ, e ...), so a
  wrapped line that happens to begin with "2." is not mistaken for a clause;
* text quoted from another document ("“Điều 12. ...” spanning paragraphs, in
  an amending law) stays text of the node that quotes it;
* numbering that restarts (a "PHỤ LỤC", or a regulation issued with a
  decision whose articles start again at Điều 1) opens an appendix node so
  anchors stay unique;
* text before the first heading is a ``preamble`` node (anchor "preamble");
  the signature block after the end mark "./." or "Nơi nhận:" is a
  ``preamble`` node too (anchor "closing").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from .tree import KINDS, LABEL_WORD, LEVEL, SLUG_PREFIX, Article, Node, iter_articles

__all__ = ["KINDS", "Article", "Node", "iter_articles", "parse_structure"]


_ROMAN = r"[IVXLC]+"
_SEP = r"\s*(?:[.:]|[-–—](?=\s))?\s*"
_ORDINALS = {
    "nhất": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "lăm": 5,
    "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10,
}  # fmt: skip
_ORDINAL = r"(?:mười\s+)?(?:nhất|một|hai|ba|tư|bốn|năm|lăm|sáu|bảy|bẩy|tám|chín|mười)"

_PHAN = re.compile(rf"^(?:Phần|PHẦN)\s+(?P<num>(?i:thứ\s+{_ORDINAL})|{_ROMAN}|\d+)\b{_SEP}(?P<rest>.*)$")
_CHUONG = re.compile(rf"^(?:Chương|CHƯƠNG)\s+(?P<num>{_ROMAN}|\d+)\b{_SEP}(?P<rest>.*)$")
_TIEU_MUC = re.compile(rf"^(?:Tiểu\s+mục|TIỂU\s+MỤC)\s+(?P<num>\d+|{_ROMAN})\b{_SEP}(?P<rest>.*)$")
_MUC = re.compile(rf"^(?:Mục|MỤC)\s+(?P<num>\d+|{_ROMAN})\b{_SEP}(?P<rest>.*)$")
_DIEU = re.compile(r"^(?:Điều|ĐIỀU)\s+(?P<num>\d+[a-zđ]?)\s*(?:(?:[.:]|[-–—](?=\s))\s*(?P<rest>.*)|$)")
_PHU_LUC = re.compile(
    rf"^(?:Phụ\s+lục|PHỤ\s+LỤC)(?:\s+(?:(?i:số)\s+)?(?P<num>{_ROMAN}|\d+[a-z]?))?\b{_SEP}(?P<rest>.*)$"
)
_KHOAN = re.compile(r"^(?P<num>\d{1,3}[a-zđ]?)\.\s*(?P<rest>\S.*)$")
_DIEM = re.compile(r"^(?P<num>[a-zđ])\)\s*(?P<rest>\S.*)$")

_OPEN_QUOTES = '“„«"‘'
_CLOSE_FOR = {"“": "”", "„": "”", "«": "»", "\"": "\"", "‘": "’"}  # fmt: skip
# Vietnamese point letters (no f, j, w, z); some documents use the Latin order.
_POINT_ORDER = "abcdđeghiklmnopqrstuvxy"
_LATIN_ORDER = "abcdefghijklmnopqrstuvwxyz"
_END_MARK = re.compile(r"\./\.?\s*$|^\s*\./\.\s*$")
_CLOSING_START = re.compile(r"^(Nơi\s+nhận\s*:|(TM|KT|TL|TUQ)\.\s+\S)")
_ATTACHMENT_NOTE = re.compile(r"^[(\[]?\s*(?:Ban\s+hành\s+)?kèm\s+theo\b", re.IGNORECASE)
_ATTACHMENT_WORDS = {"QUY", "ĐIỀU", "HƯỚNG", "KẾ", "NỘI", "DANH", "CHƯƠNG", "ĐỀ", "PHƯƠNG"}
_QUOTE_SCAN_LIMIT = 2000  # lines a quotation may span


def parse_structure(text: str) -> list[Node]:
    """Parse ``text`` into its top-level nodes (a preamble node first, if any)."""
    return _Parser(text).run()


def _is_upper_start(rest: str) -> bool:
    """A heading's title starts with a capital, a digit or a quote, not a lowercase word."""
    rest = rest.strip()
    return not rest or not rest[0].islower()


def _attachment_kind_line(line: str) -> bool:
    """ "QUY ĐỊNH", "QUY CHẾ", "KẾ HOẠCH": the capitalised kind heading an attached text."""
    words = line.split()
    return bool(words) and words[0] in _ATTACHMENT_WORDS and _is_upper_line(line)


def _is_upper_line(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return bool(letters) and all(not ch.islower() for ch in letters)


def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith((".", ";", ":", "!", "?", ".”", ";”", "./."))


def _slug(value: str) -> str:
    value = value.lower().replace("đ", "dd")
    value = unicodedata.normalize("NFKD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", value).strip("-")


def _next_in_order(prev: str, order: str) -> set[str]:
    i = order.find(prev)
    return {order[i + 1]} if 0 <= i < len(order) - 1 else set()


class _Parser:
    def __init__(self, text: str) -> None:
        text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
        self.lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.split("\n")]
        self.quoted = self._quoted_lines()
        self.quoted |= self._table_of_contents()
        self.top: list[Node] = []
        self.stack: list[Node] = []
        self.preamble: Node | None = None
        self.closing: Node | None = None  # set while in the signature block
        self.texts: dict[int, list[str]] = {}  # id(node) -> own text lines
        self.appendix_count = 0

    # -- quotations ------------------------------------------------------

    def _quoted_lines(self) -> set[int]:
        """Indexes of lines inside a multi-line quotation (opened at a line start)."""
        quoted: set[int] = set()
        i = 0
        n = len(self.lines)
        while i < n:
            line = self.lines[i]
            if line and line[0] in _OPEN_QUOTES:
                end = self._quote_end(i)
                if end is not None:
                    quoted.update(range(i, end + 1))
                    i = end + 1
                    continue
                quoted.add(i)  # unbalanced: treat the one line as quoted text
            i += 1
        return quoted

    def _table_of_contents(self) -> set[int]:
        """Lines of a table of contents: three or more article (or chapter) headings in a row with
        nothing between them, most of which appear again, word for word, further down. They are
        text of the preamble, not articles (a saved web page or a DOCX with its "Mục lục")."""
        toc: set[int] = set()
        heading = re.compile(r"^(?:Điều|ĐIỀU|Chương|CHƯƠNG|Mục|MỤC)\s+\S+")
        rows = [(i, re.sub(r"\s+", " ", ln.replace("Ð", "Đ"))) for i, ln in enumerate(self.lines) if ln]
        later: dict[str, int] = {}
        for position, (_i, line) in enumerate(rows):
            if heading.match(line):
                later[line] = position  # the last position of each heading line
        run: list[tuple[int, int, str]] = []

        def close() -> None:
            articles = [r for r in run if r[2].startswith(("Điều", "ĐIỀU"))]
            if len(articles) >= 3 and sum(1 for _i, p, ln in articles if later.get(ln, p) > run[-1][1]) >= 0.8 * len(
                articles
            ):
                toc.update(i for i, _p, _ln in run)

        for position, (i, line) in enumerate(rows):
            if heading.match(line) and not _ends_sentence(line) and len(line) <= 200:
                if any(line == ln for _i, _p, ln in run):  # the contents are over: the body starts again
                    close()
                    run = []
                run.append((i, position, line))
                continue
            if run:
                close()
                run = []
        if run:
            close()
        return toc

    def _quote_end(self, start: int) -> int | None:
        opener = self.lines[start][0]
        closer = _CLOSE_FOR[opener]
        depth = 0
        for j in range(start, min(len(self.lines), start + _QUOTE_SCAN_LIMIT)):
            line = self.lines[j]
            if opener == closer:
                depth = (depth + line.count(opener)) % 2
                if depth == 0:
                    return j
            else:
                depth += line.count(opener) - line.count(closer)
                if depth <= 0:
                    return j
        return None

    # -- node bookkeeping -------------------------------------------------

    def _attach(self, node: Node) -> None:
        level = LEVEL[node.kind]
        while (
            self.stack
            and LEVEL[self.stack[-1].kind] >= level
            and not (self.stack[-1].kind == "phu_luc" and node.kind != "phu_luc")
        ):
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        siblings = parent.children if parent else self.top
        siblings.append(node)
        self.stack.append(node)
        self.texts[id(node)] = []
        self.closing = None

    def _append_text(self, line: str) -> None:
        if self.closing is not None:
            target = self.closing
        elif self.stack:
            target = self.stack[-1]
        else:
            if self.preamble is None:
                self.preamble = Node(kind="preamble", anchor="preamble", label="Mở đầu", line=1)
                self.top.append(self.preamble)
                self.texts[id(self.preamble)] = []
            target = self.preamble
        self.texts[id(target)].append(line)

    def _start_closing(self, index: int) -> None:
        self.closing = Node(kind="preamble", anchor="closing", label="Phần kết", line=index + 1)
        self.top.append(self.closing)
        self.texts[id(self.closing)] = []
        self.stack = [n for n in self.stack if n.kind == "phu_luc"][:1]

    def _scope(self) -> Node | None:
        """The appendix node we are in, if any."""
        return self.stack[0] if self.stack and self.stack[0].kind == "phu_luc" else None

    def _scope_nodes(self) -> Iterator[Node]:
        scope = self._scope()
        if scope is not None:
            yield from scope.walk()
        else:
            for node in self.top:
                if node.kind != "phu_luc":
                    yield from node.walk()

    def _enclosing(self, kind: str) -> Node | None:
        for node in reversed(self.stack):
            if node.kind == kind:
                return node
        return None

    # -- main loop ---------------------------------------------------------

    def run(self) -> list[Node]:
        i = 0
        n = len(self.lines)
        while i < n:
            line = self.lines[i]
            if not line:
                i += 1
                continue
            if i in self.quoted:
                self._append_text(line)
                i += 1
                continue
            consumed = self._heading(i)
            if consumed:
                i += consumed
                continue
            if not self._clause_or_point(i):
                if self.closing is None and self.stack and _CLOSING_START.match(line):
                    self._start_closing(i)
                self._append_text(line)
                if self.closing is None and self.stack and _END_MARK.search(line):
                    self._start_closing(i + 1)
            i += 1
        self._finish()
        return self.top

    def _heading(self, i: int) -> int:
        """Try the structural headings at line ``i``; return lines consumed (0 = none)."""
        line = self.lines[i].replace("Ð", "Đ")  # Icelandic eth from legacy fonts / OCR
        for kind, pattern in (
            ("phu_luc", _PHU_LUC),
            ("phan", _PHAN),
            ("tieu_muc", _TIEU_MUC),
            ("chuong", _CHUONG),
            ("muc", _MUC),
            ("dieu", _DIEU),
        ):
            match = pattern.match(line)
            if not match:
                continue
            rest = (match.group("rest") or "").strip()
            if not _is_upper_start(rest):
                return 0
            number = (match.group("num") or "").strip()
            if kind == "dieu":
                return self._article(i, number, rest)
            return self._section(i, kind, number, rest)
        return 0

    def _section(self, i: int, kind: str, number: str, rest: str) -> int:
        label_number = number
        if kind == "phan" and number.lower().startswith("thứ"):
            words = number.lower().split()[1:]
            value = sum(_ORDINALS.get(w, 0) for w in words)
            label_number = "thứ " + " ".join(words)
            number = str(value) if value else " ".join(words)
        if kind == "phu_luc":
            self._open_appendix(i, number, label_number)
            node = self.stack[-1]
        else:
            if kind == "chuong" and self._restarts("chuong", number):
                self._open_appendix(i, "", "", implicit=True)
            node = Node(kind=kind, number=number, line=i + 1)
            node.label = f"{LABEL_WORD[kind]} {label_number}".strip()
            self._attach(node)
        consumed = 1
        title_lines = [rest] if rest else []
        if not rest:
            j = self._next_nonempty(i + 1)
            if j is not None and self._plain_line(j) and len(self.lines[j]) <= 300:
                title_lines.append(self.lines[j])
                consumed = j - i + 1
                if _is_upper_line(self.lines[j]):
                    k = self._next_nonempty(j + 1)
                    while (
                        k is not None and self._plain_line(k) and _is_upper_line(self.lines[k]) and len(title_lines) < 4
                    ):
                        title_lines.append(self.lines[k])
                        consumed = k - i + 1
                        k = self._next_nonempty(k + 1)
        node.title = " ".join(title_lines)
        return consumed

    def _article(self, i: int, number: str, rest: str) -> int:
        if self._restarts("dieu", number):
            self._open_appendix(i, "", "", implicit=True)
        node = Node(kind="dieu", number=number, label=f"Điều {number}", line=i + 1)
        self._attach(node)
        consumed = 1
        if rest:
            clause = _KHOAN.match(rest)
            if clause and clause.group("num") == "1":
                # "Điều 11. 1. Tổ quốc Việt Nam ..." (no title, clause 1 inline)
                self._push_clause(node, "1", clause.group("rest"), i)
            elif _ends_sentence(rest) or len(rest) > 300:
                self.texts[id(node)].append(rest)  # "Điều 2. Quyết định này có hiệu lực ..."
            else:
                node.title = rest
        else:
            j = self._next_nonempty(i + 1)
            if (
                j is not None
                and self._plain_line(j)
                and not _KHOAN.match(self.lines[j])
                and not _DIEM.match(self.lines[j])
                and not _ends_sentence(self.lines[j])
                and len(self.lines[j]) <= 300
            ):
                node.title = self.lines[j]
                consumed = j - i + 1
        return consumed

    def _restarts(self, kind: str, number: str) -> bool:
        """Numbering starts again: a second "Điều 1", or "Chương I" after articles/chapters."""
        if kind == "dieu":
            return number == "1" and any(n.kind == "dieu" for n in self._scope_nodes())
        if number not in ("I", "1"):
            return False
        part = self._enclosing("phan")
        if part is not None and not any(c.kind == "chuong" for c in part.children):
            return False  # chapters may restart in each part
        return any(n.kind in ("chuong", "dieu") for n in self._scope_nodes())

    def _open_appendix(self, i: int, number: str, label_number: str, *, implicit: bool = False) -> None:
        self.appendix_count += 1
        node = Node(kind="phu_luc", number=number, line=i + 1)
        if implicit:
            node.label = "Văn bản kèm theo"
        else:
            node.label = f"Phụ lục {label_number}".strip()
        self.stack = []
        self._attach(node)
        if implicit:
            self._adopt_attachment_heading(node)

    def _adopt_attachment_heading(self, node: Node) -> None:
        """Move "QUY ĐỊNH / Về ... / (Ban hành kèm theo ...)" from the closing into ``node``."""
        closing = self.top[-2] if len(self.top) >= 2 and self.top[-2].anchor == "closing" else None
        if closing is None:
            return
        lines = self.texts[id(closing)]
        note = max((k for k, ln in enumerate(lines) if _ATTACHMENT_NOTE.match(ln)), default=None)
        if note is None:
            return
        start = note
        while start > max(0, note - 6):
            previous = lines[start - 1]
            if not (_is_upper_line(previous) or previous.startswith(("Về ", "về "))):
                break
            start -= 1
            if previous.split()[0] in _ATTACHMENT_WORDS:
                break
        if start == note:
            # "QUY ĐỊNH" / "Chế độ họp trong ..." / "(Ban hành kèm theo ...)": a subject line of its own words
            kind = next(
                (k for k in range(note - 1, max(-1, note - 4), -1) if _attachment_kind_line(lines[k])),
                None,
            )
            if kind is not None:
                start = kind
        node.title = " ".join(lines[start:note])
        self.texts[id(node)] = lines[note : note + 1]
        self.texts[id(closing)] = lines[:start] + lines[note + 1 :]

    def _plain_line(self, j: int) -> bool:
        """Line ``j`` is not a heading, a clause or quoted text."""
        if j in self.quoted:
            return False
        line = self.lines[j].replace("Ð", "Đ")
        for pattern in (_PHU_LUC, _PHAN, _TIEU_MUC, _CHUONG, _MUC, _DIEU):
            match = pattern.match(line)
            if match and _is_upper_start(match.group("rest") or ""):
                return False
        return True

    def _next_nonempty(self, j: int) -> int | None:
        while j < len(self.lines):
            if self.lines[j]:
                return j
            j += 1
        return None

    # -- clauses and points -------------------------------------------------

    def _clause_or_point(self, i: int) -> bool:
        if self.closing is not None:
            return False
        article = self._enclosing("dieu")
        if article is None:
            return False
        line = self.lines[i]
        match = _KHOAN.match(line)
        if match and self._clause_follows(article, match.group("num")):
            self._push_clause(article, match.group("num"), match.group("rest"), i)
            return True
        match = _DIEM.match(line)
        if match:
            container = self._enclosing("khoan") or article
            if container is article and any(c.kind == "khoan" for c in article.children):
                return False
            if self._point_follows(container, match.group("num")):
                self.stack = self.stack[: self.stack.index(container) + 1]
                node = Node(kind="diem", number=match.group("num"), line=i + 1)
                node.label = f"Điểm {node.number}"
                self._attach(node)
                self.texts[id(node)].append(match.group("rest"))
                return True
        return False

    def _push_clause(self, article: Node, number: str, rest: str, i: int) -> None:
        self.stack = self.stack[: self.stack.index(article) + 1]
        node = Node(kind="khoan", number=number, label=f"Khoản {number}", line=i + 1)
        self._attach(node)
        self.texts[id(node)].append(rest)

    @staticmethod
    def _clause_follows(article: Node, number: str) -> bool:
        previous = [c.number for c in article.children if c.kind == "khoan"]
        if not previous:
            return number in ("1", "1a")
        last = previous[-1]
        digits, letter = re.fullmatch(r"(\d+)([a-zđ]?)", last).groups()  # type: ignore[union-attr]
        value = int(digits)
        # value + 2: a repealed clause left out of a consolidated text
        candidates = {str(value + 1), str(value + 2), f"{value}a" if not letter else ""}
        if letter:
            candidates |= {f"{value}{nxt}" for nxt in _next_in_order(letter, _LATIN_ORDER)}
        return number in candidates

    @staticmethod
    def _point_follows(container: Node, letter: str) -> bool:
        previous = [c.number for c in container.children if c.kind == "diem"]
        if not previous:
            return letter == "a"
        last = previous[-1]
        allowed = _next_in_order(last, _POINT_ORDER) | _next_in_order(last, _LATIN_ORDER)
        if last == "d":
            allowed.add("e")  # some documents skip "đ"
        return letter in allowed

    # -- finishing -----------------------------------------------------------

    def _finish(self) -> None:
        self.top = [n for n in self.top if n.children or self.texts.get(id(n)) or n.kind != "preamble"]
        for node in self._all_nodes():
            node.text = "\n".join(self.texts.get(id(node), []))
        self._assign_anchors()

    def _all_nodes(self) -> Iterator[Node]:
        for node in self.top:
            yield from node.walk()

    def _assign_anchors(self) -> None:
        seen: set[str] = set()
        closing_count = 0

        def visit(node: Node, prefix: str) -> None:
            nonlocal closing_count
            if node.kind == "preamble":
                base = node.anchor or "preamble"
                if base == "closing":
                    closing_count += 1
                    base = "closing" if closing_count == 1 else f"closing-{closing_count}"
            elif node.kind == "phu_luc" and not node.number:
                base = "van-ban-kem-theo" if node.label == "Văn bản kèm theo" else "phu-luc"
            else:
                base = f"{SLUG_PREFIX[node.kind]}-{_slug(node.number)}"
            anchor = f"{prefix}/{base}" if prefix else base
            if anchor in seen:
                k = 2
                while f"{anchor}-{k}" in seen:
                    k += 1
                anchor = f"{anchor}-{k}"
            seen.add(anchor)
            node.anchor = anchor
            for child in node.children:
                visit(child, anchor)

        for node in self.top:
            visit(node, "")
