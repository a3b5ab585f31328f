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
