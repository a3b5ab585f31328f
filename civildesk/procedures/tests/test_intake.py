"""Intake: dossier codes, the version applied, files checked by their content, the citizen's look-up."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from civildesk.procedures.models import Attachment, DailyCounter, Digitisation, Dossier
from civildesk.procedures.services import dossier_find_for_citizen, format_code

from .conftest import PDF, at

pytestmark = pytest.mark.django_db


def test_the_code_is_unit_date_and_a_daily_sequence(register):
    a = register(received_at=at(2025, 3, 4)).dossier
    b = register(received_at=at(2025, 3, 4, 15)).dossier
    c = register(received_at=at(2025, 3, 5)).dossier
    assert (a.code, b.code, c.code) == ("A-250304-0001", "A-250304-0002", "A-250305-0001")


def test_the_code_format_is_a_setting(register, settings):
    settings.CIVILDESK_DOSSIER_CODE_FORMAT = "{seq:04d}.{date:%y%m%d}.{unit}"
    assert register(received_at=at(2025, 3, 4)).dossier.code == "0001.250304.A"
    assert format_code("X", date(2026, 1, 2), 7, "{unit}{date:%y%m%d}{seq:04d}") == "X2601020007"


def test_a_failed_intake_gives_its_number_back(register, procedure):
    register(received_at=at(2025, 3, 4))
    with pytest.raises(ValidationError):
        register(received_at=at(2025, 3, 4), applicant_name="")  # full_clean refuses after the number is taken
    assert register(received_at=at(2025, 3, 4)).dossier.code == "A-250304-0002"
    assert DailyCounter.objects.get(day=date(2025, 3, 4)).last == 2


def test_a_wrong_type_attachment_is_refused_and_leaves_nothing_behind(register, settings):
    files_dir = Path(settings.MEDIA_ROOT)
    before = sorted(files_dir.rglob("*")) if files_dir.exists() else []
    for bad in [
        ("scan.pdf", b"MZ\x90\x00 not a pdf at all"),
        ("notes.txt", b"plain text"),
        ("x.html", b"<html></html>"),
    ]:
        with pytest.raises(ValidationError):
            register(files=[("to-khai.pdf", PDF), bad])
    assert not Dossier.objects.exists() and not Attachment.objects.exists()
    assert not DailyCounter.objects.filter(last__gt=0).exists()
    after = sorted(files_dir.rglob("*")) if files_dir.exists() else []
    assert [p for p in after if p.is_file()] == [p for p in before if p.is_file()]


def test_files_are_stored_outside_the_web_root_with_components_digitised(register, settings):
    d = register(files=[("to-khai.pdf", PDF)]).dossier
    att = d.attachments.get()
    assert Path(att.file.path).is_relative_to(Path(settings.MEDIA_ROOT)) and att.file_type == "pdf"
    assert {c.digitisation for c in d.components.all()} == {Digitisation.DIGITISED}
    assert d.components.count() == 2


def test_the_counter_needs_the_receive_permission_of_the_unit(register, clerk_b, specialist_a):
    for user in (clerk_b, specialist_a):
        with pytest.raises(PermissionDenied):
            register(actor=user)


def test_online_submission_needs_files_and_an_online_procedure(register, procedure):
    with pytest.raises(ValidationError):
        register(public=True, files=[])
    procedure.online = False
    procedure.save()
    with pytest.raises(ValidationError):
        register(public=True)


def test_the_secret_is_hashed_and_a_wrong_one_reveals_nothing(register):
    r = register(public=True, applicant_phone="+84 912 345 678")
    d = r.dossier
    assert r.pin not in d.pin_hash and "912345678" not in d.phone_hash
    assert dossier_find_for_citizen(code=d.code, secret=r.pin) == d
    assert dossier_find_for_citizen(code=d.code.lower(), secret="0912345678") == d
    assert dossier_find_for_citizen(code=d.code, secret="000000" if r.pin != "000000" else "111111") is None
    assert dossier_find_for_citizen(code="A-000000-0000", secret=r.pin) is None
    assert dossier_find_for_citizen(code=d.code, secret="") is None
