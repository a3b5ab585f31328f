"""The applicant is told of each status change by e-mail, and on any channel registered at the seam."""

from __future__ import annotations

import pytest
from django.core import mail

from civildesk.procedures.services import DOSSIERS, notify

pytestmark = pytest.mark.django_db


def test_status_changes_reach_the_applicant_by_email_and_sms(
    register, clerk_a, django_capture_on_commit_callbacks, monkeypatch
):
    sms: list[tuple[str, str]] = []
    monkeypatch.setitem(notify.CHANNELS, "sms", lambda to, text: sms.append((to, text)))
    d = register(applicant_email="an@example.vn").dossier
    with django_capture_on_commit_callbacks(execute=True):
        DOSSIERS.apply(d, "accept", actor=clerk_a)
    assert len(mail.outbox) == 1 and d.code in mail.outbox[0].body and "Được tiếp nhận" in mail.outbox[0].body
    assert sms == [("0912345678", mail.outbox[0].body)]
    with django_capture_on_commit_callbacks(execute=True):
        DOSSIERS.apply(d, "forward", actor=clerk_a)
    assert len(mail.outbox) == 2 and "Đang xử lý" in mail.outbox[1].body
