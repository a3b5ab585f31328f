"""validate.py (the seam to pyHanko's validation engine) on real PDFs signed by the test PKI, and its report's text."""

from __future__ import annotations

import pytest
from django.utils import translation

from civildesk.signing import signer, texts, validate

from .conftest import PASSPHRASE


def _signed(pki, pdf, level="B-B"):
    return signer.sign_pdf(
        pdf,
        signer.pkcs12_signer(pki.pkcs12("signer", PASSPHRASE), PASSPHRASE),
        level=level,
        tsa_url=pki.tsa_url,
        roots_der=[pki.cert_der("root")],
        field_name="Sig1",
    )


def _check(pki, data):
    return validate.validate_pdf(data, roots_der=[pki.cert_der("root")], filename="x.pdf")


def test_a_tampered_file_is_not_reported_as_unchanged(test_pki, decision_pdf):
    data = bytearray(_signed(test_pki, decision_pdf))
    data[2000] ^= 0x01  # one byte of the signed page content
    report = _check(test_pki, bytes(data))
    [sig] = report.signatures
    assert report.summary == "invalid" and not sig.intact
    assert sig.modified_after_signing and sig.modification == "tampered"
    with translation.override("vi"):
        text = texts.localise(report.to_dict())["signatures"][0]
    assert text["modification_text"] != str(texts.MODIFICATION["none"])
    assert "Không có thay đổi sau khi ký" not in text["modification_text"]


def test_an_untouched_signature_reports_no_change(test_pki, decision_pdf):
    [sig] = _check(test_pki, _signed(test_pki, decision_pdf)).signatures
    assert (sig.intact, sig.modified_after_signing, sig.modification) == (True, False, "none")


def test_an_unsigned_pdf(test_pki, decision_pdf):
    report = _check(test_pki, decision_pdf)
    assert report.summary == "unsigned" and report.signatures == []


def test_bytes_that_are_not_a_pdf(test_pki):
    with pytest.raises(validate.NotAPdf):
        _check(test_pki, b"%PDF-1.7\nnot really")


def test_the_report_round_trips_through_json(test_pki, decision_pdf):
    report = _check(test_pki, _signed(test_pki, decision_pdf, "B-T"))
    again = validate.Report.from_dict(report.to_dict())
    assert again == report and again.signatures[0].timestamp


def test_times_are_formatted_for_people_in_their_language(test_pki, decision_pdf):
    report = _check(test_pki, _signed(test_pki, decision_pdf, "B-T")).to_dict()
    iso = report["signatures"][0]["timestamp"]
    with translation.override("vi"):
        vi = texts.localise(report)["signatures"][0]["timestamp_text"]
    with translation.override("en"):
        en = texts.localise(report)["signatures"][0]["timestamp_text"]
    assert iso not in (vi, en) and "T" not in vi and "+00:00" not in en
    assert vi != en
