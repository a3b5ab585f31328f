"""Signatures and validations per second, B-B and B-T, CivilDesk's seam vs pyHanko called directly.

Run: .venv/bin/python bench/signing.py [--n 20]
Uses the project's test PKI (certomancer on 127.0.0.1, a loopback TSA/OCSP/CRL) and a Decree 30
decision rendered by the drafting app. Prints a table; the ratio is the platform's overhead.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20)
    args = parser.parse_args()
    logging.disable(logging.WARNING)

    from civildesk.drafting.document import OfficialDocument
    from civildesk.drafting.render import to_pdf
    from civildesk.signing import pki, signer, validate

    data = json.loads((ROOT / "docs/examples/drafting/QD.json").read_text())
    data.pop("doc_type", None)
    pdf = to_pdf(OfficialDocument.from_dict({"doc_type": "QD", **data}))
    the_pki, server = pki.serve(tempfile.mkdtemp())
    roots = [the_pki.cert_der("root")]
    ours = signer.pkcs12_signer(the_pki.pkcs12("signer", "x"), "x")

    from asn1crypto import x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko.sign.timestamps.aiohttp_client import HTTPTimeStamper
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    def direct_sign(level: str) -> bytes:
        meta = signers.PdfSignatureMetadata(field_name="S", md_algorithm="sha256", subfilter=SigSeedSubFilter.PADES)
        ts = HTTPTimeStamper(the_pki.tsa_url) if level == "B-T" else None
        out = signers.PdfSigner(meta, signer=ours, timestamper=ts).sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf)))
        return out.getvalue()

    def direct_validate(signed: bytes) -> None:
        vc = ValidationContext(trust_roots=[x509.Certificate.load(r) for r in roots], allow_fetching=True)
        emb = PdfFileReader(BytesIO(signed)).embedded_signatures[0]
        validate_pdf_signature(emb, signer_validation_context=vc, ts_validation_context=vc)

    def ours_sign(level: str) -> bytes:
        return signer.sign_pdf(pdf, ours, level=level, tsa_url=the_pki.tsa_url, roots_der=roots, field_name="S")

    def ours_validate(signed: bytes) -> None:
        validate.validate_pdf(signed, roots_der=roots)

    def rate(fn, *a) -> float:  # type: ignore[no-untyped-def]
        fn(*a)  # warm up
        t = time.perf_counter()
        for _ in range(args.n):
            fn(*a)
        return args.n / (time.perf_counter() - t)

    print(f"n={args.n} per cell; PDF {len(pdf)} bytes; RSA-2048; loopback TSA/OCSP/CRL")
    print(f"{'operation':<22}{'CivilDesk /s':>14}{'pyHanko /s':>14}{'overhead':>10}")
    for level in ("B-B", "B-T"):
        a, b = rate(ours_sign, level), rate(direct_sign, level)
        print(f"{'sign ' + level:<22}{a:>14.1f}{b:>14.1f}{b / a:>9.2f}x")
    for level in ("B-B", "B-T"):
        signed = ours_sign(level)
        a, b = rate(ours_validate, signed), rate(direct_validate, signed)
        print(f"{'validate ' + level:<22}{a:>14.1f}{b:>14.1f}{b / a:>9.2f}x")
    print("overhead = pyHanko rate / CivilDesk rate. CivilDesk's validation also runs a hard-fail revocation")
    print("check and a diff analysis of later revisions; its signing adds the interrupted (two-step) flow.")
    server.stop()
    asyncio.set_event_loop(None)


if __name__ == "__main__":
    main()
