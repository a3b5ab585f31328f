"""Tests of the citation check, without a server: known answers in, checked text out."""

from __future__ import annotations

import subprocess
import sys

import pytest

from civildesk.assistant.citations import Source, check_citations

SOURCES = [
    Source(
        label="Khoản 1 Điều 28 Luật Viên chức",
        law="Luật Viên chức",
        article="28",
        text="Viên chức được nghỉ hằng năm, nghỉ lễ, Tết, nghỉ việc riêng theo quy định của pháp luật về lao động.",
    ),
    Source(
        label="Điều 12 Bộ luật Dân sự",
        law="Bộ luật Dân sự năm 2015",
        article="12",
        text="Cá nhân, pháp nhân phải tự chịu trách nhiệm về việc thực hiện quyền dân sự.",
    ),
]


def test_the_citation_check_imports_without_django_or_http():
    code = "import sys, civildesk.assistant.citations;sys.exit('django' in sys.modules or 'http.client' in sys.modules)"

    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.parametrize(
    "text",
    [
        "Theo Điều 28 Luật Viên chức, viên chức được nghỉ.",
        "Viên chức được nghỉ (Khoản 1 Điều 28 Luật Viên chức).",
        "Điểm a Khoản 1 Điều 28 Luật Viên chức cho phép nghỉ.",
        "khoản 3 điều 28 luật viên chức năm 2010 cho phép nghỉ.",
        "Điều 12 Bộ luật Dân sự quy định trách nhiệm.",
        "Điều 12 Bộ luật Dân sự 2015 quy định trách nhiệm.",
        "Theo Điều 28, viên chức được nghỉ.",
        "Điều 28 luật này quy định việc nghỉ.",
        "Under Article 28, public employees may take leave.",
        "Clause 1 of Article 28 of the Law on Public Employees allows leave.",
        "Viên chức có quyền nghỉ phép; không có trích dẫn nào.",
    ],
)
def test_citations_of_the_sources_are_kept(text):
    assert check_citations(text, SOURCES) == (text, [])


@pytest.mark.parametrize(
    ("text", "expected", "removed"),
    [
        (
            "Viên chức được nghỉ phép (theo Điều 99 Luật Không Có).",
            "Viên chức được nghỉ phép.",
            ["Điều 99 Luật Không Có"],
        ),
        ("Theo Điều 99 Luật Không Có, viên chức được nghỉ.", "Viên chức được nghỉ.", ["Điều 99 Luật Không Có"]),
        (
            "Viên chức được nghỉ theo quy định tại Điểm b Khoản 2 Điều 30 Luật Viên chức.",
            "Viên chức được nghỉ.",
            ["Điểm b Khoản 2 Điều 30 Luật Viên chức"],
        ),
        (
            # the article exists in the sources, but in another law
            "Điều 28 Bộ luật Dân sự và Điều 12 Bộ luật Dân sự đều áp dụng.",
            "Điều 12 Bộ luật Dân sự đều áp dụng.",
            ["Điều 28 Bộ luật Dân sự"],
        ),
        (
            "Viên chức được nghỉ (Điều 28 Luật Viên chức; Điều 99 Hiến pháp).",
            "Viên chức được nghỉ (Điều 28 Luật Viên chức).",
            ["Điều 99 Hiến pháp"],
        ),
        ("Xem Điều 99 Luật Không Có. Viên chức được nghỉ.", "Viên chức được nghỉ.", ["Điều 99 Luật Không Có"]),
        (
            "Public employees may rest under Article 99 of the Civil Code.",
            "Public employees may rest.",
            ["Article 99 of the Civil Code"],
        ),
        (
            "According to Clause 2 of Article 40, employees may rest.",
            "Employees may rest.",
            ["Clause 2 of Article 40"],
        ),
        ("কর্মচারীরা ছুটি পাবেন (ধারা ৯৯)।", "কর্মচারীরা ছুটি পাবেন।", ["ধারা ৯৯"]),
    ],
)
def test_citations_outside_the_sources_are_removed(text, expected, removed):
    assert check_citations(text, SOURCES) == (expected, removed)


def test_without_sources_every_citation_is_removed():
    assert check_citations("Theo Điều 28 Luật Viên chức, viên chức được nghỉ.", []) == (
        "Viên chức được nghỉ.",
        ["Điều 28 Luật Viên chức"],
    )
