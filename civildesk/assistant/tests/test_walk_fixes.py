"""What the walk of issue 10 found: refused questions say why, the limit is stated, the widget keeps
the reader's place, citizens get citizens' wording, and a summary quotes its clauses' words."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse

from civildesk.assistant import cards, compose, services, summaries
from civildesk.assistant.models import Turn
from civildesk.text import translate_terms

HTMX = {"HX-Request": "true"}
LONG = "Viên chức có được thành lập doanh nghiệp không? " * 30  # 1,470 characters


@pytest.fixture
def english(client):
    client.cookies["civildesk_language"] = "en"
    return client


@pytest.fixture
def no_rate_limit_left(settings):
    cache.clear()
    yield
    cache.clear()


class TestRefusedQuestions:
    def test_a_question_of_only_spaces_says_so_in_the_htmx_page(self, english, staff_a):
        english.force_login(staff_a)
        response = english.post(reverse("assistant:ask"), {"question": "     "}, headers=HTMX)
        assert response.status_code == 400
        assert response["HX-Retarget"] == "#ask-errors" and response["HX-Reswap"] == "innerHTML"
        assert "Type a question." in response.content.decode()
        assert not Turn.objects.exists()

    def test_a_question_of_only_spaces_without_javascript_comes_back_with_the_message(self, english, staff_a):
        english.force_login(staff_a)
        response = english.post(reverse("assistant:ask"), {"question": "   "})
        html = response.content.decode()
        assert response.status_code == 400
        assert '<div id="ask-errors"' in html and "Type a question." in html
        assert "<nav" in html or "<header" in html  # the whole page, not a bare fragment

    def test_a_too_long_question_is_refused_with_the_limit_not_cut(self, english, staff_a):
        english.force_login(staff_a)
        response = english.post(reverse("assistant:ask"), {"question": LONG}, headers=HTMX)
        assert response.status_code == 400
        assert f"too long ({len(LONG.strip())} characters; at most 1000)" in response.content.decode()
        assert not Turn.objects.exists()

    def test_the_limit_is_stated_and_the_textarea_does_not_cut_a_paste(self, english, staff_a):
        english.force_login(staff_a)
        html = english.get(reverse("assistant:index")).content.decode()
        assert "At most 1,000 characters." in html
        textarea = html[html.index("<textarea") : html.index("</textarea>")]
        assert "maxlength" not in textarea and 'aria-describedby="id_question-help"' in textarea

    def test_too_many_questions_is_a_message_in_the_page(self, english, staff_a, settings, no_rate_limit_left):
        settings.CIVILDESK_ASSISTANT_RATE = "1/m"
        english.force_login(staff_a)
        english.post(reverse("assistant:ask"), {"question": "x"}, headers=HTMX)  # refused, but counted
        response = english.post(reverse("assistant:ask"), {"question": "Thời gian thử việc?"}, headers=HTMX)
        assert response.status_code == 429
        assert response["HX-Retarget"] == "#ask-errors"
        assert 'role="alert"' in response.content.decode()
        assert "Too many questions in a short time" in response.content.decode()

    def test_an_answer_clears_an_earlier_message(self, english, laws, staff_a):
        english.force_login(staff_a)
        html = english.post(
            reverse("assistant:ask"), {"question": "Thời gian thử việc của viên chức là bao lâu?"}, headers=HTMX
        ).content.decode()
        assert '<div id="ask-errors" hx-swap-oob="innerHTML"></div>' in html


class TestWidgetMessages:
    def test_spaces_and_too_long_are_explained_in_the_widget(self, english, db):
        spaces = english.post(reverse("assistant:embed"), {"question": "    "}).content.decode()
        assert "Type a question." in spaces
        too_long = english.post(reverse("assistant:embed"), {"question": LONG}).content.decode()
        assert "at most 1000" in too_long
        assert not Turn.objects.exists()

    def test_too_many_questions_is_explained_in_the_widget(self, english, db, settings, no_rate_limit_left):
        settings.CIVILDESK_WIDGET_RATE = "1/m"
        english.post(reverse("assistant:embed"), {"question": "Giờ làm việc?"})
        response = english.post(reverse("assistant:embed"), {"question": "Giờ làm việc?"})
        assert response.status_code == 429
        assert "Too many questions in a short time" in response.content.decode()

    def test_the_page_comes_back_at_the_new_answer(self, client, laws):
        html = client.post(
            reverse("assistant:embed"), {"question": "Thời gian thử việc của viên chức là bao lâu?"}
        ).content.decode()
        assert f'action="{reverse("assistant:embed")}#latest"' in html
        assert html.index('id="latest"') < html.index('class="turn"')  # just before the newest answer

    def test_a_refused_question_brings_the_form_into_view(self, client, db):
        html = client.post(reverse("assistant:embed"), {"question": " "}).content.decode()
        assert html.count('id="latest"') == 1 and '<form method="post" action=' in html
        assert 'class="card" id="latest"' in html


class TestNotFoundWording:
    QUESTION = "Giá xăng RON 95 hôm nay là bao nhiêu?"

    def test_citizens_are_not_sent_to_a_legal_officer(self, laws):
        from django.contrib.auth.models import AnonymousUser

        card = services.ask(user=AnonymousUser(), question=self.QUESTION, channel="widget").card
        assert not card["answered"]
        assert "pháp chế" not in card["hint"] and "legal officer" not in card["hint"]
        assert "một cửa" in card["hint"]

    def test_staff_keep_the_legal_officer_hint(self, laws, staff_a):
        card = services.ask(user=staff_a, question=self.QUESTION).card
        assert not card["answered"]
        assert "pháp chế" in card["hint"]


class TestSummaryOfNumberedClauses:
    def test_a_clause_number_is_not_a_sentence(self):
        text = "1. Công chức kiểm tra hồ sơ trong 01 ngày. 2. Hồ sơ hợp lệ được cấp mã số."
        assert compose.split_sentences(text) == [
            "1. Công chức kiểm tra hồ sơ trong 01 ngày.",
            "2. Hồ sơ hợp lệ được cấp mã số.",
        ]
        assert compose.split_sentences("a)\nNộp hồ sơ trực tuyến.") == ["a) Nộp hồ sơ trực tuyến."]

    def test_the_summary_quotes_the_first_clause_not_its_number(self, staff_a):
        text = (
            "Điều 1. Tiếp nhận hồ sơ\n1. Công chức Bộ phận một cửa kiểm tra hồ sơ trong 01 ngày làm việc.\n"
            "2. Hồ sơ hợp lệ được cấp mã số để tra cứu.\n\n"
            "Điều 2. Trả kết quả\n1. Kết quả được trả bằng bản điện tử có chữ ký số.\n2. Bản giấy được trả khi có yêu cầu."
        )
        summary = summaries.file_summary(user=staff_a, data=text.encode(), filename="quy-che.txt")
        points = [item["point"] for item in summary.items]
        assert points == [
            "1. Công chức Bộ phận một cửa kiểm tra hồ sơ trong 01 ngày làm việc.",
            "1. Kết quả được trả bằng bản điện tử có chữ ký số.",
        ]


class TestWidgetCitations:
    QUESTION = "Thời gian thử việc của viên chức là bao lâu?"

    def test_a_widget_citation_opens_the_public_page_and_keeps_the_conversation(self, client, laws):
        page = client.post(reverse("assistant:embed"), {"question": self.QUESTION})
        token = page.context["token"]
        turn = Turn.objects.get()
        document_id = turn.citations[0]["document_id"]
        public_url = reverse("library:public_document", args=[document_id])
        assert turn.card["url"] == f"{public_url}#dieu-28/khoan-2"
        html = page.content.decode()
        assert f'href="{public_url}?c={token.replace(":", "%3A")}#dieu-28/khoan-2"' in html
        # The reader reads the article, then comes back to the same conversation.
        assert 'id="dieu-28/khoan-2"' in client.get(public_url).content.decode()
        back = client.get(reverse("assistant:embed"), {"c": token})
        assert self.QUESTION in back.content.decode()

    def test_a_staff_citation_stays_on_the_library_page(self, laws, staff_a):
        turn = services.ask(user=staff_a, question=self.QUESTION)
        assert turn.card["url"].startswith(f"/library/{turn.citations[0]['document_id']}/#")

    def test_a_forged_token_shows_an_empty_widget(self, client, laws):
        client.post(reverse("assistant:embed"), {"question": self.QUESTION})
        html = client.get(reverse("assistant:embed"), {"c": "forged:token"}).content.decode()
        assert self.QUESTION not in html


class TestLongFullTextExcerpt:
    def test_a_long_letter_is_quoted_around_the_answer_not_from_its_header(self):
        lines = [
            "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
            "Số: 96/TB-UBND",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Lạng Sơn, ngày 29 tháng 12 năm 2025",
            "THÔNG BÁO Lịch tiếp công dân định kỳ",
            "1. Chủ tịch tiếp công dân định kỳ vào ngày 15 hằng tháng tại Trụ sở tiếp công dân tỉnh.",
            "2. Các Phó Chủ tịch tiếp công dân vào ngày 25 hằng tháng.",
            "Nơi nhận: Ban Tiếp công dân tỉnh.",
        ]
        node = {"kind": "dieu", "anchor": "toan-van", "text": "\n".join(lines), "children": []}
        comp = compose.compose(
            "Chủ tịch tiếp công dân định kỳ vào ngày nào?", node, article_label="Toàn văn", document_name="TB 96"
        )
        assert "<mark>1. Chủ tịch tiếp công dân định kỳ vào ngày 15" in comp.excerpt_html
        assert "Số: 96/TB-UBND" not in comp.excerpt_html and comp.excerpt_html.startswith("…")

    def test_which_day_highlights_the_day_not_the_heading(self):
        """The English widget walk highlighted the notice's heading and preamble, which name no day."""
        text = (Path(__file__).resolve().parents[2] / "library/demo_docs/29-tb-lich-tiep-cong-dan.txt").read_text()
        node = {"kind": "dieu", "anchor": "toan-van", "text": text, "children": []}
        question = "On which day does the Chairman of the Provincial People's Committee receive citizens?"
        comp = compose.compose(
            translate_terms(question, "en"), node, article_label="Toàn văn", document_name="TB 96", asks=question
        )
        assert comp.sentences[0].startswith("1. Chủ tịch Ủy ban nhân dân tỉnh tiếp công dân định kỳ vào ngày 15")
        assert not any("Lịch tiếp công dân" in s or s.startswith("Căn cứ") for s in comp.sentences)
        # "vào ngày nào" asks for a day: the sentences that give one, not the heading that shares more words
        comp = compose.compose(
            "Lãnh đạo tỉnh tiếp công dân vào ngày nào?", node, article_label="Toàn văn", document_name="TB 96"
        )
        assert comp.sentences[0].startswith("1. Chủ tịch") and comp.sentences[1].startswith("2. Các Phó Chủ tịch")

    def test_a_short_clause_is_quoted_whole(self):
        node = {"kind": "dieu", "anchor": "dieu-1", "text": "Câu một. Câu hai về nghỉ phép. Câu ba.", "children": []}
        comp = compose.compose("nghỉ phép", node, article_label="Điều 1", document_name="QĐ")
        assert comp.excerpt_html == "Câu một. <mark>Câu hai về nghỉ phép.</mark> Câu ba."


def _article(anchor: str, clauses: list[str]) -> dict:
    """An article node of numbered clauses, as the library's structure gives it."""
    return {
        "kind": "dieu",
        "anchor": anchor,
        "children": [
            {"kind": "khoan", "number": str(i), "anchor": f"{anchor}/khoan-{i}", "text": text}
            for i, text in enumerate(clauses, 1)
        ],
    }


class TestEnglishClauseChoice:
    def test_the_glossary_terms_make_no_pairs_across_their_commas(self):
        # "How many days of annual leave do civil servants get?" in the demo walk cited Khoản 3
        # ("+1 day per 5 years"): "ngày , nghỉ phép" counted the pair "ngày nghỉ" that the question never had.
        clauses = [
            "Cán bộ, công chức, viên chức có đủ 12 tháng làm việc được nghỉ phép năm 12 ngày làm việc.",
            "Người làm công việc nặng nhọc được nghỉ thêm theo quy định.",
            "Cứ đủ 05 năm công tác thì số ngày nghỉ phép năm được tăng thêm 01 ngày.",
        ]
        node = _article("dieu-1", clauses)
        question = "How many days of annual leave do civil servants get?"
        terms = translate_terms(question, "en")

        comp = compose.compose(terms, node, article_label="Điều 1", document_name="QĐ 25", asks=question)

        assert comp.anchor == "dieu-1/khoan-1"

    @pytest.mark.parametrize("question", ["How often must I change my password?", "কত ঘন ঘন পাসওয়ার্ড পরিবর্তন করতে হবে?"])
    def test_how_often_asks_for_the_clause_with_the_period(self, question):
        # Two clauses share the question's terms; "how often" is answered by the one with a period
        # ("03 tháng một lần"), not by the first.
        clauses = [
            "Người sử dụng phải thay đổi mật khẩu mặc định ngay khi được cấp tài khoản mới.",
            "Người sử dụng phải thay đổi mật khẩu ít nhất 03 tháng một lần theo quy chế.",
            "Không sử dụng chung tài khoản; không lưu mật khẩu trên giấy hoặc tệp tin không được mã hóa.",
        ]
        node = _article("dieu-3", clauses)
        lang = "en" if question.isascii() else "bn"
        comp = compose.compose(
            translate_terms(question, lang), node, article_label="Điều 3", document_name="QĐ 19", asks=question
        )

        assert comp.anchor == "dieu-3/khoan-2"


class TestAttachedRegulationCitation:
    @pytest.fixture
    def upload_demo_decision(self, leader_a, units, django_capture_on_commit_callbacks, settings):
        """Upload one of the demo library's decisions (lexical index only) and return its document."""
        from pathlib import Path

        from civildesk.library import services as library_services
        from civildesk.library.models import Scope

        settings.CIVILDESK_INDEX_DENSE = False

        def upload(name: str):
            text = (Path(library_services.__file__).parent / "demo_docs" / name).read_bytes()
            with django_capture_on_commit_callbacks(execute=True):
                document = library_services.document_upload(
                    actor=leader_a, data=text, filename="qd.txt", unit=units["a"], scope=Scope.PUBLIC
                ).document
            document.refresh_from_db()
            return document

        return upload

    def test_an_article_of_a_regulation_issued_with_a_decision_is_cited_as_such(self, staff_a, upload_demo_decision):
        document = upload_demo_decision("09-qd-nghi-phep.txt")
        from django.utils import translation

        # a request of an earlier test may leave another language active in this thread
        with translation.override("vi"):
            turn = services.ask(user=staff_a, question="Người làm việc đủ 12 tháng được nghỉ phép năm bao nhiêu ngày?")
        clause = turn.card["url"].rsplit("/khoan-", 1)[1]
        assert turn.card["url"].split("#")[1] == f"van-ban-kem-theo/chuong-i/dieu-1/khoan-{clause}"
        assert turn.card["citation"] == f"Khoản {clause} Điều 1 Quy định ban hành kèm theo Quyết định 25/2026/QĐ-UBND"
        assert turn.citations[0]["label"] == "Điều 1 Quy định ban hành kèm theo Quyết định 25/2026/QĐ-UBND"
        decision_article = document.articles.get(anchor="dieu-2")
        assert cards.cited_name(decision_article) == "Quyết định 25/2026/QĐ-UBND"  # the decision's own
        with translation.override("bn"):  # named as issued, whatever the card's language (not "সিদ্ধান্ত 25/...")
            assert cards.cited_name(decision_article) == "Quyết định 25/2026/QĐ-UBND"

    def test_a_regulation_whose_subject_line_is_not_ve_is_named_by_its_heading(self, upload_demo_decision):
        """The demo walk saw "Văn bản kèm theo kèm theo Quyết định 27/2026/QĐ-UBND"."""
        document = upload_demo_decision("11-qd-che-do-hoi-hop.txt")
        article = document.articles.filter(anchor__startswith="van-ban-kem-theo/").first()
        assert cards.cited_name(article) == "Quy định ban hành kèm theo Quyết định 27/2026/QĐ-UBND"


class TestWhichDay:
    def test_an_ordinal_is_not_a_weekday(self):
        # "thứ hai" is Monday, and "lần thứ hai" the second time: asked for a day, the clause with the
        # weekday answers, not the one about a second complaint (which shares more of the question's words).
        clauses = [
            "Người khiếu nại được khiếu nại lần thứ hai đến cơ quan cấp trên.",
            "Người đứng đầu cơ quan tiếp người khiếu nại vào chiều thứ sáu hằng tuần.",
        ]
        node = _article("dieu-4", clauses)
        comp = compose.compose(
            "Người khiếu nại được tiếp vào ngày nào?", node, article_label="Điều 4", document_name="QC"
        )
        assert comp.anchor == "dieu-4/khoan-2"
