"""Vietnamese text analysis: normalisation, diacritics folding, tokenisation, language detection."""

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
    "fold",
    "fold_syllable",
    "has_diacritics",
    "nfc",
    "normalize",
    "segments",
    "syllables",
    "terms",
]
