from __future__ import annotations

import json

import pytest
from django.urls import reverse

from civildesk.assistant.models import Conversation, Turn
from civildesk.org.models import Role
from conftest import make_user

QUESTION = "Thời gian thử việc của viên chức là bao lâu?"


def test_ask_page_flow(client, laws, staff_a):
    client.force_login(staff_a)
    page = client.get(reverse("assistant:index")).content.decode()
    assert "Hỏi trợ lý ảo" in page

    response = client.post(reverse("assistant:ask"), {"question": QUESTION})
    conversation = Conversation.objects.get()
    assert response.status_code == 302 and response["Location"] == conversation.get_absolute_url()
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "Khoản 2 Điều 28 Luật Viên chức thử nghiệm" in page
    assert "<mark>" in page


def test_htmx_ask_returns_the_card_partial(client, laws, staff_a):
    client.force_login(staff_a)
    response = client.post(reverse("assistant:ask"), {"question": QUESTION}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<article class="turn"')
    assert response["HX-Push-Url"] == Conversation.objects.get().get_absolute_url()
    # the side list, which said "your conversations will be listed here", now lists it
    assert '<div id="conv-list" hx-swap-oob="true">' in html
    assert f'href="{Conversation.objects.get().get_absolute_url()}" aria-current="page"' in html
    follow_up = client.post(
        reverse("assistant:ask"),
        {"question": QUESTION, "conversation": str(Conversation.objects.get().pk)},
        headers={"HX-Request": "true"},
    )
    assert "conv-list" not in follow_up.content.decode()  # a follow-up leaves the list alone


def test_empty_question_shows_an_error_and_saves_nothing(client, laws, staff_a):
    client.force_login(staff_a)
    response = client.post(reverse("assistant:ask"), {"question": ""}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert not Turn.objects.exists()


def test_other_users_conversation_is_refused(client, laws, staff_a, units):
    client.force_login(staff_a)
    client.post(reverse("assistant:ask"), {"question": QUESTION})
    conversation = Conversation.objects.get()
    other = make_user("staff.other", units["a"], Role.STAFF)
    client.force_login(other)
    assert client.get(conversation.get_absolute_url()).status_code == 403
    assert (
        client.post(reverse("assistant:ask"), {"question": "còn?", "conversation": conversation.pk}).status_code == 403
    )
    assert client.post(reverse("assistant:delete", args=[conversation.pk])).status_code == 403
    turn = conversation.turns.get()
    assert client.post(reverse("assistant:rate", args=[turn.pk]), {"helpful": "1"}).status_code == 404


def test_rating_through_the_page(client, laws, staff_a):
    client.force_login(staff_a)
    client.post(reverse("assistant:ask"), {"question": QUESTION})
    turn = Turn.objects.get()
    bad = client.post(reverse("assistant:rate", args=[turn.pk]), {"helpful": "0"}, headers={"HX-Request": "true"})
    assert bad.status_code == 400
    ok = client.post(
        reverse("assistant:rate", args=[turn.pk]),
        {"helpful": "0", "reason": "wrong_article", "correct_article": "14"},
        headers={"HX-Request": "true"},
    )
    assert ok.status_code == 200
    turn.refresh_from_db()
    assert turn.rating.correct_article.number == "14"


def test_review_is_for_administrators(client, laws, staff_a, sysadmin):
    client.force_login(staff_a)
    client.post(reverse("assistant:ask"), {"question": "Giá vàng hôm nay bao nhiêu?"})
    assert client.get(reverse("assistant:review")).status_code == 403
    assert client.get(reverse("assistant:review_export")).status_code == 403
    client.force_login(sysadmin)
    page = client.get(reverse("assistant:review")).content.decode()
    assert "Giá vàng hôm nay bao nhiêu?" in page
    assert json.loads(client.get(reverse("assistant:review_export")).content) == []


def test_summary_page(client, laws, staff_a):
    from civildesk.library.models import Document

    client.force_login(staff_a)
    document = Document.objects.get(title="Luật Viên chức thử nghiệm")
    page = client.get(reverse("assistant:summary", args=[document.pk])).content.decode()
    assert "Điều 28 Luật Viên chức thử nghiệm" in page


def test_long_document_summary_runs_as_a_job(client, laws, staff_a, monkeypatch, django_capture_on_commit_callbacks):
    from civildesk.assistant import views
    from civildesk.library.models import Document
    from civildesk.org.models import Job, JobStatus

    monkeypatch.setattr(views, "LONG_DOCUMENT", 1)
    client.force_login(staff_a)
    document = Document.objects.get(title="Luật Viên chức thử nghiệm")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("assistant:summary", args=[document.pk]))
    assert response.status_code == 302 and "?job=" in response["Location"]
    job = Job.objects.get(kind="assistant.summary")
    assert job.status == JobStatus.DONE and job.percent == 100
    page = client.get(reverse("assistant:summary", args=[document.pk])).content.decode()
    assert "Điều 28 Luật Viên chức thử nghiệm" in page  # cached now, served directly


class TestWidget:
    def test_widget_script_points_to_the_embed_page(self, client, db):
        js = client.get(reverse("assistant:widget_js")).content.decode()
        assert "/assistant/embed/" in js

    def test_embed_answers_public_questions_without_login(self, client, laws):
        response = client.post(reverse("assistant:embed"), {"question": QUESTION})
        assert response.status_code == 200
        assert "Khoản 2 Điều 28" in response.content.decode()
        assert "frame-ancestors" in response["Content-Security-Policy"]
        assert "X-Frame-Options" not in response

    def test_embed_never_uses_internal_documents(
        self, client, laws, staff_a, units, django_capture_on_commit_callbacks
    ):
        from civildesk.library import services as library_services

        text = "Điều 1. Mật khẩu wifi\nMật khẩu mạng không dây của Sở là do Văn phòng cấp cho từng công chức."
        with django_capture_on_commit_callbacks(execute=True):
            library_services.document_upload(actor=staff_a, data=text.encode(), filename="wifi.txt", unit=units["a"])
        client.force_login(staff_a)  # even when the browser is logged in, the widget is public
        page = client.post(reverse("assistant:embed"), {"question": "Mật khẩu mạng không dây của Sở do ai cấp?"})
        assert "wifi" not in page.content.decode()
        assert "Mật khẩu wifi" not in page.content.decode()

    def test_embed_is_rate_limited(self, client, laws, settings):
        from django.core.cache import cache

        cache.clear()
        settings.CIVILDESK_WIDGET_RATE = "2/m"
        codes = [client.post(reverse("assistant:embed"), {"question": QUESTION}).status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        cache.clear()

    def test_embed_follow_up_with_signed_token(self, client, laws):
        first = client.post(
            reverse("assistant:embed"), {"question": "Viên chức có được tham gia quản lý bệnh viện tư không?"}
        )
        token = first.context["token"]
        second = client.post(reverse("assistant:embed"), {"question": "còn công chức thì sao?", "c": token})
        assert "Điều 20 Luật Cán bộ, công chức" in second.content.decode()
        forged = client.post(reverse("assistant:embed"), {"question": "còn công chức thì sao?", "c": token + "x"})
        assert forged.status_code == 200 and len(forged.context["turns"]) == 1


@pytest.mark.usefixtures("laws")
def test_assistant_evaluate_command(tmp_path, capsys):
    from django.core.management import call_command

    questions = [
        {
            "text": QUESTION,
            "relevant_articles": [{"law_id": "Luật Viên chức thử nghiệm", "article_id": "28"}],
            "lang": "vi",
        },
        {"text": "Giá vàng hôm nay?", "relevant_articles": [], "lang": "vi"},
    ]
    path = tmp_path / "q.json"
    path.write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
    call_command("assistant_evaluate", questions=str(path), json=True)
    report = json.loads(capsys.readouterr().out)
    assert report["n"] == 2
    assert report["first_citation_accuracy"] == 0.5
    assert report["abstention_rate"] == 0.5
    assert report["wrong_answer_rate"] == 0.0
    assert report["abstain_questions"] == 1 and report["abstained_when_it_should"] == 1.0
    assert set(report) >= {"latency_ms_p50", "latency_ms_p95", "by_lang"}
    assert not Conversation.objects.exists()  # the evaluation leaves nothing behind


@pytest.mark.usefixtures("laws")
def test_assistant_evaluate_counts_wrong_answers_overall_and_by_language(tmp_path, capsys):
    from django.core.management import call_command

    questions = [
        # Answered, but the gold says another article: a wrong answer.
        {
            "text": QUESTION,
            "relevant_articles": [{"law_id": "Luật Viên chức thử nghiệm", "article_id": "14"}],
            "lang": "vi",
        },
        # A question to abstain on (empty relevant_articles) that is answered: a wrong answer too.
        {"text": QUESTION, "relevant_articles": [], "lang": "en"},
        {"text": "Giá vàng hôm nay?", "relevant_articles": [], "lang": "en"},
    ]
    path = tmp_path / "q.json"
    path.write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
    call_command("assistant_evaluate", questions=str(path), json=True)
    report = json.loads(capsys.readouterr().out)
    assert report["wrong_answer_rate"] == round(2 / 3, 4)
    assert report["by_lang"]["vi"]["wrong_answer_rate"] == 1.0
    assert report["by_lang"]["en"]["wrong_answer_rate"] == 0.5
    assert report["by_lang"]["en"]["abstained_when_it_should"] == 0.5
    call_command("assistant_evaluate", questions=str(path))
    assert "wrong answers 0.667" in capsys.readouterr().out


# --- Who reviews the assistant finds the review page ------------------------------


@pytest.mark.parametrize("role", [Role.DT_OFFICER, Role.UNIT_ADMIN])
def test_reviewers_have_the_review_page_in_the_navigation_and_a_home_card(client, units, role):
    reviewer = make_user("reviewer", units["a"], role)
    client.force_login(reviewer)
    page = client.get("/").content.decode()
    assert f'href="{reverse("assistant:review")}"' in page
    assert "Trợ lý ảo: câu trả lời cần xem xét" in page
    review = client.get(reverse("assistant:review")).content.decode()
    assert f'<a href="{reverse("assistant:review")}" aria-current="page">' in review
    assert f'<a href="{reverse("assistant:index")}" aria-current="page">' not in review


def test_staff_have_no_review_link_nor_card(client, staff_a):
    client.force_login(staff_a)
    page = client.get("/").content.decode()
    assert reverse("assistant:review") not in page
    assert "Trợ lý ảo: câu trả lời cần xem xét" not in page


def test_the_rating_form_is_in_the_interface_language_not_the_answers(client, laws, staff_a):
    client.force_login(staff_a)
    client.post(reverse("assistant:ask"), {"question": "How long is the probation period of a public employee?"})
    page = client.get(Conversation.objects.get().get_absolute_url()).content.decode()
    assert 'lang="en"' in page  # the answer card follows the question's language
    assert "Câu trả lời này có hữu ích không?" in page
    assert "Was this answer helpful?" not in page


def test_the_example_question_is_in_the_interface_language(client, staff_a):
    client.force_login(staff_a)
    client.cookies["civildesk_language"] = "en"
    page = client.get(reverse("assistant:index")).content.decode()
    assert 'placeholder="e.g. Can the result of an administrative procedure be returned electronically?"' in page


def test_a_question_nothing_matches_gets_the_not_found_answer(client, isolated_data, staff_a, settings):
    """An empty library: no article at all is retrieved; the answer says so (no form error, no 500)."""
    settings.CIVILDESK_INDEX_DENSE = False
    client.force_login(staff_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.post(reverse("assistant:ask"), {"question": QUESTION}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200 and "cannot be blank" not in html and "This field" not in html
    turn = Turn.objects.get()
    assert turn.citations == []


def test_an_old_answer_hides_a_document_that_became_unreadable(client, laws, staff_b, units):
    """Issue 17: a quote stays readable in an old conversation after its document is made internal."""
    from civildesk.library.models import Document, Scope

    client.force_login(staff_b)
    client.post(reverse("assistant:ask"), {"question": QUESTION})
    conversation = Conversation.objects.get()
    assert "Khoản 2 Điều 28" in client.get(conversation.get_absolute_url()).content.decode()
    cited = Document.objects.filter(pk__in=[c["document_id"] for c in Turn.objects.get().citations])
    cited.update(scope=Scope.UNIT, unit=units["a"])  # now internal to another unit
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "Khoản 2 Điều 28" not in page and "<mark>" not in page
    assert 'class="card answer abstain"' in page
