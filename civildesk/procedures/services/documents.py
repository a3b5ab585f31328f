"""Forms 01–07 of Circular 03/2025/TT-VPCP, Appendix I, as PDF and DOCX through ``drafting``'s layout.

The wording of each form is data (:class:`~civildesk.procedures.models.FormText`, seeded from
:data:`DEFAULT_FORMS`); ``{code}``, ``{applicant}``… are filled in. Each dossier form carries a QR code
linking to the dossier's tracking page.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone

from civildesk.drafting.layout import (
    BODY_INDENT_MM,
    BODY_LINE_PT,
    Layout,
    Para,
    Rule,
    Run,
    Style,
    format_date,
    text_width_mm,
)

from ..models import Dossier, FormText

FORMS = ("01", "02", "03", "04", "05", "06", "07")
FORMATS = ("pdf", "docx")

DEFAULT_FORMS: dict[str, tuple[str, str]] = {
    "01": (
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        "Mã hồ sơ: {code}\n"
        "{unit} tiếp nhận hồ sơ của: {applicant}\n"
        "Số điện thoại: {phone}\n"
        "Nội dung yêu cầu giải quyết: {procedure}\n"
        "Thành phần hồ sơ:\n{components}\n"
        "Thời gian nhận hồ sơ: {received}\n"
        "Thời gian trả kết quả giải quyết hồ sơ: {due}\n"
        "Nhận kết quả tại: {unit}\n"
        "Tra cứu hồ sơ bằng mã hồ sơ và mã PIN hoặc số điện thoại tại Cổng dịch vụ công của tỉnh (mã QR bên dưới).",
    ),
    "02": (
        "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
        "Hồ sơ số {code} của {applicant} về {procedure}, tiếp nhận lúc {received}.\n"
        "Đề nghị ông/bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:\n{missing}\n"
        "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ {unit} để được hướng dẫn.",
    ),
    "03": (
        "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
        "{unit} tiếp nhận hồ sơ số {code} của {applicant} về {procedure}.\n"
        "Qua xem xét, cơ quan từ chối tiếp nhận, giải quyết hồ sơ với lý do sau:\n{reason}\n"
        "Xin thông báo để ông/bà được biết và thực hiện.",
    ),
    "04": (
        "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
        "{unit} tiếp nhận hồ sơ số {code} của {applicant} về {procedure}, hẹn trả kết quả ngày {first_due}.\n"
        "Đến nay, cơ quan chưa trả kết quả đúng hẹn. Lý do: {reason}\n"
        "{unit} thành thật xin lỗi ông/bà và hẹn trả kết quả vào ngày {new_due}.\n"
        "Mong nhận được sự thông cảm của ông/bà.",
    ),
    "05": (
        "Thông báo dừng giải quyết hồ sơ",
        "Hồ sơ số {code} của {applicant} về {procedure}, tiếp nhận lúc {received}.\n"
        "{unit} thông báo dừng giải quyết hồ sơ. Lý do: {reason}\n"
        "Xin thông báo để ông/bà được biết.",
    ),
    "06": (
        "Phiếu kiểm soát quá trình giải quyết hồ sơ",
        "Mã hồ sơ: {code}\nNgười nộp hồ sơ: {applicant}\nThủ tục: {procedure}\n"
        "Ngày nhận: {received}; ngày hẹn trả: {due}; trạng thái: {status}\n"
        "Quá trình giải quyết:\n{history}",
    ),
    "07": (
        "Sổ theo dõi hồ sơ",
        "Đơn vị: {unit}\nSTT. Mã hồ sơ — người nộp — thủ tục — ngày nhận — ngày hẹn trả — ngày trả — trạng thái\n{rows}",
    ),
}
# Who signs each form (footer): the receiving officer, or the head of the agency.
SIGNER = {
    "01": "NGƯỜI TIẾP NHẬN",
    "02": "NGƯỜI TIẾP NHẬN",
    "03": "NGƯỜI TIẾP NHẬN",
    "04": "THỦ TRƯỞNG CƠ QUAN",
    "05": "THỦ TRƯỞNG CƠ QUAN",
    "06": "NGƯỜI TIẾP NHẬN",
    "07": "NGƯỜI LẬP SỔ",
}


def wording(number: str) -> tuple[str, str]:
    row = FormText.objects.filter(number=number).first()
    return (row.title, row.body) if row else DEFAULT_FORMS[number]


def _d(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def _dt(value: Any) -> str:
    return timezone.localtime(value).strftime("%H giờ %M phút, ngày %d/%m/%Y") if value else "—"


def values(dossier: Dossier) -> dict[str, str]:
    comps = [
        f"- {c['name']} ({c.get('copies', 1)} bản{', bản chính' if c.get('original') else ''})"
        for c in dossier.version.component_list
    ]
    history = [
        f"- {timezone.localtime(e.at).strftime('%d/%m/%Y %H:%M')}: {e.label}"
        + (f" ({e.actor.display_name})" if e.actor_id else "")
        for e in dossier.events.select_related("actor").all()
    ]
    return {
        "code": dossier.code,
        "applicant": dossier.applicant_name,
        "phone": dossier.applicant_phone or "—",
        "procedure": dossier.procedure.name,
        "unit": dossier.unit.name,
        "received": _dt(dossier.received_at),
        "due": _d(dossier.due_date),
        "first_due": _d(dossier.original_due_date),
        "new_due": _d(dossier.due_date),
        "reason": dossier.extension_reason or dossier.reason or "—",
        "missing": dossier.supplement_note or "—",
        "status": dossier.get_status_display(),
        "components": "\n".join(comps) or "—",
        "history": "\n".join(history) or "—",
    }


def fill(text: str, vals: dict[str, str]) -> str:
    for key, value in vals.items():
        text = text.replace("{" + key + "}", value)
    return text


def _para(text: str, style: Style, role: str = "") -> Para:
    return Para((Run(text),), style, role)


def form_layout(*, number: str, unit: Any, vals: dict[str, str], on: date | None = None) -> Layout:
    """The form laid out as a Decree 30 page (header, title, wording, signature block)."""
    title, body = wording(number)
    out = Layout(doc_type=f"MAU{number}", title=title.upper())
    if unit.parent_id:
        out.header_left.append(_para(unit.parent.name.upper(), Style(size=12.0), "parent_agency"))
    agency = unit.name.upper()
    out.header_left.append(_para(agency, Style(size=12.0, bold=True), "agency"))
    out.header_left.append(Rule(width_mm=round(min(text_width_mm(agency, 12.0, bold=True), 68) * 0.4, 1), after_pt=6.0))
    if vals.get("code"):
        out.header_left.append(_para(f"Số: {vals['code']}", Style(size=13.0), "number"))
    motto = "Độc lập - Tự do - Hạnh phúc"
    out.header_right.append(_para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Style(size=12.0, bold=True), "national_name"))
    out.header_right.append(_para(motto, Style(size=13.0, bold=True), "motto"))
    out.header_right.append(Rule(width_mm=round(text_width_mm(motto, 13.0, bold=True), 1), after_pt=6.0))
    out.header_right.append(
        _para(f"Lạng Sơn, {format_date(on or timezone.localdate())}", Style(size=14.0, italic=True), "place_date")
    )
    out.body.append(_para(f"Mẫu số {number}", Style(size=12.0, italic=True, align="right", before_pt=6.0)))
    out.body.append(_para(title.upper(), Style(size=14.0, bold=True, before_pt=12.0, after_pt=12.0), "type_name"))
    style = Style(align="justify", indent_mm=BODY_INDENT_MM, after_pt=4.0, line_pt=BODY_LINE_PT)
    for line in fill(body, vals).splitlines():
        if line.strip():
            out.body.append(_para(line.strip(), style, "body"))
    out.footer_left.append(_para("Nơi nhận:", Style(size=12.0, bold=True, italic=True, align="left")))
    out.footer_left.append(_para("- Người nộp hồ sơ;", Style(size=11.0, align="left")))
    out.footer_left.append(_para("- Lưu: VT.", Style(size=11.0, align="left")))
    out.footer_right.append(_para(SIGNER[number], Style(size=14.0, bold=True, after_pt=48.0), "signature_title"))
    return out


def _qr_svg(url: str) -> str:
    import qrcode
    import qrcode.image.svg

    img = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    return img.to_string(encoding="unicode")


def _qr_png(url: str) -> bytes:
    import qrcode

    out = io.BytesIO()
    qrcode.make(url, box_size=6, border=2).save(out, format="PNG")
    return out.getvalue()


def tracking_url(dossier: Dossier, base_url: str = "") -> str:
    return f"{base_url.rstrip('/')}{reverse('procedures:track')}?code={dossier.code}"


def render(lay: Layout, fmt: str, *, qr_url: str = "") -> bytes:
    """``lay`` as PDF or DOCX, with the QR code under the text when ``qr_url`` is given."""
    from civildesk.drafting.render import to_docx, to_html

    if fmt == "pdf":
        from weasyprint import HTML

        html = to_html(lay, title=lay.title)
        if qr_url:
            import base64

            svg = base64.b64encode(_qr_svg(qr_url).encode()).decode()
            block = (
                '<div style="margin-top:6mm;text-align:left;font-size:11pt">'
                f'<img alt="QR" src="data:image/svg+xml;base64,{svg}" style="width:28mm;height:28mm"><br>'
                f"Tra cứu hồ sơ: {qr_url}</div>"
            )
            html = html.replace("</body>", block + "</body>")
        return HTML(string=html).write_pdf()
    if fmt == "docx":
        data = to_docx(lay, title=lay.title)
        if not qr_url:
            return data
        from docx import Document
        from docx.shared import Mm

        document = Document(io.BytesIO(data))
        document.add_paragraph().add_run().add_picture(io.BytesIO(_qr_png(qr_url)), width=Mm(28))
        document.add_paragraph(f"Tra cứu hồ sơ: {qr_url}")
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
    raise ValueError(fmt)


def available_forms(dossier: Dossier) -> list[str]:
    """The forms that mean something for this dossier now."""
    out = ["01", "06"]
    if dossier.supplement_count:
        out.append("02")
    if dossier.status == "refused":
        out.append("03")
    if dossier.extended_on:
        out.append("04")
    if dossier.status == "stopped":
        out.append("05")
    return sorted(out)


def dossier_form(*, dossier: Dossier, number: str, fmt: str = "pdf", base_url: str = "") -> bytes:
    """Form ``number`` (01–06) of one dossier; the caller has checked who may see it."""
    if number not in FORMS[:6] or fmt not in FORMATS:
        raise ValueError(number)
    lay = form_layout(number=number, unit=dossier.unit, vals=values(dossier))
    return render(lay, fmt, qr_url=tracking_url(dossier, base_url))


def register_book(*, unit: Any, dossiers: list[Dossier], fmt: str = "pdf") -> bytes:
    """Form 07, the register of dossiers of ``unit`` (the given rows, oldest first)."""
    rows = [
        f"{i}. {d.code} — {d.applicant_name} — {d.procedure.name} — {_d(timezone.localtime(d.received_at).date())}"
        f" — {_d(d.due_date)} — {_d(d.returned_on)} — {d.get_status_display()}"
        for i, d in enumerate(dossiers, start=1)
    ]
    lay = form_layout(number="07", unit=unit, vals={"unit": unit.name, "rows": "\n".join(rows) or "—"})
    return render(lay, fmt)
