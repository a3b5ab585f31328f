"""Vietnamese text analysis: normalisation, diacritics folding, tokenisation, language detection."""

from civildesk.text.glossary import translate_terms
from civildesk.text.lang import detect_language, is_vietnamese_syllable
from civildesk.text.normalize import (
    bigrams,
    canonical_tones,
    fold,
    fold_syllable,
    has_diacritics,
    nfc,
    normalize,
    segments,
    syllables,
    terms,
)

__all__ = [
    "bigrams",
    "canonical_tones",
    "detect_language",
    "fold",
    "fold_syllable",
    "has_diacritics",
    "is_vietnamese_syllable",
    "nfc",
    "normalize",
    "segments",
    "syllables",
    "terms",
    "translate_terms",
]
