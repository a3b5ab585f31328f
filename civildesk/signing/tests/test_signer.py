"""The signing seam and the validation engine on real signatures from the test PKI (no database)."""

from __future__ import annotations

from io import BytesIO

import pytest

from civildesk.signing import signer, validate

from .conftest import PASSPHRASE, PIN, TOKEN_LABEL


def _p12(pki, label="signer"):
    return signer.pkcs12_signer(pki.pkcs12(label, PASSPHRASE), PASSPHRASE)


def _sign(pki, pdf, level="B-B", label="signer", field="Sig1"):
    return signer.sign_pdf(
        pdf, _p12(pki, label), level=level, tsa_url=pki.tsa_url, roots_der=[pki.cert_der("root")], field_name=field
    )


def _check(pki, data):
    return validate.validate_pdf(data, roots_der=[pki.cert_der("root")])


@pytest.mark.parametrize("level", ["B-B", "B-T", "B-LT", "B-LTA"])
def test_pkcs12_signature_levels_validate(test_pki, decision_pdf, level):
    report = _check(test_pki, _sign(test_pki, decision_pdf, level))
    [sig] = report.signatures
    assert report.summary == "valid"
    assert (sig.intact, sig.valid, sig.trusted, sig.revocation) == (True, True, True, "good")
    assert sig.level == level
    assert (sig.timestamp is not None) == (level != "B-B")
    assert "CivilDesk TEST Root CA" in sig.chain and "Nguyễn Văn Ký" in sig.chain


def test_wrong_passphrase_is_a_clear_error(test_pki):
    with pytest.raises(signer.SignerError, match="wrong passphrase"):
        signer.pkcs12_signer(test_pki.pkcs12("signer", PASSPHRASE), "nope")


def test_softhsm_token_signature_validates(test_pki, softhsm, decision_pdf):
    with signer.pkcs11_signer(
        module=softhsm,
        token_label=TOKEN_LABEL,
        pin=PIN,
        key_label="signer",
        cert_der=test_pki.cert_der("signer"),
        chain_der=test_pki.chain_der("signer"),
    ) as token:
        prepared = signer.sign_prepare(decision_pdf, token, field_name="Token")
    data = signer.sign_finish(prepared, level="B-T", tsa_url=test_pki.tsa_url, roots_der=[test_pki.cert_der("root")])
    report = _check(test_pki, data)
    assert report.summary == "valid"
    assert report.signatures[0].signer == "Nguyễn Văn Ký"
    assert report.signatures[0].timestamp


def test_wrong_pin_is_refused_without_echoing_it(test_pki, softhsm):
    with (
        pytest.raises(signer.SignerError) as info,
        signer.pkcs11_signer(
            module=softhsm,
            token_label=TOKEN_LABEL,
            pin="999999",
            key_label="signer",
            cert_der=test_pki.cert_der("signer"),
            chain_der=[],
        ),
    ):
        pass
    assert "999999" not in str(info.value)


def test_revoked_certificate_is_reported_revoked(test_pki, decision_pdf):
    report = _check(test_pki, _sign(test_pki, decision_pdf, "B-T", label="revoked"))
    [sig] = report.signatures
    assert sig.revocation == "revoked"
    assert report.summary == "invalid"


def test_unreachable_revocation_is_unknown_never_valid(test_pki, decision_pdf):
    report = _check(test_pki, _sign(test_pki, decision_pdf, "B-T", label="unreachable"))
    [sig] = report.signatures
    assert sig.revocation == "unknown"
    assert sig.intact and sig.trusted
    assert sig.status == "indeterminate"
    assert report.summary != "valid"


def test_expired_certificate_is_not_trusted(test_pki, decision_pdf):
    [sig] = _check(test_pki, _sign(test_pki, decision_pdf, "B-B", label="expired")).signatures
    assert not sig.trusted
    assert "expired" in sig.problems


def test_one_changed_byte_fails_validation(test_pki, decision_pdf):
    data = bytearray(_sign(test_pki, decision_pdf))
    data[2000] ^= 0x01  # inside the signed byte range (the page content)
    report = _check(test_pki, bytes(data))
    assert report.summary == "invalid"
    assert not report.signatures[0].intact


def test_incremental_update_after_signing_is_detected(test_pki, decision_pdf):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    signed = _sign(test_pki, decision_pdf)
    writer = IncrementalPdfFileWriter(BytesIO(signed))
    # Change the page content in a later revision: what a forger would do.
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    stream = generic.StreamObject(stream_data=b"BT /F1 40 Tf 100 400 Td (FORGED) Tj ET")
    page["/Contents"] = writer.add_object(stream)
    writer.update_container(page)
    out = BytesIO()
    writer.write(out)
    [sig] = _check(test_pki, out.getvalue()).signatures
    assert sig.intact  # the signed revision is untouched...
    assert sig.modified_after_signing  # ...but the file was changed after it
    assert sig.modification == "other"
    assert sig.status == "invalid"


def test_two_sequential_signatures_both_validate(test_pki, decision_pdf):
    once = _sign(test_pki, decision_pdf, "B-T", label="signer", field="Leader")
    twice = _sign(test_pki, once, "B-T", label="agency", field="Agency")
    report = _check(test_pki, twice)
    assert report.summary == "valid"
    first, second = report.signatures
    assert first.modified_after_signing and first.modification == "form_filling"
    assert not second.modified_after_signing
    assert [s.status for s in report.signatures] == ["valid", "valid"]


def test_unsigned_pdf_reports_unsigned(test_pki, decision_pdf):
    assert _check(test_pki, decision_pdf).summary == "unsigned"


def test_not_a_pdf_raises(test_pki):
    with pytest.raises(validate.NotAPdf):
        _check(test_pki, b"hello")
