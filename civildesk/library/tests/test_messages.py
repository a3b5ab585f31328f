"""Every message the extraction seam can give reaches the user translated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

from civildesk.library import extract
from civildesk.library.messages import translate
from civildesk.library.models import FULL_TEXT_ANCHOR, Article

SOURCE = Path(extract.__file__).read_text(encoding="utf-8")
LITERAL = re.findall(r'ExtractionError\(\s*"([^"]+)"', SOURCE)
REFUSED = [message for _, message in extract._REFUSED_MAGIC]


@pytest.mark.parametrize("language", ["vi", "bn"])
@pytest.mark.parametrize("message", sorted(set(LITERAL + REFUSED)))
def test_extraction_messages_are_translated(language, message):
    with translation.override(language):
        assert translate(message) != message


def test_a_windows_program_is_refused_in_vietnamese(db):
    from django.core.exceptions import ValidationError

    from civildesk.library.services import check_upload

    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        check_upload(data=b"MZ\x90\x00" + b"\x00" * 200, filename="quyet-dinh.pdf")
    assert "chương trình Windows" in caught.value.messages[0]
    assert "Windows program" not in caught.value.messages[0]


@pytest.mark.parametrize(("language", "label"), [("vi", "Toàn văn"), ("en", "Full text"), ("bn", None)])
def test_the_full_text_article_is_labelled_in_the_readers_language(language, label):
    # Rows written by older code hold the label in the worker's language.
    for stored in ("Toàn văn", "Full text"):
        article = Article(anchor=FULL_TEXT_ANCHOR, label=stored, title="", text="...", position=0)
        with translation.override(language):
            if label:
                assert article.label_text == label
                assert article.heading == label
            else:
                assert article.label_text not in ("Toàn văn", "Full text")


@pytest.mark.usefixtures("lexical_only")
def test_the_text_of_a_document_is_marked_as_vietnamese_on_an_english_page(
    client, leader_a, units, django_capture_on_commit_callbacks
):
    from civildesk.library import services
    from civildesk.library.models import Scope

    text = (
        "CHÍNH PHỦ\nSố: 1/2026/NĐ-CP\n\nNGHỊ ĐỊNH\nVề lưu trữ\n\nĐiều 1. Phạm vi\nNghị định này quy định về lưu trữ.\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_upload(
            actor=leader_a, data=text.encode(), filename="nd.txt", unit=units["a"], scope=Scope.UNIT
        ).document
    client.force_login(leader_a)
    client.cookies["civildesk_language"] = "en"
    page = client.get(f"/library/{document.pk}/").content.decode()
    assert '<article class="card doc-body" lang="vi">' in page
    assert '<h2>Contents</h2><div lang="vi">' in page
