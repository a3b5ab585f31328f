"""The outgoing order's PDF steps, timed: render with the number and date fields, certify (leader),
fill number and date, seal (agency), validate. Prints the median time and the file size per step.

Run: .venv/bin/python bench/outgoing.py [--n 5]
Key files of the project's test PKI (certomancer on 127.0.0.1), B-B signatures; a Giấy mời of
docs/examples/drafting without its number and date.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=5)
    args = parser.parse_args()
    logging.disable(logging.WARNING)

    from civildesk.drafting import render
    from civildesk.drafting.document import OfficialDocument
    from civildesk.drafting.layout import format_date
    from civildesk.signing import pki, placement, signer, validate

    data = json.loads((ROOT / "docs/examples/drafting/GM.json").read_text())
    data.pop("doc_type", None)
    doc = OfficialDocument.from_dict({"doc_type": "GM", **data, "number": None, "issued_on": None})
    the_pki, server = pki.serve(tempfile.mkdtemp())
    leader = signer.pkcs12_signer(the_pki.pkcs12("signer", "x"), "x")
    agency = signer.pkcs12_signer(the_pki.pkcs12("agency", "x"), "x")
    signature_png, seal_png = placement.make_signature_png("bench"), placement.make_seal_png("Văn phòng")
    times: dict[str, list[float]] = {}
    sizes: dict[str, int] = {}

    def step(name, fn):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        out = fn()
        times.setdefault(name, []).append(time.perf_counter() - start)
        if isinstance(out, bytes):
            sizes[name] = len(out)
        elif isinstance(out, tuple):
            sizes[name] = len(out[0])
        return out

    report = None
    for _ in range(args.n):
        pdf, fields = step("render with fields (WeasyPrint)", lambda: render.to_signing_pdf(doc))
        specs = [
            signer.TextField(
                name=f["name"], page=f["page"], box=tuple(f["box"]), appearance=f["appearance"], value=f["value"]
            )
            for f in fields
        ]
        pdf = step("add the two text fields", lambda pdf=pdf, specs=specs: signer.add_text_fields(pdf, specs))
        block = placement.find_signature_block(pdf, name=doc.signer_name, title=doc.signer_title)
        box = placement.signature_box(block, signature_png)
        look = signer.Appearance(page=block.page, box=box, image_png=signature_png)
        reserve = (("CD-SEAL", block.page, placement.seal_box(box, seal_png)),)
        signed = step(
            "leader certifies (DocMDP P=2)",
            lambda pdf=pdf, look=look, reserve=reserve: signer.sign_pdf(
                pdf, leader, field_name="CD-SIGN-1", appearance=look, certify=True, reserve=reserve
            ),
        )
        by_name = {f["name"]: f for f in fields}
        values = {"cd_number": "09", "cd_date": format_date(__import__("datetime").date(2026, 1, 8))}
        filled = step(
            "fill number and date",
            lambda signed=signed, by_name=by_name, values=values: signer.fill_text_fields(
                signed, {k: (v, render.field_pdf(v, by_name[k])) for k, v in values.items()}
            ),
        )
        final = step(
            "agency seals",
            lambda filled=filled, look=look: signer.sign_pdf(
                filled, agency, field_name="CD-SEAL", appearance=signer.Appearance(0, look.box, image_png=seal_png)
            ),
        )
        report = step("validate both signatures", lambda final=final: validate.validate_pdf(final, roots_der=[
            the_pki.cert_der("root")
        ]))  # fmt: skip
    server.stop()
    print(f"{'step':36} {'median ms':>10} {'bytes after':>12}")
    for name, values_ in times.items():
        print(f"{name:36} {statistics.median(values_) * 1000:10.0f} {sizes.get(name, 0) or '':>12}")
    assert report is not None
    for s in report.signatures:
        print(f"{s.field}: {s.status}, modification={s.modification} ({s.modification_detail})")


if __name__ == "__main__":
    main()
