import unicodedata

import pytest

from civildesk.text import bigrams, canonical_tones, fold, has_diacritics, nfc, segments, syllables, terms


def test_fold_removes_diacritics_and_d_stroke():
    assert fold("Viên chức Đà") == "vien chuc da"


def test_fold_handles_decomposed_input():
    assert fold(unicodedata.normalize("NFD", "Quyền và nghĩa vụ")) == "quyen va nghia vu"


def test_fold_keeps_length_of_composed_vietnamese():
    s = "Điều 5. Quyền của viên chức"
    assert len(fold(s)) == len(s)


def test_nfc_composes():
    decomposed = unicodedata.normalize("NFD", "tiếng Việt")
    assert nfc(decomposed) == "tiếng Việt"
    assert len(nfc(decomposed)) < len(decomposed)


@pytest.mark.parametrize(
    ("old", "new"),
    [("hoà", "hòa"), ("khoẻ", "khỏe"), ("thuỷ", "thủy"), ("quý", "quý"), ("hoàn", "hoàn"), ("hóa", "hóa")],
)
def test_canonical_tones(old, new):
    assert canonical_tones(old) == new


def test_syllables_lowercase_and_tone_placement():
    assert syllables("Hoà giải THUỶ lợi") == ["hòa", "giải", "thủy", "lợi"]


def test_syllables_folded():
    assert syllables("Hòa giải, thủy lợi", folded=True) == ["hoa", "giai", "thuy", "loi"]


def test_numbers_lose_leading_zeros():
    assert syllables("thời hạn 02 năm, 0 ngày") == ["thời", "hạn", "2", "năm", "0", "ngày"]


def test_segments_split_at_punctuation():
    assert segments("viên chức, công chức. cán bộ") == [["viên", "chức"], ["công", "chức"], ["cán", "bộ"]]


def test_bigrams_do_not_cross_punctuation():
    assert bigrams(segments("viên chức, công chức")) == ["viên_chức", "công_chức"]


def test_terms_are_unigrams_then_bigrams():
    assert terms("Luật Viên chức") == ["luật", "viên", "chức", "luật_viên", "viên_chức"]


def test_has_diacritics():
    assert has_diacritics("viên chức")
    assert has_diacritics("dan") is False
    assert has_diacritics("Đa")
