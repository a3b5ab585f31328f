"""The minutes of a meeting as a Biên bản in the Decree 30/2020/NĐ-CP layout, through ``drafting``.

``drafting`` lays out the document types it registers; a Biên bản (Appendix
III: "BB") is laid out as a report and then given its own name and symbol,
so the header, the rules, the fonts and the signature block are drafting's.
The text is Vietnamese, as an official document is. Anonymous ideas are
printed as such: the minutes know no more than the database does.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from django.utils import timezone

from civildesk.drafting.document import OfficialDocument
from civildesk.drafting.layout import Layout, Para, Run, format_number, layout
from civildesk.drafting.render import render

from ..models import Meeting, Round
from .rounds import ranked_ideas

TITLE = "BIÊN BẢN"
TOP_IDEAS = 5


def _place(unit: Any) -> str:
    root = unit
    while root.parent_id:
        root = root.parent
    m = re.search(r"(?:tỉnh|thành phố)\s+(.+)$", root.name, flags=re.IGNORECASE)
    return m.group(1).strip() if m else ""


def _name(user: Any) -> str:
    person = getattr(user, "person", None)
    return person.full_name if person else user.get_full_name() or user.get_username()


def _round_lines(rnd: Round) -> list[str]:
    lines = [f"Câu hỏi: {rnd.question}"]
    for n, idea in enumerate(ranked_ideas(rnd)[:TOP_IDEAS], 1):
        who = "ẩn danh" if idea.anonymous else _name(idea.author) if idea.author else "không rõ"
        lines.append(
            f"{n}. {idea.text} ({who}; đồng ý {idea.agrees}, không đồng ý {idea.disagrees}, bỏ qua {idea.passes})."
        )
    groups = list(rnd.groups.all())
    if groups:
        sizes = ", ".join(f"nhóm {g.letter} {g.size} người" for g in groups)
        lines.append(f"Các nhóm ý kiến: {sizes}.")
    return lines


def minutes_body(meeting: Meeting) -> str:
    local = timezone.localtime(meeting.starts_at)
    participants = ", ".join(_name(p) for p in meeting.participants.order_by("username"))
    lines = [
        f"Thời gian: {local:%H} giờ {local:%M}, ngày {local:%d/%m/%Y}.",
        f"Địa điểm: {meeting.place or 'trực tuyến'}.",
        f"Chủ trì: {_name(meeting.chair)}.",
        f"Thành phần tham dự: {participants or 'không có'}.",
        "I. NỘI DUNG",
    ]
    lines += [f"{a.order}. {a.title}" for a in meeting.agenda_items.all()]
    if meeting.summary:
        lines += [line for line in meeting.summary.splitlines() if line.strip()]
    rounds = list(meeting.rounds.order_by("pk"))
    if rounds:
        lines.append("II. CÁC Ý KIẾN ĐƯỢC ỦNG HỘ NHIỀU NHẤT")
        for rnd in rounds:
            lines += _round_lines(rnd)
    lines.append("III. KẾT LUẬN")
    for n, d in enumerate(meeting.decisions.prefetch_related("action_items__owner__person"), 1):
        lines.append(f"{n}. {d.text}")
        for item in d.action_items.all():
            lines.append(
                f"Giao {_name(item.owner)} thực hiện, thời hạn {item.deadline:%d/%m/%Y}; "
                f"kết quả cần đạt: {item.expected_result}."
            )
    if meeting.ended_at:
        end = timezone.localtime(meeting.ended_at)
        lines.append(f"Cuộc họp kết thúc lúc {end:%H} giờ {end:%M} cùng ngày.")
    return "\n".join(lines)


def minutes_layout(meeting: Meeting) -> Layout:
    unit = meeting.unit
    doc = OfficialDocument(
        doc_type="BC",
        parent_agency=unit.parent.name if unit.parent_id else "",
        agency=unit.name,
        agency_code=(unit.short_name or unit.code).replace(" ", "")[:32] or "CQ",
        place=_place(unit),
        issued_on=timezone.localtime(meeting.ended_at or meeting.starts_at).date(),
        subject=f"Cuộc họp {meeting.title}"[:500],
        body=minutes_body(meeting),
        signer_title="Chủ trì",
        signer_name=_name(meeting.chair),
        recipients=["Các thành viên dự họp"],
    )
    out = layout(doc)
    agency_code = doc.agency_code
    number = f"Số: {format_number(None)}/BB-{agency_code}"
    for part in (out.header_left, out.body):
        for i, block in enumerate(part):
            if isinstance(block, Para) and block.role == "type_name":
                part[i] = replace(block, runs=(Run(TITLE),))
            elif isinstance(block, Para) and block.role == "number":
                part[i] = replace(block, runs=(Run(number),))
    out.title = TITLE
    return out


def minutes_file(meeting: Meeting, fmt: str) -> bytes:
    """The Biên bản as ``pdf`` or ``docx``."""
    return render(minutes_layout(meeting), fmt, title=f"Biên bản - {meeting.title}"[:200])
