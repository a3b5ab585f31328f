import pytest

from civildesk.text.glossary import translate_terms


def test_english_terms_longest_match_first():
    assert translate_terms("Can public employees sign an employment contract?", "en") == "viên chức , hợp đồng làm việc"


def test_english_plural_is_stemmed():
    assert "quyền" in translate_terms("What rights do children have?", "en")


def test_bengali_terms_match_inflected_words():
    out = translate_terms("আদালতের রায় কী?", "bn")
    assert "tòa án" in out
    assert "bản án" in out


def test_other_languages_give_nothing():
    assert translate_terms("viên chức", "vi") == ""


def test_the_laws_terms_extend_the_hand_written_glossary():
    # "get divorced" and "temporary residence" come from glossary_laws.json, the terms of the reference laws.
    assert translate_terms("We want to get divorced", "en") == "ly hôn"
    assert "tạm trú" in translate_terms("How do I register my temporary stay?", "en")
    assert "ly hôn" in translate_terms("বিবাহবিচ্ছেদের পর সন্তান কে পাবে?", "bn")


def test_the_hand_written_entries_win_over_the_laws_terms(monkeypatch):
    from civildesk.text import glossary

    monkeypatch.setattr(glossary, "_law_terms", lambda: {"en": {"public employee": "công chức"}, "bn": {}})
    glossary._en_index.cache_clear()
    glossary.translate_terms.cache_clear()  # renderings are cached too: this one must be made anew
    try:
        assert translate_terms("public employee", "en") == "viên chức"
    finally:
        glossary._en_index.cache_clear()
        glossary.translate_terms.cache_clear()


def test_the_laws_terms_are_nfc():
    import unicodedata

    from civildesk.text.glossary import _law_terms

    for lang in ("en", "bn"):
        for key, value in _law_terms()[lang].items():
            assert unicodedata.normalize("NFC", value) == value, key
            assert unicodedata.normalize("NFC", key) == key, key


def test_a_bengali_term_starts_a_word():
    # "ওয়ার্ড" (ward: xã, phường) ends "পাসওয়ার্ড" (password), which is no ward.
    assert "phường" not in translate_terms("পাসওয়ার্ড কত দিন পর পর পরিবর্তন করতে হবে?", "bn")
    assert "phường" in translate_terms("ওয়ার্ডের চেয়ারম্যান কে?", "bn")


def test_a_province_s_office_words():
    """Found in the demo walk: "online" was the Cybersecurity Law's cyberspace, "receive citizens" was nothing."""
    assert translate_terms("an application submitted online", "en") == "trực tuyến"
    assert translate_terms("অনলাইনে জমা দেওয়া আবেদন", "bn").startswith("trực tuyến")
    assert translate_terms("an information security incident", "en") == "sự cố an toàn thông tin"
    assert translate_terms("When does the chairman receive citizens?", "en") == "tiếp công dân"
    assert translate_terms("How is my complaint settled?", "en") == "khiếu nại , giải quyết"
    # the password question had no term at all: its clause was chosen by a near tie of dense scores,
    # which another CPU broke the other way (Khoản 1, the length, instead of Khoản 2, every 3 months)
    assert translate_terms("How often must I change my password?", "en") == "thay đổi mật khẩu"
    assert translate_terms("পাসওয়ার্ড কত দিন পর পর পরিবর্তন করতে হবে?", "bn") == "mật khẩu"


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        # "will" the verb is no testament, and Lạng Sơn is no "son" (child): an out-of-scope question about the
        # weather was rendered "di chúc , con" and answered from an article of the Civil Code on inheritance.
        # Nor is the province's name a term: every document of the demo library names it in its heading.
        ("What will the weather be in Lang Son tomorrow?", ""),
        ("What will happen if I do not register my residence?", "đăng ký cư trú"),
        ("Is a will written by hand valid?", "di chúc , văn bản"),
        ("Can my son inherit under the will?", "con , thừa kế , di chúc"),
    ],
)
def test_will_the_verb_and_lang_son_the_province(question, terms):
    assert translate_terms(question, "en") == terms
