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


def _owner_title(user: Any) -> str:
    person = getattr(user, "person", None)
    position = person.positions.current().order_by("-is_primary").first() if person else None
    return position.title if position else "Người chủ trì"


def campaign_body(rnd: Round) -> str:
    """The report of a round (a campaign, or a meeting's round): results, groups, consensus, decisions."""
    from .rounds import analyse, round_totals

    totals = round_totals(rnd)
    opened = timezone.localtime(rnd.opened_at) if rnd.opened_at else None
    end = timezone.localtime(rnd.closed_at or rnd.closes_at) if (rnd.closed_at or rnd.closes_at) else None
    lines = [
        f"Câu hỏi lấy ý kiến: {rnd.question}",
        f"Thời gian: từ {opened:%d/%m/%Y} đến {end:%d/%m/%Y}." if opened and end else "Thời gian: đang lấy ý kiến.",
        f"Đối tượng: cán bộ, công chức, viên chức của {rnd.unit.name} và các đơn vị trực thuộc."
        if rnd.is_campaign
        else f"Đối tượng: thành phần dự cuộc họp {rnd.meeting.title}.",
        "I. KẾT QUẢ CHUNG",
        f"Có {totals['ideas']} ý kiến ({totals['anonymous_ideas']} ý kiến ẩn danh), "
        f"{totals['votes']} lượt biểu quyết của {totals['voters']} người.",
        "II. CÁC Ý KIẾN ĐƯỢC ỦNG HỘ NHIỀU NHẤT",
    ]
    ranked = ranked_ideas(rnd)
    lines += _round_lines(rnd)[1:]
    by_id = {i.pk: i for i in ranked}
    result = analyse(rnd)
    if result.groups:
        lines.append("III. CÁC NHÓM Ý KIẾN")
        for g in result.groups:
            reps = "; ".join(
                f"{'đồng ý' if s.kind == 'agree' else 'không đồng ý'} với “{by_id[s.idea].text}”"
                for s in g.representative
                if s.idea in by_id
            )
            lines.append(
                f"Nhóm {'ABCDE'[g.number]} ({len(g.members)} người): {reps or 'không có ý kiến khác biệt rõ'}."
            )
        agreed = [by_id[i].text for i in result.consensus if i in by_id]
        lines.append("IV. Ý KIẾN ĐỒNG THUẬN")
        lines += [f"- {t}" for t in agreed] or ["Chưa có ý kiến được mọi nhóm ủng hộ."]
    lines.append("V. KẾT LUẬN VÀ PHÂN CÔNG")
    decisions = list(rnd.decisions.prefetch_related("action_items__owner__person"))
    for n, d in enumerate(decisions, 1):
        lines.append(f"{n}. {d.text}")
        for item in d.action_items.all():
            lines.append(
                f"Giao {_name(item.owner)} thực hiện, thời hạn {item.deadline:%d/%m/%Y}; "
                f"kết quả cần đạt: {item.expected_result}."
            )
    if not decisions:
        lines.append("Chưa có kết luận.")
    return "\n".join(lines)


def report_file(rnd: Round, fmt: str) -> bytes:
    """The report (Báo cáo) of a round's results as ``pdf`` or ``docx``, laid out by ``drafting``."""
    unit = rnd.unit
    doc = OfficialDocument(
        doc_type="BC",
        parent_agency=unit.parent.name if unit.parent_id else "",
        agency=unit.name,
        agency_code=(unit.short_name or unit.code).replace(" ", "")[:32] or "CQ",
        place=_place(unit),
        issued_on=timezone.localdate(),
        subject=f"Kết quả lấy ý kiến: {rnd.question}"[:500],
        body=campaign_body(rnd),
        signer_title=_owner_title(rnd.owner),
        signer_name=_name(rnd.owner),
        recipients=["Các đơn vị tham gia"],
    )
    return render(layout(doc), fmt, title=f"Báo cáo - {rnd.question}"[:200])
