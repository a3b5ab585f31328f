"""The Vietnamese and English catalogues are complete; Bengali covers the main paths."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "civildesk" / "locale"


def catalogue(lang: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_catalogue_is_complete(lang):
    po = catalogue(lang)
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert not missing, f"{lang}: {len(missing)} untranslated, e.g. {missing[:5]}"


def test_bengali_covers_the_main_paths():
    po = catalogue("bn")
    assert po.percent_translated() >= 90
    for msgid in ["My work", "Log in", "Log out", "Library", "Search"]:
        entry = po.find(msgid)
        assert entry is not None and entry.msgstr, msgid


def test_vietnamese_translations_are_nfc():
    for entry in catalogue("vi"):
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            assert unicodedata.is_normalized("NFC", text), entry.msgid


def test_placeholders_survive_translation():
    import re

    pattern = re.compile(r"%\(\w+\)[sd]")
    for lang in ("vi", "en", "bn"):
        for entry in catalogue(lang):
            if entry.msgstr:
                assert sorted(pattern.findall(entry.msgid)) == sorted(pattern.findall(entry.msgstr)), (
                    lang,
                    entry.msgid,
                )


@pytest.mark.parametrize("lang", ["vi", "en", "bn"])
def test_catalogue_compiles(lang, tmp_path):
    """msgfmt refuses a catalogue with a duplicate msgid or a broken entry; then no page is translated."""
    import shutil
    import subprocess

    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext's msgfmt is needed to compile the catalogues"
    po = LOCALE / lang / "LC_MESSAGES" / "django.po"
    done = subprocess.run(
        [msgfmt, "--check-format", "-o", str(tmp_path / "django.mo"), str(po)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_strings_are_marked_under_names_makemessages_reads():
    """``gettext_noop as N_`` hid seven notifications (meetings, ideas, dossiers) from the catalogues: makemessages
    reads ``_`` and gettext's own names, not an alias of ours, so they stayed in English on Vietnamese pages."""
    import re

    alias = re.compile(r"from django\.utils\.translation import .*\bas (\w+)")
    root = LOCALE.parent
    wrong = [
        f"{path.relative_to(root.parent)}: {m.group(0)}"
        for path in root.rglob("*.py")
        for m in alias.finditer(path.read_text(encoding="utf-8"))
        if m.group(1) != "_"
    ]
    assert not wrong, wrong
