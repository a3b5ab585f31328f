from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from civildesk.assistant import services, summaries
from civildesk.assistant.models import Conversation, Rating, Summary
from civildesk.library import services as library_services
from civildesk.library.models import Article, Document
from civildesk.org.models import Role


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_answer_cites_the_clause_and_links_to_it(laws, staff_a, client):
    turn = services.ask(user=staff_a, question="Thời gian thử việc của viên chức là bao lâu?")

    assert turn.answered
    assert turn.card["citation"] == "Khoản 2 Điều 28 Luật Viên chức thử nghiệm"
    assert "<mark>Thời gian thử việc từ 03 tháng đến 12 tháng.</mark>" in turn.card["excerpt_html"]
    document = Document.objects.get(title="Luật Viên chức thử nghiệm")
    assert turn.card["url"] == f"/library/{document.pk}/#dieu-28/khoan-2"
    client.force_login(staff_a)
    assert 'id="dieu-28/khoan-2"' in client.get(turn.card["url"].split("#")[0]).content.decode()


def test_question_without_diacritics(laws, staff_a):
    turn = services.ask(user=staff_a, question="thoi gian thu viec cua vien chuc la bao lau")
    assert turn.language == "vi-nodiac"
    assert turn.card["citation"].startswith("Khoản 2 Điều 28")


def test_unrelated_question_is_refused_plainly(laws, staff_a):
    turn = services.ask(user=staff_a, question="Giá xăng RON 95 hôm nay là bao nhiêu?")
    assert not turn.answered
    # A Vietnamese question gets a Vietnamese card, whatever the interface language.
    assert turn.card["lang"] == "vi"
    assert turn.card["message"] == "Tôi không tìm thấy nội dung này trong các văn bản bạn được phép xem."
    assert turn.top_article is None


def test_follow_up_keeps_the_context(laws, staff_a):
    first = services.ask(user=staff_a, question="Viên chức có được tham gia quản lý bệnh viện tư không?")
    assert first.card["citation"].startswith("Khoản 2 Điều 14")

    follow = services.ask(user=staff_a, question="còn công chức thì sao?", conversation=first.conversation)

    assert follow.query.startswith(first.query)
    assert follow.card["citation"].startswith("Khoản 1 Điều 20 Luật Cán bộ, công chức")
    assert follow.conversation.focus_article.number == "20"


def test_a_complete_question_does_not_inherit_context(laws, staff_a):
    first = services.ask(user=staff_a, question="Viên chức có được tham gia quản lý bệnh viện tư không?")
    second = services.ask(
        user=staff_a, question="Thời gian thử việc của viên chức là bao lâu?", conversation=first.conversation
    )
    assert second.query == "Thời gian thử việc của viên chức là bao lâu?"


@pytest.mark.parametrize(
    ("question", "lang", "intro"),
    [
        ("How long is the probation period for public employees?", "en", "According to"),
        ("সরকারি কর্মচারীদের প্রবেশনকাল কত দিন?", "bn", "অনুযায়ী"),
    ],
)
def test_card_is_framed_in_the_question_language(laws, staff_a, question, lang, intro):
    turn = services.ask(user=staff_a, question=question)
    assert turn.card["lang"] == lang
    assert turn.answered
    assert intro in turn.card["intro"]
    assert turn.card["source_language_note"]
    assert "Điều 28" in turn.card["citation"]


def test_an_unanswerable_english_question_is_refused_in_english(laws, staff_a):
    turn = services.ask(user=staff_a, question="What is the price of petrol today?")

    assert not turn.answered
    assert turn.card["lang"] == "en"
    assert turn.card["message"] == "I could not find this in the documents you can access."
    # The nearest articles are listed, with the advice that suits a question in another language.
    assert turn.card["others"]
    assert "ask in Vietnamese" in turn.card["hint"]


def test_a_vietnamese_refusal_does_not_send_the_user_to_vietnamese(laws, staff_a):
    turn = services.ask(user=staff_a, question="Giá xăng RON 95 hôm nay là bao nhiêu?")

    assert not turn.answered
    assert "tiếng Việt" not in turn.card["hint"]


def test_internal_documents_only_answer_their_unit(laws, staff_a, staff_b, django_capture_on_commit_callbacks, units):
    text = "Điều 1. Chế độ trực\nCông chức Sở trực cơ quan vào ngày thứ bảy theo lịch phân công của Chánh Văn phòng."
    with django_capture_on_commit_callbacks(execute=True):
        library_services.document_upload(actor=staff_a, data=text.encode(), filename="noi-quy.txt", unit=units["a"])

    mine = services.ask(user=staff_a, question="Lịch trực cơ quan vào ngày thứ bảy do ai phân công?")
    theirs = services.ask(user=staff_b, question="Lịch trực cơ quan vào ngày thứ bảy do ai phân công?")
    public = services.ask(user=AnonymousUser(), question="Lịch trực cơ quan vào ngày thứ bảy do ai phân công?")

    assert mine.answered and "noi-quy" in mine.card["document_title"]
    for turn in (theirs, public):
        assert all(c["document_id"] != mine.citations[0]["document_id"] for c in turn.citations)


def test_bad_questions_are_refused(laws, staff_a):
    with pytest.raises(ValidationError):
        services.ask(user=staff_a, question=" ")
    with pytest.raises(ValidationError):
        services.ask(user=staff_a, question="x" * 1001)
    assert not Conversation.objects.exists()


def test_nobody_continues_someone_elses_conversation(laws, staff_a, staff_b):
    turn = services.ask(user=staff_a, question="Thời gian thử việc của viên chức là bao lâu?")
    with pytest.raises(PermissionDenied):
        services.ask(user=staff_b, question="còn công chức?", conversation=turn.conversation)
    with pytest.raises(PermissionDenied):
        services.conversation_for(staff_b, turn.conversation_id)


def test_rename_and_delete(laws, staff_a):
    turn = services.ask(user=staff_a, question="Thời gian thử việc của viên chức là bao lâu?")
    services.conversation_rename(user=staff_a, conversation=turn.conversation, title="Thử việc")
    assert Conversation.objects.get().title == "Thử việc"
    with pytest.raises(ValidationError):
        services.conversation_rename(user=staff_a, conversation=turn.conversation, title="  ")
    services.conversation_delete(user=staff_a, conversation=turn.conversation)
    assert not Conversation.objects.of(staff_a).exists()


def test_rating(laws, staff_a, staff_b):
    turn = services.ask(user=staff_a, question="Thời gian thử việc của viên chức là bao lâu?")
    with pytest.raises(ValidationError):
        services.rating_create(user=staff_a, turn=turn, helpful=False)
    with pytest.raises(PermissionDenied):
        services.rating_create(user=staff_b, turn=turn, helpful=True)
    correct = Article.objects.get(number="28")
    services.rating_create(user=staff_a, turn=turn, helpful=False, reason="incomplete", correct_article=correct)
    services.rating_create(user=staff_a, turn=turn, helpful=True)
    assert Rating.objects.get().helpful is True


def test_export_evaluation_set(laws, staff_a, sysadmin):
    turn = services.ask(user=staff_a, question="Thời gian thử việc của viên chức là bao lâu?")
    services.rating_create(user=staff_a, turn=turn, helpful=True)
    exported = services.export_evaluation_set(sysadmin)
    assert exported[0]["text"] == "Thời gian thử việc của viên chức là bao lâu?"
    assert exported[0]["relevant_articles"] == [{"law_id": "Luật Viên chức thử nghiệm", "article_id": "28"}]


def test_export_evaluation_set_holds_only_the_turns_of_units_the_user_reviews(
    laws, staff_a, unit_admin_a, make_persona, units
):
    turn = services.ask(user=staff_a, question="Thời gian thử việc của viên chức là bao lâu?")
    services.rating_create(user=staff_a, turn=turn, helpful=True)
    unit_admin_b = make_persona("admin.b", units["b"], Role.UNIT_ADMIN)

    assert [item["text"] for item in services.export_evaluation_set(unit_admin_a)] == [turn.question]
    assert services.export_evaluation_set(unit_admin_b) == []
    assert services.export_evaluation_set(staff_a) == []  # no review role, not even for one's own questions


def test_summary_is_cached(laws, staff_a):
    document = Document.objects.get(title="Luật Viên chức thử nghiệm")
    first = summaries.document_summary(user=staff_a, document=document)
    second = summaries.document_summary(user=staff_a, document=document)
    assert first.pk == second.pk
    assert [i["citation"] for i in first.items] == [
        "Điều 1 Luật Viên chức thử nghiệm",
        "Điều 14 Luật Viên chức thử nghiệm",
        "Điều 28 Luật Viên chức thử nghiệm",
    ]
    assert Summary.objects.count() == 1


def test_summary_of_a_private_document_is_refused(staff_a, staff_b, units, django_capture_on_commit_callbacks):
    text = "Điều 1. Nội quy\nNội dung nội bộ của Sở."
    with django_capture_on_commit_callbacks(execute=True):
        upload = library_services.document_upload(actor=staff_a, data=text.encode(), filename="a.txt", unit=units["a"])
    with pytest.raises(PermissionDenied):
        summaries.document_summary(user=staff_b, document=upload.document)


def test_file_summary(staff_a, db):
    text = "Điều 1. Phạm vi\nQuy chế này áp dụng cho các phòng.\n\nĐiều 2. Giờ làm việc\nBuổi sáng từ 7 giờ 30."
    summary = summaries.file_summary(user=staff_a, data=text.encode(), filename="quy-che.txt")
    assert [i["citation"] for i in summary.items] == ["Điều 1", "Điều 2"]
    with pytest.raises(ValidationError):
        summaries.file_summary(user=staff_a, data=b"MZ\x90\x00" + b"\x00" * 64, filename="x.pdf")


def test_decide_gives_the_answer_check_each_article_s_title():
    """An English question naming the best article's title needs no lead (abstain.titled): decide passes the title."""
    from types import SimpleNamespace

    def result(title, score):
        article = SimpleNamespace(title=title, text=f"{title}. 1. Hướng dẫn viên du lịch có quyền ...")
        return SimpleNamespace(
            article=article,
            document=SimpleNamespace(title="Luật Du lịch"),
            score=score,
            explain={"dense_similarity": 0.85},
        )

    close = [result("Quyền và nghĩa vụ của hướng dẫn viên du lịch", 1.0), result("Thẻ hướng dẫn viên", 0.99)]
    assert services.decide("What are the rights of a tour guide?", "en", close).answer is True
    close[0].article.title = "Hướng dẫn viên"
    assert services.decide("What are the rights of a tour guide?", "en", close).answer is False
