"""Numbering signed and paper documents of one agency at the same time (PostgreSQL, real connections)."""

from __future__ import annotations

import subprocess
import threading

import pytest
from django.db import connection, connections

from civildesk.drafting import services as drafting
from civildesk.drafting.models import Draft, DraftStatus, RegisterEntry
from civildesk.org.models import Role
from civildesk.signing import services
from civildesk.signing.models import ChainStep, StepAction
from conftest import make_user

from .conftest import PASSPHRASE
from .test_outgoing import CONTENT

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent issuing needs PostgreSQL (set DATABASE_URL=postgres://...); SQLite serialises all writers",
    ),
]

N = 4


def test_signed_and_paper_documents_never_share_a_number(units, staff_a, leader_a, give_certificate, tmp_path):
    give_certificate(leader_a, units["a"], "signer", backend="pkcs12")
    clerks = [make_user(f"clerk.a{i}", units["a"], Role.CLERK) for i in range(N)]
    for clerk in clerks:
        give_certificate(clerk, units["a"], "agency", backend="pkcs12", kind="agency")
    signed, paper = [], []
    for _ in range(N):
        d = drafting.draft_create(actor=staff_a, unit=units["a"], doc_type="GM", **CONTENT)
        drafting.draft_send_for_review(actor=staff_a, draft=d, reviewer=leader_a)
        sr = services.request_from_draft(
            actor=staff_a,
            draft=Draft.objects.get(pk=d.pk),
            chain=[services.StepSpec(assignees=[leader_a], action=StepAction.SIGN)],
            level="B-B",
        )
        services.step_sign(actor=leader_a, step=ChainStep.objects.get(request=sr), secret=PASSPHRASE)
        signed.append(Draft.objects.get(pk=d.pk))
        paper.append(drafting.draft_create(actor=staff_a, unit=units["a"], doc_type="GM", **CONTENT))
    assert all(d.status == DraftStatus.SIGNED for d in signed)

    barrier = threading.Barrier(2 * N)
    errors: list[BaseException] = []

    def work(i):
        try:
            barrier.wait(timeout=60)
            if i < N:
                drafting.draft_issue_signed(actor=clerks[i], draft=signed[i], secret=PASSPHRASE)
            else:
                drafting.draft_issue(actor=clerks[i - N], draft=paper[i - N])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2 * N)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors

    assert sorted(RegisterEntry.objects.values_list("number", flat=True)) == list(range(1, 2 * N + 1))
    for d in Draft.objects.filter(pk__in=[s.pk for s in signed]):
        path = tmp_path / f"{d.pk}.pdf"
        with d.signed_pdf.open("rb") as fh:
            path.write_bytes(fh.read())
        text = subprocess.run(["pdftotext", "-l", "1", str(path), "-"], capture_output=True, text=True).stdout
        assert f"Số: {d.number:02d}/GM-STTTT" in text
