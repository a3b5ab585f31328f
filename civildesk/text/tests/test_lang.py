import pytest

from civildesk.text.lang import detect_language, is_vietnamese_syllable


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Theo Luật Viên chức, viên chức có quyền gì?", "vi"),
        ("theo luat vien chuc, vien chuc co quyen gi?", "vi-nodiac"),
        ("hop dong lu hanh co can lap thanh van ban khong", "vi-nodiac"),
        ("What rights does a public employee have?", "en"),
        ("Is a travel contract required to be in writing?", "en"),
        ("ভিয়েতনামের আইন অনুযায়ী সরকারি কর্মচারীর অধিকার কী?", "bn"),
        ("12345 ?!", "other"),
    ],
)
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_vietnamese_syllable_shape():
    assert is_vietnamese_syllable("nghiêng")
    assert is_vietnamese_syllable("quyen")
    assert not is_vietnamese_syllable("contract")
    assert not is_vietnamese_syllable("rights")
