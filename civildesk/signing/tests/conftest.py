"""The test PKI (certomancer on 127.0.0.1), a SoftHSM2 token holding a signer's key, and per-test storage."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from civildesk.signing import pki

TOKEN_LABEL = "civildesk-test"
PIN = "123456"
PASSPHRASE = "p12-passphrase"


@pytest.fixture(scope="session")
def test_pki(tmp_path_factory):
    """Root, intermediate, signers, CRL, OCSP and TSA served on loopback for the whole session."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    the_pki, server = pki.serve(tmp_path_factory.mktemp("pki"))
    yield the_pki
    server.stop()


@pytest.fixture(scope="session")
def softhsm(test_pki, tmp_path_factory):
    """A SoftHSM2 token with the "signer" and "agency" keys imported; returns (module, token label, PIN)."""
    util = shutil.which("softhsm2-util")
    module = "/usr/lib/softhsm/libsofthsm2.so"
    if util is None or not os.path.exists(module):
        pytest.skip("softhsm2 is not installed (scripts/install-system-deps.sh test)")
    base = tmp_path_factory.mktemp("softhsm")
    (base / "tokens").mkdir()
    conf = base / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {base / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    run = lambda *args: subprocess.run([util, *args], check=True, capture_output=True, text=True)  # noqa: E731
    run("--init-token", "--free", "--label", TOKEN_LABEL, "--pin", PIN, "--so-pin", "12345678")
    for i, label in enumerate(("signer", "agency"), start=1):
        run(
            "--import",
            str(test_pki.key_path(label)),
            "--token",
            TOKEN_LABEL,
            "--label",
            label,
            "--id",
            f"{i:02x}",
            "--pin",
            PIN,
        )
    return module


@pytest.fixture(autouse=True)
def _isolated(isolated_data, english):
    """Each test gets its own files, data directory and index; messages in English."""
    yield


@pytest.fixture
def trust(db, test_pki, sysadmin):
    """The test root trusted and the test TSA configured, as an administrator would."""
    from civildesk.signing import services

    services.trusted_root_add(actor=sysadmin, name="Test root", certificate=test_pki.cert_pem("root"), kind="other")
    services.settings_update(actor=sysadmin, tsa_url=test_pki.tsa_url, default_level="B-T", lta_allowed=True)
    return test_pki


@pytest.fixture
def give_certificate(trust, sysadmin, settings):
    """Register a certificate for a user: on the SoftHSM token ("pkcs11") or as a key file ("pkcs12")."""
    from civildesk.signing import placement, services

    def give(user, unit, label="signer", *, backend="pkcs11", kind="personal", image=True):
        key_file = ""
        if backend == "pkcs12":
            keys = Path(settings.DATA_DIR) / "signing" / "keys"
            keys.mkdir(parents=True, exist_ok=True)
            key_file = f"{user.username}.p12"
            (keys / key_file).write_bytes(trust.pkcs12(label, PASSPHRASE))
        png = None
        if image:
            png = (
                placement.make_seal_png(unit.name) if kind == "agency" else placement.make_signature_png(user.username)
            )
        return services.certificate_register(
            actor=sysadmin,
            user=user,
            unit=unit,
            label=label,
            certificate=trust.cert_der(label),
            chain=trust.chain_der(label),
            kind=kind,
            backend=backend,
            token_label="civildesk-test" if backend == "pkcs11" else "",
            key_label=label if backend == "pkcs11" else "",
            key_file=key_file,
            image_png=png,
        )

    return give


@pytest.fixture(scope="session")
def decision_pdf():
    """A Decree 30 decision rendered by the drafting app (signer: Hoàng Văn Thành, Chủ tịch)."""
    import json

    from civildesk.drafting.document import OfficialDocument
    from civildesk.drafting.render import to_pdf

    root = Path(__file__).resolve().parents[3]
    data = json.loads((root / "docs/examples/drafting/QD.json").read_text())
    data.pop("doc_type", None)
    return to_pdf(OfficialDocument.from_dict({"doc_type": "QD", **data}))
