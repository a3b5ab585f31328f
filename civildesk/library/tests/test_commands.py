from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from civildesk.library import search
from civildesk.library.models import Document, Status

from .test_services import DECREE

pytestmark = pytest.mark.usefixtures("lexical_only")


def test_folder_import_adds_good_files_and_reports_bad_ones(tmp_path, staff_a, units, capsys):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "nghi-dinh.txt").write_text(DECREE, encoding="utf-8")
    (tmp_path / "setup.exe").write_bytes(b"MZ\x90\x00" + b"\x00" * 64)

    call_command("library_import", str(tmp_path), user=staff_a.username, unit=units["a"].code)

    out = capsys.readouterr()
    assert "1 documents added, 1 refused or failed" in out.out
    assert "setup.exe" in out.err
    assert Document.objects.get().status == Status.READY
    assert search.search(staff_a, "lưu trữ vĩnh viễn")


def test_folder_import_respects_permissions(tmp_path, staff_a, units):
    (tmp_path / "a.txt").write_text(DECREE, encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("library_import", str(tmp_path), user=staff_a.username, unit=units["b"].code)
    assert not Document.objects.exists()


def test_reindex_from_scratch_restores_search(tmp_path, staff_a, units):
    (tmp_path / "a.txt").write_text(DECREE, encoding="utf-8")
    call_command("library_import", str(tmp_path), user=staff_a.username, unit=units["a"].code)
    call_command("library_reindex", from_scratch=True)
    assert search.search(staff_a, "lưu trữ vĩnh viễn")[0].article.label == "Điều 2"
