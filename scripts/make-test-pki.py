#!/usr/bin/env python3
"""Make the TEST-ONLY PKI (certomancer) and, optionally, serve it and a SoftHSM2 token.

    .venv/bin/python scripts/make-test-pki.py DIR            # keys, certificates, PKCS#12 files into DIR
    .venv/bin/python scripts/make-test-pki.py DIR --serve    # ...and serve OCSP/CRL/TSA on 127.0.0.1 until Ctrl-C
    .venv/bin/python scripts/make-test-pki.py DIR --softhsm  # ...and a SoftHSM2 token in DIR/softhsm (PIN 123456)

The tests do the same through civildesk/signing/tests/conftest.py. Never use these keys for anything real.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from civildesk.signing import pki  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dir", type=Path)
    parser.add_argument("--serve", action="store_true")
    parser.add_argument("--softhsm", action="store_true")
    parser.add_argument("--passphrase", default="test")
    args = parser.parse_args()
    server = None
    if args.serve:
        the_pki, server = pki.serve(args.dir)
    else:
        the_pki = pki.build(args.dir, "http://127.0.0.1:8765")
    for label in (*pki.SIGNERS, "root", "interm", "tsa"):
        (args.dir / f"{label}.cert.pem").write_text(the_pki.cert_pem(label))
    for label in pki.SIGNERS:
        (args.dir / f"{label}.p12").write_bytes(the_pki.pkcs12(label, args.passphrase))
    print(f"PKI in {args.dir} (PKCS#12 passphrase: {args.passphrase}); TSA {the_pki.tsa_url}")
    if args.softhsm:
        base = args.dir / "softhsm"
        (base / "tokens").mkdir(parents=True, exist_ok=True)
        conf = base / "softhsm2.conf"
        conf.write_text(f"directories.tokendir = {base / 'tokens'}\nobjectstore.backend = file\n")
        env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
        subprocess.run(
            [
                "softhsm2-util",
                "--init-token",
                "--free",
                "--label",
                "civildesk-test",
                "--pin",
                "123456",
                "--so-pin",
                "12345678",
            ],
            check=True,
            env=env,
        )
        for i, label in enumerate(("signer", "agency"), start=1):
            subprocess.run(
                [
                    "softhsm2-util",
                    "--import",
                    str(the_pki.key_path(label)),
                    "--token",
                    "civildesk-test",
                    "--label",
                    label,
                    "--id",
                    f"{i:02x}",
                    "--pin",
                    "123456",
                ],
                check=True,
                env=env,
            )
        print(f"SoftHSM2 token 'civildesk-test' (PIN 123456): export SOFTHSM2_CONF={conf}")
    if server is not None:
        print("Serving; Ctrl-C to stop.")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            server.stop()


if __name__ == "__main__":
    main()
