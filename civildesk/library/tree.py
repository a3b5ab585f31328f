"""The tree of a Vietnamese legal document: its nodes (Phần, Chương, Điều, Khoản...) and articles.

:func:`civildesk.library.structure.parse_structure` builds it from text; the
library stores it as JSON and the retrieval index stores its articles.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

__all__ = ["KINDS", "LABEL_WORD", "LEVEL", "SLUG_PREFIX", "Article", "Node", "iter_articles"]

KINDS = ("phu_luc", "phan", "chuong", "muc", "tieu_muc", "dieu", "khoan", "diem", "preamble")
# Depth of each kind in the hierarchy; a heading closes every open node at
# its depth or deeper.
LEVEL = {
    "preamble": 0,
    "phu_luc": 0,
    "phan": 1,
    "chuong": 2,
    "muc": 3,
    "tieu_muc": 4,
    "dieu": 5,
    "khoan": 6,
    "diem": 7,
}
SLUG_PREFIX = {
    "phu_luc": "phu-luc",
    "phan": "phan",
    "chuong": "chuong",
    "muc": "muc",
    "tieu_muc": "tieu-muc",
    "dieu": "dieu",
    "khoan": "khoan",
    "diem": "diem",
}
LABEL_WORD = {
    "phu_luc": "Phụ lục",
    "phan": "Phần",
    "chuong": "Chương",
    "muc": "Mục",
    "tieu_muc": "Tiểu mục",
    "dieu": "Điều",
    "khoan": "Khoản",
    "diem": "Điểm",
}


@dataclass
class Node:
    """One unit of a legal document."""

    kind: str
    number: str = ""  # "I", "5", "5a", "a", "đ"; "" for preamble / unnumbered appendix
    title: str = ""
    text: str = ""  # own text, without the children's and without the "1." / "a)" marker
    children: list[Node] = field(default_factory=list)
    anchor: str = ""
    label: str = ""  # "Điều 5a", "Khoản 1", "Điểm a", "Chương II", "Phần thứ nhất"
    line: int = 0  # 1-based line of the text where the node starts

    @property
    def heading(self) -> str:
        """The heading as printed: "Điều 5. Title", "Chương II. TITLE"."""
        if self.kind in ("khoan", "diem", "preamble"):
            return self.label
        return f"{self.label}. {self.title}" if self.title else self.label

    def walk(self) -> Iterator[Node]:
        """This node and all its descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def full_text(self) -> str:
        """Own text and children's text as it reads in the document."""
        parts: list[str] = []
        if self.kind == "khoan":
            parts.append(f"{self.number}. {self.text}".rstrip())
        elif self.kind == "diem":
            parts.append(f"{self.number}) {self.text}".rstrip())
        elif self.text:
            parts.append(self.text)
        for child in self.children:
            if child.kind in ("khoan", "diem", "preamble"):
                parts.append(child.full_text())
            else:
                parts.append("\n".join(p for p in (child.heading, child.full_text()) if p))
        return "\n".join(p for p in parts if p)


@dataclass
class Article:
    """An article (Điều) as ``iter_articles`` yields it."""

    node: Node
    path: list[Node]  # ancestors, outermost first (appendix, part, chapter, section...)
    text: str  # title, then own text, clauses and points

    @property
    def anchor(self) -> str:
        return self.node.anchor

    @property
    def number(self) -> str:
        return self.node.number

    @property
    def title(self) -> str:
        return self.node.title


def iter_articles(root: Node | Iterable[Node]) -> Iterator[Article]:
    """Every Điều under ``root`` (a node or the list ``parse_structure`` returns)."""
    nodes = [root] if isinstance(root, Node) else list(root)
    for node in nodes:
        yield from _articles(node, [])


def _articles(node: Node, path: list[Node]) -> Iterator[Article]:
    if node.kind == "dieu":
        body = node.full_text()
        text = f"{node.title}\n{body}" if node.title and body else node.title or body
        yield Article(node=node, path=list(path), text=text)
        return
    for child in node.children:
        yield from _articles(child, [*path, node])


# --------------------------------------------------------------------------
# Line patterns
