"""A question naming a law the library does not hold is answered "the library does not hold it", in its language."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from civildesk.assistant import catalogue, missing, services
from civildesk.library.models import Article
from civildesk.text import translate_terms


class TestCatalogue:
    def test_a_law_is_found_by_its_name_with_or_without_diacritics_or_in_english(self):
        for question in (
            "Thời hạn giải quyết khiếu nại lần đầu theo Luật Khiếu nại 2011 là bao lâu?",
            "thoi han giai quyet khieu nai lan dau theo luat khieu nai?",
            "How long does the first complaint take under the Law on Complaints?",
        ):
            assert [law.number for law in catalogue.named_in(question)] == ["02/2011/QH13"], question

    def test_a_subject_alone_or_a_similar_name_is_not_a_law(self):
        assert catalogue.named_in("Đơn khiếu nại không thuộc thẩm quyền thì xử lý thế nào?") == []
        # The catalogue knows the law it names (held laws are listed too, with their topics), not "Luật Tố cáo".
        assert [law.name for law in catalogue.named_in("Luật Tố tụng hành chính quy định gì?")] == [
            "Luật Tố tụng hành chính"
        ]

    def test_office_words_are_no_law_s_subject(self):
        """ "online" is "trực tuyến" at work, not the Cybersecurity Law's cyberspace (the demo walk)."""
        for question, language in (
            ("How long does it take to check an application submitted online?", "en"),
            ("Within how long must an information security incident be reported?", "en"),
            ("অনলাইনে জমা দেওয়া আবেদন কত সময়ের মধ্যে যাচাই করা হয়?", "bn"),
        ):
            assert catalogue.subjects_of(question, language) == {}, question
        # A citizen's administrative procedure is "thủ tục hành chính"; the court's law keeps its name.
        assert (
            translate_terms("Which administrative procedures can I do online?", "en")
            == "thủ tục hành chính , trực tuyến"
        )
        named = catalogue.named_in("What is the time limit under the Law on Administrative Procedures?")
        assert [law.name for law in named] == ["Luật Tố tụng hành chính"]

    @pytest.mark.parametrize(
        ("question", "language", "law"),
        [
            ("What is the minimum wage in region I this year?", "en", "Bộ luật Lao động"),
            ("Lương tối thiểu vùng I năm nay là bao nhiêu?", "vi", "Bộ luật Lao động"),
            ("ন্যূনতম মজুরি কত?", "bn", "Bộ luật Lao động"),
            ("What is the VAT rate on electronics?", "en", "Luật Thuế giá trị gia tăng"),
            ("ভ্যাটের হার কত?", "bn", "Luật Thuế giá trị gia tăng"),
            ("Thuế suất thuế giá trị gia tăng của hàng điện tử là bao nhiêu?", "vi", "Luật Thuế giá trị gia tăng"),
        ],
    )
    def test_wages_and_vat_are_the_subjects_of_their_laws(self, question, language, law):
        # "minimum wage" was the glossary's "tiền lương" (any salary), and no law of the catalogue was about VAT:
        # both were answered from the Law on Public Employees or the Cybersecurity Law.
        subjects = catalogue.subjects_of(question, language)
        assert max(subjects, key=subjects.get).name == law, subjects

    def test_will_the_verb_is_no_subject_of_the_civil_code(self):
        # The demo walk: "What will the weather be in Lang Son tomorrow?" said "the library does not hold the
        # Civil Code" (its topic "will"); a testament still is its subject.
        assert catalogue.subjects_of("What will the weather be in Lang Son tomorrow?", "en") == {}
        for question in ("Who inherits if there is no will?", "Is a will written by hand valid?"):
            assert [law.name for law in catalogue.subjects_of(question, "en")] == ["Bộ luật Dân sự"], question

    def test_held_reads_the_titles(self):
        law = catalogue.named_in("Luật Tố cáo")[0]
        assert catalogue.held(law, ["Luật Tố cáo"])
        assert not catalogue.held(law, ["Quy trình xử lý đơn tố cáo", "Luật Tố tụng hành chính"])
        labour = catalogue.named_in("bộ luật lao động")[0]
        assert catalogue.held(labour, ["45/2019/QH14"])  # a corpus that titles laws by number


def test_a_missing_law_is_named_instead_of_citing_another(laws, staff_a):
    turn = services.ask(user=staff_a, question="Thời hạn giải quyết khiếu nại lần đầu theo Luật Khiếu nại là bao lâu?")
    assert not turn.answered and turn.top_article is None and turn.citations == []
    assert turn.card["message"] == (
        "Thư viện chưa có Luật Khiếu nại; câu hỏi này thuộc Luật Khiếu nại 2011 (số 02/2011/QH13)."
    )
    assert turn.card["others"] == []


def test_the_message_is_in_the_question_s_language(laws):
    public = AnonymousUser()
    en = services.ask(
        user=public, question="How long is the time limit under the Law on Denunciations?", channel="widget"
    )
    assert en.card["lang"] == "en" and en.card["message"].startswith(
        "The library does not hold the Law on Denunciations"
    )
    assert "administrator" not in en.card["hint"]  # citizens are not sent to an administrator
    vi = services.ask(user=public, question="thoi han giai quyet to cao theo luat to cao 2018", channel="widget")
    assert vi.card["message"].startswith("Thư viện chưa có Luật Tố cáo; câu hỏi này thuộc Luật Tố cáo 2018")


def test_a_law_the_library_holds_is_answered_as_before(laws, staff_a, tmp_path):
    path = tmp_path / "khieu-nai.json"
    law = {
        "id": "Luật Khiếu nại",
        "articles": [
            {
                "id": "28",
                "text": "Thời hạn giải quyết khiếu nại lần đầu\n\n"
                "Thời hạn giải quyết khiếu nại lần đầu không quá 30 ngày, kể từ ngày thụ lý.",
            }
        ],
    }
    path.write_text(json.dumps([law], ensure_ascii=False), encoding="utf-8")
    call_command("import_legal_corpus", str(path))
    turn = services.ask(user=staff_a, question="Thời hạn giải quyết khiếu nại lần đầu theo Luật Khiếu nại là bao lâu?")
    assert "missing_law" not in turn.card
    assert turn.answered and "Luật Khiếu nại" in turn.card["citation"]


@pytest.mark.parametrize("question", ["Viên chức có được tham gia quản lý bệnh viện tư không?"])
def test_a_question_naming_no_law_is_unchanged(laws, staff_a, question):
    assert services.ask(user=staff_a, question=question).answered


class TestLocalTextBesideAMissingLaw:
    """A question about a law the library lacks, whose best candidate is a local text (the demo walk)."""

    def test_the_subject_words_are_read_in_vietnamese_and_through_the_glossary(self):
        complaints = catalogue.named_in("Luật Khiếu nại")[0]
        groups = catalogue.vietnamese_topics_in(complaints, "Thời hạn giải quyết khiếu nại lần đầu là bao lâu?")
        assert {"khieu nai lan dau"} in groups and {"giai quyet khieu nai"} in groups
        assert {"khieu nai"} not in groups  # inside a longer topic found
        english = catalogue.vietnamese_topics_in(complaints, "How long does a first complaint take?", "en")
        assert english == [{"khieu nai lan dau"}]
        # Two neighbouring renderings make one topic, in either order (Bengali puts the object first).
        settling = catalogue.vietnamese_topics_in(complaints, "What is the time limit for settling my complaint?", "en")
        assert settling == [{"giai quyet khieu nai"}]
        assert catalogue.vietnamese_topics_in(complaints, "How are complaints resolved?", "en") == settling
        # A spanning topic is required beside the rendering's own, as in Vietnamese: both, not either.
        first = catalogue.vietnamese_topics_in(
            complaints, "What is the time limit for settling a first complaint?", "en"
        )
        assert first == [{"khieu nai lan dau"}, {"giai quyet khieu nai"}]
        assert not catalogue.speaks_of("Việc giải quyết khiếu nại thực hiện theo pháp luật.", first)
        # No topic in the question's words: nothing to check the local text against.
        assert services._local_text_speaks(None, complaints, "What is the weather like?", "en") is None
        marriage = catalogue.named_in("Luật Hôn nhân và gia đình")[0]
        bengali = catalogue.vietnamese_topics_in(marriage, "বিয়ের জন্য কত দিন ছুটি পাওয়া যায়?", "bn")
        assert bengali == [{"ket hon"}]  # the glossary's Vietnamese, never a folded Bengali topic
        assert catalogue.vietnamese_topics_in(marriage, "How many days of leave for marriage?", "en") == [
            {"hon nhan", "ket hon"}  # alternatives for one word
        ]
        assert catalogue.speaks_of("Điều 2. Phân loại đơn khiếu nại", [{"khieu nai"}])
        assert not catalogue.speaks_of("Phân loại đơn khiếu nại; hướng dẫn một lần.", [{"khieu nai lan dau"}])
        assert catalogue.speaks_of("Quyền của người đến khiếu nại, tố cáo", [{"khieu nai"}, {"nguoi khieu nai"}])
        assert catalogue.speaks_of("Nghỉ khi kết hôn: 03 ngày", [{"hon nhan", "ket hon"}])
        assert not catalogue.speaks_of("Nghỉ khi kết hôn: 03 ngày", [{"hon nhan", "ket hon"}, {"thai san"}])
        # In the topic's order, at most two words apart (the demo's rule on sorting letters is no time limit
        # for settling a complaint).
        assert not catalogue.speaks_of(
            "Đơn khiếu nại thuộc thẩm quyền giải quyết của Chủ tịch", [{"giai quyet khieu nai"}]
        )
        assert catalogue.speaks_of("việc giải quyết các khiếu nại", [{"giai quyet khieu nai"}])
        assert not catalogue.speaks_of("giải quyết xong mọi việc rồi mới khiếu nại", [{"giai quyet khieu nai"}])

    @pytest.fixture
    def local_rules(self, leader_a, units, django_capture_on_commit_callbacks, settings):
        from civildesk.library import services as library_services
        from civildesk.library.models import Scope

        settings.CIVILDESK_INDEX_DENSE = False
        texts = {
            "xu-ly-don.txt": "QUYẾT ĐỊNH\nVề việc ban hành Quy trình xử lý đơn\n"
            "Điều 1. Thời hạn phân loại đơn\n"
            "1. Thời hạn phân loại và xử lý đơn khiếu nại, tố cáo là 10 ngày kể từ ngày nhận đơn; "
            "việc giải quyết khiếu nại thực hiện theo quy định của pháp luật.\n",
            "nghi-phep.txt": "QUYẾT ĐỊNH\nVề chế độ nghỉ của cán bộ, công chức, viên chức\n"
            "Điều 1. Nghỉ thai sản\n"
            "1. Viên chức nữ nghỉ thai sản 06 tháng; thời gian nghỉ thai sản được tính là thời gian công tác.\n",
        }
        with django_capture_on_commit_callbacks(execute=True):
            for name, text in texts.items():
                library_services.document_upload(
                    actor=leader_a, data=text.encode(), filename=name, unit=units["a"], scope=Scope.PUBLIC
                )

    def test_a_local_text_that_only_shares_words_gives_way_to_the_missing_law(self, local_rules, staff_a):
        turn = services.ask(user=staff_a, question="Thời hạn giải quyết khiếu nại lần đầu là bao lâu?")
        assert not turn.answered and turn.citations == []
        assert turn.card["missing_law"] == "Luật Khiếu nại"

    def test_a_local_text_on_the_same_subject_is_still_cited(self, local_rules, staff_a):
        turn = services.ask(user=staff_a, question="Viên chức nữ được nghỉ thai sản bao nhiêu tháng?")
        assert turn.answered and "missing_law" not in turn.card
        assert turn.top_article.title == "Nghỉ thai sản"

    def test_a_local_text_on_the_subject_but_not_sure_enough_shows_the_closest_articles(self, local_rules, staff_a):
        """Not the missing law's name: the province's own rule on the subject is more use (the demo walk)."""
        # Without the dense model an English question is never sure enough to cite.
        turn = services.ask(user=staff_a, question="How many months of maternity leave does a public employee get?")
        assert not turn.answered and "missing_law" not in turn.card
        assert turn.citations and Article.objects.get(pk=turn.citations[0]["article_id"]).title == "Nghỉ thai sản"


def test_a_question_typed_without_diacritics_finds_its_law_as_typed_too(laws, staff_a):
    """The restoration learns from the library's text; a subject the library never writes is still recognised."""
    turn = services.ask(user=staff_a, question="dieu kien cap giay phep lai xe hang b2")
    assert not turn.answered and turn.card["missing_law"] == "Luật Trật tự, an toàn giao thông đường bộ"


def test_a_law_the_question_names_and_the_library_holds_is_its_subject(laws, staff_a):
    """ "Theo Luật Viên chức, ..." about inspection is not answered "the library lacks the Law on Inspection"."""
    turn = services.ask(user=staff_a, question="Theo Luật Viên chức, viên chức có được tham gia thanh tra không?")
    assert "missing_law" not in turn.card


class TestAQuestionThatSaysMoreThanItsSubject:
    """About a law the library lacks, but saying more than its subject, which a held law's article answers."""

    @pytest.fixture
    def court_law(self, db, tmp_path):
        court = {
            "id": "Luật Tố tụng hành chính thử nghiệm",
            "articles": [
                {
                    "id": "338",
                    "text": "Quyền và nghĩa vụ của người tố cáo\n\n"
                    "1. Người tố cáo có quyền gửi đơn hoặc trực tiếp tố cáo với cơ quan, tổ chức, cá nhân có "
                    "thẩm quyền.\n2. Người tố cáo có quyền yêu cầu giữ bí mật họ tên, địa chỉ, bút tích của mình.",
                },
                {
                    "id": "340",
                    "text": "Thời hạn giải quyết tố cáo\n\nThời hạn giải quyết tố cáo trong tố tụng hành chính "
                    "là 30 ngày kể từ ngày nhận được tố cáo.",
                },
                {"id": "3", "text": "Giải thích từ ngữ\n\nQuyết định hành chính là văn bản của cơ quan hành chính."},
            ],
        }
        path = tmp_path / "court.json"
        path.write_text(json.dumps([court], ensure_ascii=False), encoding="utf-8")
        call_command("import_legal_corpus", str(path))

    def test_what_it_says_beyond_its_subject(self):
        denunciations = catalogue.named_in("Luật Tố cáo")[0]
        assert catalogue.rest_of(denunciations, "Thời hạn giải quyết tố cáo là bao nhiêu ngày?") == {"thoi_han"}
        assert catalogue.rest_of(denunciations, "Người tố cáo có quyền yêu cầu được giữ bí mật địa chỉ của mình?") == {
            "quyen_yeu",
            "yeu_cau",
            "mat_dia",
            "dia_chi",
        }
        # the tone mark in the old place ("tuý") is the same syllable as in the canonical one ("túy")
        drugs = catalogue.named_in("Luật Phòng, chống ma túy")[0]
        assert catalogue.rest_of(drugs, "Cai nghiện ma tuý bắt buộc bao lâu?") == catalogue.rest_of(
            drugs, "Cai nghiện ma túy bắt buộc bao lâu?"
        )
        assert "ma_tuy" not in catalogue.rest_of(drugs, "Cai nghiện ma tuý bắt buộc bao lâu?")
        insurance = catalogue.named_in("Luật Bảo hiểm xã hội")[0]
        # the people a law governs and the question words are no more than the subject
        assert catalogue.rest_of(insurance, "Viên chức nữ nghỉ thai sản được mấy tháng?") == {"nu_nghi"}

    def test_a_held_law_s_article_answers_what_the_question_says_beyond_the_missing_law(self, court_law):
        turn = services.ask(
            user=AnonymousUser(), question="Người tố cáo có quyền yêu cầu được giữ bí mật địa chỉ của mình?"
        )
        assert turn.answered and "missing_law" not in turn.card
        assert "Điều 338" in turn.card["citation"]

    def test_a_question_only_about_the_missing_law_s_subject_names_it(self, court_law):
        """The issue's own example: the court law's time limit is not the Law on Denunciations'."""
        turn = services.ask(user=AnonymousUser(), question="Thời hạn giải quyết tố cáo là bao nhiêu ngày?")
        assert not turn.answered and turn.card["missing_law"] == "Luật Tố cáo"

    def test_the_held_article_must_lead_and_pass_the_answer_check(self, court_law, monkeypatch):
        question = "Người tố cáo có quyền yêu cầu được giữ bí mật địa chỉ của mình?"
        monkeypatch.setattr(services, "MIN_LEAD_BEYOND_SUBJECT", 10.0)  # no article leads by that much
        assert services.ask(user=AnonymousUser(), question=question).card["missing_law"] == "Luật Tố cáo"
        monkeypatch.undo()
        refuse = services.Evidence([], 0.0, 0.0, None, 0.0, False)
        monkeypatch.setattr(services, "decide", lambda *args, **kwargs: refuse)  # the answer check says no
        turn = services.ask(user=AnonymousUser(), question=question)
        assert not turn.answered and turn.card["missing_law"] == "Luật Tố cáo"


class TestThePeopleDecideATie:
    """A Vietnamese question about a held law's topic and a missing law's people: the people's law is its subject."""

    @pytest.fixture
    def rest_law(self, db, tmp_path):
        law = {
            "id": "Luật Viên chức thử nghiệm",
            "articles": [
                {
                    "id": "13",
                    "text": "Quyền của viên chức về nghỉ ngơi\n\n1. Được nghỉ hằng năm, nghỉ lễ, nghỉ việc riêng theo "
                    "quy định của pháp luật về lao động.\n2. Viên chức làm việc ở miền núi, biên giới, hải đảo, nếu "
                    "có yêu cầu, được gộp số ngày nghỉ phép của 02 năm để nghỉ một lần.",
                },
                {
                    "id": "46",
                    "text": "Chế độ hưu trí\n\nViên chức nghỉ hưu được hưởng chế độ hưu trí theo quy định của pháp "
                    "luật về bảo hiểm xã hội.",
                },
            ],
        }
        path = tmp_path / "vien-chuc.json"
        path.write_text(json.dumps([law], ensure_ascii=False), encoding="utf-8")
        call_command("import_legal_corpus", str(path))

    def test_the_rule(self):
        labour, employees = catalogue.named_in("Bộ luật Lao động")[0], catalogue.named_in("Luật Viên chức")[0]
        scores = {labour: 1.0, employees: 1.0}  # "người lao động" and "nghỉ hằng năm": one topic each
        titles = ["Luật Viên chức"]
        question = "Người lao động được nghỉ hằng năm bao nhiêu ngày?"
        assert catalogue.people_in(question) == set()
        assert missing.subject_law(None, question, scores, titles, people=set()) == (None, labour)
        assert missing.subject_law(None, question, scores, titles, people={employees}) == (employees, None)
        assert missing.subject_law(None, question, scores, titles) == (employees, None)  # not Vietnamese: a tie holds
        assert catalogue.people_in("Viên chức được nghỉ hằng năm bao nhiêu ngày?") == {employees}
        # Typed without diacritics, "nghi hang nam" is both spellings of one topic ("hằng", "hàng"): it counts once.
        assert catalogue.subjects_in("nguoi lao dong duoc nghi hang nam")[employees] == 1.0
        # What the question says beyond the Labour Code's subject leaves out the topic that lost to it.
        leave = "Người lao động được nghỉ phép năm bao nhiêu ngày?"
        assert "nghi_phep" in catalogue.rest_of(labour, leave) and "nghi_phep" not in catalogue.rest_of(
            labour, leave, [employees]
        )

    @pytest.mark.parametrize(
        "question",
        [
            "Người lao động được nghỉ hằng năm bao nhiêu ngày?",
            "Người lao động được nghỉ phép năm bao nhiêu ngày?",
            "Bao nhiêu tuổi thì được nghỉ hưu đối với lao động nữ?",
        ],
    )
    def test_a_worker_s_question_names_the_labour_code(self, rest_law, staff_a, question):
        turn = services.ask(user=staff_a, question=question)
        assert not turn.answered and turn.citations == []
        assert turn.card["missing_law"] == "Bộ luật Lao động"
        assert turn.card["message"].startswith("Thư viện chưa có Bộ luật Lao động")

    def test_a_public_employee_s_question_is_answered_from_the_law_on_public_employees(self, rest_law, staff_a):
        turn = services.ask(user=staff_a, question="Viên chức được nghỉ hằng năm bao nhiêu ngày?")
        assert "missing_law" not in turn.card
        assert turn.answered and "Luật Viên chức" in turn.card["citation"] and "Điều 13" in turn.card["citation"]
