from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from civildesk.drafting.demo import load
from civildesk.drafting.models import Draft

from .examples import EXAMPLES, TYPES


@pytest.mark.parametrize("doc_type", TYPES)
@pytest.mark.parametrize(("fmt", "magic"), [("pdf", b"%PDF"), ("docx", b"PK")])
def test_every_example_renders(tmp_path, doc_type, fmt, magic):
    out = tmp_path / f"{doc_type}.{fmt}"
    call_command(
        "render_document",
        type=doc_type,
        data=str(EXAMPLES / f"{doc_type}.json"),
        format=fmt,
        out=str(out),
        stdout=io.StringIO(),
    )
    assert out.read_bytes().startswith(magic)


def test_bad_json_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"doc_type": "QD",', encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("render_document", type="QD", data=str(bad), format="pdf", out=str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_invalid_document_lists_the_fields(tmp_path):
    data = json.loads((EXAMPLES / "CV.json").read_text(encoding="utf-8"))
    data.update(unit_code="", subject="", number="twelve")
    path = tmp_path / "cv.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("render_document", type="CV", data=str(path), format="docx", out=str(tmp_path / "cv.docx"))
    assert "number" in str(exc.value)
    assert not (tmp_path / "cv.docx").exists()


def test_type_must_match_the_file(tmp_path):
    with pytest.raises(CommandError, match="does not match"):
        call_command(
            "render_document", type="GM", data=str(EXAMPLES / "QD.json"), format="pdf", out=str(tmp_path / "x.pdf")
        )


def test_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command(
            "render_document", type="GM", data=str(tmp_path / "nope.json"), format="pdf", out=str(tmp_path / "x.pdf")
        )


def test_the_command_exits_non_zero(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2", encoding="utf-8")
    manage = Path(__file__).resolve().parents[3] / "manage.py"
    result = subprocess.run(
        [
            sys.executable,
            str(manage),
            "render_document",
            "--type",
            "QD",
            "--data",
            str(bad),
            "--format",
            "pdf",
            "--out",
            str(tmp_path / "x.pdf"),
        ],
        capture_output=True,
        text=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "civildesk.settings",
            "CIVILDESK_DATA_DIR": str(tmp_path),
        },
    )
    assert result.returncode != 0
    assert "not valid JSON" in result.stderr


@pytest.mark.django_db
def test_demo_is_idempotent():
    from civildesk.org.demo import load as load_org

    load_org(stdout=io.StringIO())
    assert load(stdout=io.StringIO()) == {"drafts": 7}
    assert load(stdout=io.StringIO()) == {"drafts": 0}
    assert sorted(Draft.objects.values_list("doc_type", flat=True)) == sorted(TYPES)
