"""The one seam to pyHanko for *making* signatures: key backends, PAdES levels, appearances.

Plain values in and out; no Django. Backends:

* PKCS#12 file: :func:`pkcs12_signer` (bytes + passphrase, both only in memory).
* PKCS#11 token: :func:`pkcs11_signer`, a context manager that opens a session
  with the PIN (python-pkcs11 through ``pyhanko.sign.pkcs11``) and closes it.

Signing is split in two so that secrets and network calls never meet:

1. :func:`sign_prepare` (needs the key, no network): adds the signature field
   and its visible appearance, reserves the placeholder, computes the
   ``/ByteRange`` digest and signs it. Returns a :class:`Prepared` with no
   secret in it (a half-finished PDF, the digest bookkeeping and the CMS).
2. :func:`sign_finish` (needs the network, no key): asks the timestamp
   authority for the RFC 3161 signature timestamp (B-T), embeds the CMS,
   then adds revocation data to the DSS (B-LT) and a document timestamp
   (B-LTA).

:func:`sign_pdf` does both in one call.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any

LEVELS = ("B-B", "B-T", "B-LT", "B-LTA")
MD = "sha256"
# Room for the CMS: certificates, the signature timestamp token (with the TSA's chain).
BYTES_RESERVED = 32 * 1024
FONT = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"


def run(coro: Any) -> Any:
    """Run a coroutine to completion from synchronous code, also when this thread already
    runs an event loop (e.g. Playwright's in tests): then in a short-lived thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


class SignerError(Exception):
    """A signing problem to show to the user (wrong PIN, unreadable key file, TSA down...).

    ``code`` names the problem (the Django layer shows it in the reader's language,
    see ``texts.SIGNER_ERRORS``); ``detail`` is a technical hint (an exception's
    class name, a token label), never a secret. ``str()`` is the English text.
    """

    def __init__(self, message: str, *, code: str = "signer", detail: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.detail = detail


# --- Backends -------------------------------------------------------------


def pkcs12_signer(data: bytes, passphrase: str) -> Any:
    from pyhanko.sign import signers

    try:
        signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=None, passphrase=passphrase.encode())
    except Exception as exc:  # pyHanko raises assorted errors for a wrong passphrase
        raise SignerError(
            "The key file could not be opened: wrong passphrase or not a PKCS#12 file.", code="key_file"
        ) from exc
    if signer is None or signer.signing_cert is None:
        raise SignerError("The key file could not be opened: wrong passphrase or not a PKCS#12 file.", code="key_file")
    return signer


@contextlib.contextmanager
def pkcs11_signer(
    *, module: str, token_label: str, pin: str, key_label: str, cert_der: bytes, chain_der: list[bytes]
) -> Iterator[Any]:
    """A signer on a PKCS#11 token; the session (and the PIN) lives only inside the ``with``."""
    from asn1crypto import x509
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11

    try:
        session = pkcs11.open_pkcs11_session(module, token_criteria=TokenCriteria(label=token_label), user_pin=pin)
    except Exception as exc:
        # python-pkcs11 raises PinIncorrect, PinLenRange, NoSuchToken...; never echo the PIN.
        raise SignerError(
            f"The token “{token_label}” could not be opened ({type(exc).__name__}).",
            code="token",
            detail=f"{token_label}: {type(exc).__name__}",
        ) from exc
    try:
        yield pkcs11.PKCS11Signer(
            session,
            key_label=key_label,
            signing_cert=x509.Certificate.load(cert_der),
            ca_chain=[x509.Certificate.load(d) for d in chain_der],
        )
    finally:
        session.close()


# --- Appearance -----------------------------------------------------------


@dataclass(frozen=True)
class Appearance:
    """Where and how the signature shows on the page (see placement.py for the Decree 30 rules).

    ``box`` is (x1, y1, x2, y2) in PDF points from the bottom-left of page ``page``.
    ``image_png``: a transparent PNG filling the box; ``text``: a text stamp (Times, 10 pt, black).
    """

    page: int
    box: tuple[float, float, float, float]
    image_png: bytes | None = None
    text: str = ""


def _stamp_style(appearance: Appearance) -> Any:
    from pyhanko.pdf_utils import layout
    from pyhanko.stamp import StaticStampStyle, TextStampStyle

    if appearance.image_png:
        from PIL import Image
        from pyhanko.pdf_utils.images import PdfImage

        image = Image.open(BytesIO(appearance.image_png))
        image.load()
        return StaticStampStyle(
            background=PdfImage(image),
            border_width=0,
            background_opacity=1.0,
            background_layout=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MID,
                y_align=layout.AxisAlignment.ALIGN_MID,
                margins=layout.Margins.uniform(0),
                inner_content_scaling=layout.InnerScaling.STRETCH_FILL,
            ),
        )
    from pyhanko.pdf_utils.text import TextBoxStyle

    return TextStampStyle(
        stamp_text=appearance.text.replace("%", "%%"),
        text_box_style=TextBoxStyle(font=_font_factory(), font_size=10, leading=12),
        border_width=0,
        background=None,
    )


def _font_factory() -> Any:
    """Liberation Serif (Times New Roman metrics, Vietnamese glyphs), read into memory:
    pyHanko's own factory leaves the font file open."""
    from dataclasses import dataclass as _dc

    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    @_dc(frozen=True)
    class InMemoryFont(GlyphAccumulatorFactory):
        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> GlyphAccumulator:
            with open(self.font_file, "rb") as fh:
                handle = BytesIO(fh.read())
            if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
                obj_stream = writer.prepare_object_stream()
            return GlyphAccumulator(writer=writer, font_handle=handle, font_size=self.font_size, obj_stream=obj_stream)

    return InMemoryFont(FONT)


# --- Signing --------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    """A signature made but not yet embedded: safe to keep on disk (no secret in it)."""

    pdf: bytes
    document_digest: bytes
    reserved_start: int
    reserved_end: int
    cms: bytes


async def _prepare(
    pdf: bytes,
    signer: Any,
    *,
    field_name: str,
    appearance: Appearance | None,
    reason: str,
    location: str,
    name: str,
    certify: bool = False,
    reserve: tuple[tuple[str, int, tuple[float, float, float, float]], ...] = (),
) -> Prepared:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    except Exception as exc:
        raise SignerError("The file is not a PDF that can be signed.", code="not_pdf") from exc
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm=MD,
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None,
        location=location or None,
        name=name or None,
        # A certification (DocMDP) signature permitting form filling and further signatures:
        # see :func:`fill_text_fields` and docs/correspondence.md for why.
        certify=certify,
        docmdp_permissions=fields.MDPPerm.FILL_FORMS,
    )
    for name_, page_, box_ in reserve:
        # Empty signature fields made now, under this signature: after a certification no new
        # visible field may appear (the agency's seal then signs in the field reserved for it).
        fields.append_signature_field(
            writer, fields.SigFieldSpec(sig_field_name=name_, on_page=page_, box=tuple(int(round(v)) for v in box_))
        )
    empty = {str(n) for n, _v, _r in fields.enumerate_sig_fields(writer, filled_status=False)}
    field_spec = None
    style = None
    if field_name in empty:
        style = _stamp_style(appearance) if appearance is not None else None
    elif appearance is not None:
        page = appearance.page if appearance.page >= 0 else int(writer.root["/Pages"]["/Count"]) + appearance.page
        field_spec = fields.SigFieldSpec(
            sig_field_name=field_name, on_page=page, box=tuple(int(round(v)) for v in appearance.box)
        )
        style = _stamp_style(appearance)
    else:
        field_spec = fields.SigFieldSpec(sig_field_name=field_name)
    pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style, new_field_spec=field_spec)
    digest, _tbs, output = await pdf_signer.async_digest_doc_for_signing(
        writer, bytes_reserved=BYTES_RESERVED, appearance_text_params=None
    )
    signed_attrs = await signer.signed_attrs(digest.document_digest, MD, use_pades=True)
    try:
        cms_obj = await signer.async_sign_prescribed_attributes(MD, signed_attrs=signed_attrs)
    except Exception as exc:
        raise SignerError(
            f"The key refused to sign ({type(exc).__name__}).", code="key_refused", detail=type(exc).__name__
        ) from exc
    return Prepared(
        pdf=output.getvalue(),
        document_digest=digest.document_digest,
        reserved_start=digest.reserved_region_start,
        reserved_end=digest.reserved_region_end,
        cms=cms_obj.dump(),
    )


def sign_prepare(
    pdf: bytes,
    signer: Any,
    *,
    field_name: str,
    appearance: Appearance | None = None,
    reason: str = "",
    location: str = "",
    name: str = "",
    certify: bool = False,
    reserve: tuple[tuple[str, int, tuple[float, float, float, float]], ...] = (),
) -> Prepared:
    """Step 1 (key, no network): the signature over the document, not yet embedded.

    ``certify``: the first signature of a document whose number and date are still
    blank form fields (an outgoing document): a certification signature that permits
    form filling and approval signatures only (DocMDP level 2). ``reserve``: empty signature
    fields (name, page, box) added under this signature, e.g. where the agency's seal goes."""
    return run(
        _prepare(
            pdf,
            signer,
            field_name=field_name,
            appearance=appearance,
            reason=reason,
            location=location,
            name=name,
            certify=certify,
            reserve=reserve,
        )
    )


def _add_signature_timestamp(cms_der: bytes, token: Any) -> bytes:
    from asn1crypto import cms
    from pyhanko.sign.general import simple_cms_attribute

    content_info = cms.ContentInfo.load(cms_der)
    signer_info = content_info["content"]["signer_infos"][0]
    attrs = list(signer_info["unsigned_attrs"]) if signer_info["unsigned_attrs"].native else []
    attrs.append(simple_cms_attribute("signature_time_stamp_token", token))
    signer_info["unsigned_attrs"] = cms.CMSAttributes(attrs)
    return content_info.dump(force=True)


def validation_context(
    *, roots_der: list[bytes], session: Any = None, moment: datetime | None = None, hard_fail: bool = True, **kw: Any
) -> Any:
    """A pyHanko validation context over the configured trust roots, fetching OCSP/CRL over HTTP."""
    from asn1crypto import x509
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend

    return ValidationContext(
        trust_roots=[x509.Certificate.load(d) for d in roots_der],
        allow_fetching=True,
        revocation_mode="hard-fail" if hard_fail else "soft-fail",
        fetcher_backend=AIOHttpFetcherBackend(session, per_request_timeout=5) if session is not None else None,
        moment=moment,
        **kw,
    )


async def _embed(prepared: Prepared, *, level: str, tsa_url: str) -> bytes:
    import aiohttp
    from asn1crypto import cms
    from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
    from pyhanko.sign.signers.pdf_signer import PdfTBSDocument
    from pyhanko.sign.timestamps.aiohttp_client import HTTPTimeStamper

    cms_der = prepared.cms
    if level != "B-B":
        async with aiohttp.ClientSession() as session:
            signature = cms.ContentInfo.load(cms_der)["content"]["signer_infos"][0]["signature"].native
            try:
                token = await HTTPTimeStamper(tsa_url, session=session, timeout=10).async_timestamp(
                    hashlib.sha256(signature).digest(), MD
                )
            except Exception as exc:
                raise SignerError(
                    f"The timestamp authority did not answer ({type(exc).__name__}).",
                    code="tsa",
                    detail=type(exc).__name__,
                ) from exc
        cms_der = _add_signature_timestamp(cms_der, token)
    output = BytesIO(prepared.pdf)
    digest = PreparedByteRangeDigest(prepared.document_digest, prepared.reserved_start, prepared.reserved_end)
    try:
        await PdfTBSDocument.async_finish_signing(output, digest, cms_der)
    except Exception as exc:
        raise SignerError(
            f"The signature does not fit in the document ({type(exc).__name__}).",
            code="embed",
            detail=type(exc).__name__,
        ) from exc
    return output.getvalue()


async def _add_revocation_data(data: bytes, *, roots_der: list[bytes]) -> bytes:
    import aiohttp
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.dss import async_add_validation_info

    async with aiohttp.ClientSession() as session:
        vc = validation_context(roots_der=roots_der, session=session)
        reader = PdfFileReader(BytesIO(data), strict=False)
        try:
            out = await async_add_validation_info(reader.embedded_signatures[-1], vc, in_place=False)
        except Exception as exc:
            raise SignerError(
                f"Revocation data could not be collected ({type(exc).__name__}).",
                code="revocation",
                detail=type(exc).__name__,
            ) from exc
    return out.getvalue()


async def _add_archive_timestamp(data: bytes, *, tsa_url: str, roots_der: list[bytes]) -> bytes:
    import aiohttp
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.timestamps.aiohttp_client import HTTPTimeStamper

    async with aiohttp.ClientSession() as session:
        vc = validation_context(roots_der=roots_der, session=session)
        writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
        try:
            out = await signers.PdfTimeStamper(
                HTTPTimeStamper(tsa_url, session=session, timeout=10)
            ).async_timestamp_pdf(writer, MD, validation_context=vc, bytes_reserved=16 * 1024)
        except Exception as exc:
            raise SignerError(
                f"The document timestamp failed ({type(exc).__name__}).", code="archive_tsa", detail=type(exc).__name__
            ) from exc
    return out.getvalue()


def sign_finish(
    prepared: Prepared,
    *,
    level: str = "B-B",
    tsa_url: str = "",
    roots_der: list[bytes] | None = None,
    progress: Callable[[int, str], None] | None = None,
) -> bytes:
    """Step 2 (network, no key): timestamp, embed, revocation data, archive timestamp.

    ``progress(percent, stage)`` is called between stages, outside any event loop
    (so it may write to the database)."""
    if level not in LEVELS:
        raise ValueError(level)
    if level != "B-B" and not tsa_url:
        raise SignerError("No timestamp authority is configured; only B-B signatures are possible.", code="no_tsa")
    report = progress or (lambda p, m: None)
    roots = roots_der or []
    if level != "B-B":
        report(30, "timestamp")
    data = run(_embed(prepared, level=level, tsa_url=tsa_url))
    if level in ("B-LT", "B-LTA"):
        report(60, "revocation")
        data = run(_add_revocation_data(data, roots_der=roots))
    if level == "B-LTA":
        report(85, "archive timestamp")
        data = run(_add_archive_timestamp(data, tsa_url=tsa_url, roots_der=roots))
    return data


def sign_pdf(
    pdf: bytes, signer: Any, *, level: str = "B-B", tsa_url: str = "", roots_der: list[bytes] | None = None, **kw: Any
) -> bytes:
    """Both steps in one call."""
    return sign_finish(sign_prepare(pdf, signer, **kw), level=level, tsa_url=tsa_url, roots_der=roots_der)


def certificate_info(cert_der: bytes) -> dict[str, Any]:
    """Subject, issuer, serial, validity and SHA-256 fingerprint of a certificate."""
    from asn1crypto import x509

    cert = x509.Certificate.load(cert_der)
    return {
        "subject": cert.subject.human_friendly,
        "common_name": cert.subject.native.get("common_name", ""),
        "issuer": cert.issuer.human_friendly,
        "serial": format(cert.serial_number, "x"),
        "not_before": cert.not_valid_before,
        "not_after": cert.not_valid_after,
        "sha256": hashlib.sha256(cert_der).hexdigest(),
        "is_ca": bool(cert.ca),
        "self_signed": cert.self_signed == "maybe" or cert.self_signed == "yes",
    }


def load_certificate(data: bytes) -> bytes:
    """DER bytes of a PEM or DER certificate; ValueError if it is not one."""
    from asn1crypto import pem, x509

    if pem.detect(data):
        _, _, data = pem.unarmor(data)
    try:
        cert = x509.Certificate.load(data)
        cert.native  # noqa: B018  (parses fully)
    except Exception as exc:
        raise ValueError("not an X.509 certificate") from exc
    return cert.dump()


def last_signature_box(pdf: bytes, *, prefix: str = "CD-SIGN-") -> tuple[float, float, float, float] | None:
    """The rectangle of the last filled signature field whose name starts with ``prefix``
    (where the seal goes: over the signer's signature)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    reader = PdfFileReader(BytesIO(pdf), strict=False)
    box = None
    for name, _value, ref in enumerate_sig_fields(reader, filled_status=True):
        if str(name).startswith(prefix):
            rect = ref.get_object().get("/Rect")
            if rect is not None:
                box = tuple(float(v) for v in rect)
    return box  # type: ignore[return-value]


# --- Number and date fields of an outgoing document -----------------------------------------
# Filled after the signer's certification (DocMDP P=2) as permitted form filling: why, in
# services/outgoing.py and docs/correspondence.md.


@dataclass(frozen=True)
class TextField:
    """A read-only text field: ``box`` (x1, y1, x2, y2) in points on page ``page`` (0-based);
    ``appearance``: a one-page PDF the size of the box showing ``value`` (typeset by the
    caller in the document's own font, e.g. drafting's ``render.field_pdf``)."""

    name: str
    page: int
    box: tuple[float, float, float, float]
    appearance: bytes
    value: str = ""  # the field's value until it is filled
    size: float = 13.0


def _field_appearance(writer: Any, appearance_pdf: bytes) -> Any:
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        return writer.import_page_as_xobject(PdfFileReader(BytesIO(appearance_pdf), strict=False), 0)
    except Exception as exc:
        raise SignerError("The appearance of a field is not a PDF.", code="not_pdf") from exc


def add_text_fields(pdf: bytes, text_fields: list[TextField]) -> bytes:
    """Add read-only text fields (before anyone signs) in an incremental update."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name, pdf_string
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    root = writer.root
    if "/AcroForm" in root:
        form = root["/AcroForm"]
        writer.update_container(form)
    else:
        form = generic.DictionaryObject()
        root[pdf_name("/AcroForm")] = writer.add_object(form)
        writer.update_root()
    fields_arr = form.setdefault(pdf_name("/Fields"), generic.ArrayObject())
    for f in text_fields:
        page_ref = writer.find_page_for_modification(f.page)[0]
        widget = generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Annot"),
                pdf_name("/Subtype"): pdf_name("/Widget"),
                pdf_name("/FT"): pdf_name("/Tx"),
                pdf_name("/T"): pdf_string(f.name),
                pdf_name("/V"): pdf_string(f.value),
                pdf_name("/Ff"): generic.NumberObject(1),  # read-only: filled by the register only
                pdf_name("/F"): generic.NumberObject(4),  # printed
                pdf_name("/Rect"): generic.ArrayObject(generic.FloatObject(v) for v in f.box),
                pdf_name("/P"): page_ref,
                pdf_name("/DA"): pdf_string(f"/Helv {f.size:g} Tf 0 g"),
            }
        )
        widget[pdf_name("/AP")] = generic.DictionaryObject({pdf_name("/N"): _field_appearance(writer, f.appearance)})
        ref = writer.add_object(widget)
        fields_arr.append(ref)
        writer.register_annotation(page_ref, ref)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def text_fields(pdf: bytes) -> dict[str, dict[str, Any]]:
    """The text fields of a PDF (not signature fields): name -> value, page box."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        root = PdfFileReader(BytesIO(pdf), strict=False).root
        fields_arr = root["/AcroForm"]["/Fields"]
    except Exception:
        return {}
    out = {}
    for ref in fields_arr:
        obj = ref.get_object()
        if obj.get("/FT") == "/Tx":
            out[str(obj.get("/T"))] = {"value": str(obj.get("/V", "")), "box": tuple(float(v) for v in obj["/Rect"])}
    return out


def fill_text_fields(pdf: bytes, values: dict[str, tuple[str, bytes]]) -> bytes:
    """Fill text fields by name with (value, appearance PDF), each with a new appearance
    stream, in an incremental update (the only change a DocMDP level 2 certification
    allows besides signatures)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name, pdf_string
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    try:
        fields_arr = writer.root["/AcroForm"]["/Fields"]
    except KeyError as exc:
        raise SignerError("The document has no number and date fields.", code="no_fields") from exc
    missing = set(values)
    for ref in fields_arr:
        obj = ref.get_object()
        name = str(obj.get("/T"))
        if obj.get("/FT") != "/Tx" or name not in values:
            continue
        value, appearance = values[name]
        obj[pdf_name("/V")] = pdf_string(value)
        obj[pdf_name("/AP")] = generic.DictionaryObject({pdf_name("/N"): _field_appearance(writer, appearance)})
        writer.mark_update(ref)
        missing.discard(name)
    if missing:
        raise SignerError(f"Fields not found: {', '.join(sorted(missing))}.", code="no_fields")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
