"""Docs kept honest: every environment variable the settings read is documented."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _env_names() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "civildesk").rglob("*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"""\benv(?:_bool|_list|_int)?\(\s*["']([A-Z][A-Z0-9_]+)["']""", text))
        names |= set(re.findall(r"""os\.environ(?:\.get)?[\[(]\s*["']([A-Z][A-Z0-9_]+)["']""", text))
        names |= set(re.findall(r"""os\.getenv\(\s*["']([A-Z][A-Z0-9_]+)["']""", text))
    return names - {"DJANGO_SETTINGS_MODULE"}


def test_settings_read_some_variables():
    assert {"DATABASE_URL", "DJANGO_SECRET_KEY", "CIVILDESK_ENV"} <= _env_names()


def test_every_environment_variable_is_documented():
    docs = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = sorted(name for name in _env_names() if f"`{name}`" not in docs)
    assert not missing, f"document these in docs/configuration.md: {missing}"


def test_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[:2500]
    assert "make demo" in head and "make test" in head
