"""Tests of the calibrated abstention, without a database or Django."""

from __future__ import annotations

import subprocess
import sys

import pytest

from civildesk.assistant.abstain import (
    MIN_DENSE,
    MIN_DENSE_CROSSLINGUAL,
    MIN_LEAD_CROSSLINGUAL,
    Candidate,
    content_terms,
    coverage,
    decide,
    is_elliptical,
    phrase_coverage,
    titled,
)

PROBATION = "Luật Viên chức Điều 28. Thời gian thử việc của viên chức từ 03 tháng đến 12 tháng."
FUEL = "Giá xăng RON 95 hôm nay là bao nhiêu?"
QUESTION = "Thời gian thử việc của viên chức là bao lâu?"


def test_the_module_imports_without_django():
    code = "import sys, civildesk.assistant.abstain; sys.exit('django' in sys.modules)"

    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_content_terms_are_folded_and_drop_stop_words():
    assert content_terms(QUESTION) == ["thoi", "gian", "thu", "viec", "vien", "chuc", "lau"]


@pytest.mark.parametrize(
    ("question", "elliptical"),
    [
        ("còn công chức thì sao?", True),
        ("What about civil servants?", True),
        ("viên chức?", True),  # three content words or fewer
        (QUESTION, False),
    ],
)
def test_follow_ups_are_recognised(question, elliptical):
    assert is_elliptical(question) is elliptical


def test_coverage_ignores_diacritics():
    assert coverage("Thời gian thử việc của viên chức", "thoi gian thu viec") == pytest.approx(4 / 6)
    assert coverage("là gì?", "anything") == 0.0  # no content words at all


def test_phrase_coverage_counts_adjacent_pairs_not_scattered_words():
    together = phrase_coverage("công chức nghỉ phép", "Công chức được nghỉ phép hằng năm")
    scattered = phrase_coverage("công chức nghỉ phép", "Chức vụ công; phép nghỉ")

    assert together > 0.5
    assert scattered < 0.2
    assert together > scattered


def test_phrase_coverage_counts_no_pair_across_punctuation():
    # The glossary's " , " between two terms, and a comma in the text, both end a phrase.
    assert phrase_coverage("ngày , nghỉ phép", "số ngày nghỉ thêm") == pytest.approx(0.1 * 2 / 3)
    assert phrase_coverage("ngày nghỉ", "số ngày, nghỉ thêm") == pytest.approx(0.1)
    assert phrase_coverage("ngày nghỉ", "số ngày nghỉ thêm") == pytest.approx(1.1)


def test_no_candidates_never_answers():
    decision = decide(QUESTION, "vi", [])

    assert decision.answer is False
    assert (decision.coverage, decision.phrase, decision.dense, decision.margin) == (0.0, 0.0, None, 0.0)


def test_a_vietnamese_question_is_answered_from_its_word_pairs():
    decision = decide(QUESTION, "vi", [Candidate(PROBATION)])

    assert decision.answer is True
    assert decision.phrase >= 0.7
    assert decision.dense is None


def test_an_unrelated_vietnamese_question_abstains():
    assert decide(FUEL, "vi", [Candidate(PROBATION, dense=MIN_DENSE - 0.01)]).answer is False


def test_dense_similarity_alone_can_answer_at_its_threshold():
    assert decide(FUEL, "vi", [Candidate(PROBATION, dense=MIN_DENSE)]).answer is True


def test_the_margin_is_the_gap_to_the_runner_up():
    decision = decide(QUESTION, "vi", [Candidate(PROBATION, dense=0.9), Candidate("khác", dense=0.85)])

    assert decision.margin == pytest.approx(0.05)


@pytest.mark.parametrize("language", ["en", "bn", "other"])
def test_other_languages_never_answer_without_the_dense_model(language):
    question = "How long is probation for public employees?"

    assert decide(question, language, [Candidate(PROBATION)]).answer is False
    assert decide(question, language, [Candidate(PROBATION, dense=MIN_DENSE_CROSSLINGUAL)]).answer is True


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("How long is probation for public employees?", "en"),
        ("সরকারি কর্মচারীদের প্রবেশনকাল কত দিন?", "bn"),
    ],
)
def test_below_the_dense_threshold_the_glossary_terms_decide(question, language):
    close = MIN_DENSE_CROSSLINGUAL - 0.01

    # The glossary turns "public employees" into "viên chức", which the article contains.
    assert decide(question, language, [Candidate(PROBATION, dense=close)]).answer is True
    assert decide(question, language, [Candidate(FUEL, dense=close)]).answer is False
    assert decide(question, "other", [Candidate(PROBATION, dense=close)]).answer is False


@pytest.mark.parametrize("language", ["en", "bn"])
def test_a_crosslingual_answer_needs_a_lead_over_the_runner_up(language):
    question = "How long is probation for public employees?"
    best = 1.0
    clear = [
        Candidate(PROBATION, dense=0.9, score=best),
        Candidate(FUEL, dense=0.8, score=best - 2 * MIN_LEAD_CROSSLINGUAL),
    ]
    close = [Candidate(PROBATION, dense=0.9, score=best), Candidate(FUEL, dense=0.8, score=best - 0.01)]

    assert decide(question, language, clear).answer is True
    assert decide(question, language, close).answer is False
    assert decide(question, language, close).lead == pytest.approx(0.01)


def test_a_crosslingual_question_naming_the_article_s_title_needs_no_lead():
    guide = "Luật Du lịch Quyền và nghĩa vụ của hướng dẫn viên du lịch 1. Hướng dẫn viên du lịch có quyền ..."
    title = "Quyền và nghĩa vụ của hướng dẫn viên du lịch"
    question = "What are the rights of a tour guide?"  # "quyền , hướng dẫn viên du lịch"
    close = [Candidate(guide, dense=0.85, score=1.0, title=title), Candidate(FUEL, dense=0.8, score=0.99)]
    untitled = [Candidate(guide, dense=0.85, score=1.0, title="Hướng dẫn viên"), close[1]]

    assert decide(question, "en", close).answer is True
    assert decide(question, "en", untitled).answer is False
    assert titled("quyền , hướng dẫn viên du lịch", title)
    assert not titled("hướng dẫn viên du lịch", title)  # one term names too little
    assert not titled("quyền , thẻ hướng dẫn viên", title)  # every term, whole words
    assert not titled("quyền , dẫn viên du lị", title)  # whole syllables: "lị" is no "lịch"
    assert not titled("quyền , quyền", "Quyền và nghĩa vụ")  # one term twice is one term


def test_the_lead_does_not_decide_vietnamese_questions():
    close = [Candidate(PROBATION, dense=0.9, score=1.0), Candidate(FUEL, dense=0.8, score=0.99)]

    assert decide(QUESTION, "vi", close).answer is True
