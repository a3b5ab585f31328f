"""Demo data written for CivilDesk: two past meetings with ideas, votes, opinion groups, minutes and
action items (one overdue, one done, one due), and one open province-wide campaign. Deterministic and fast (no model).

Idempotent: a meeting or campaign that exists (by title / question) is left alone.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from civildesk.org.models import Unit, User

from . import services
from .models import Meeting, Round

PARTICIPANTS = [
    "stttt.chuyenvien",
    "stttt.quantri",
    "stttt.cds",
    "sxd.chuyenvien",
    "syt.chuyenvien",
    "skhdt.chuyenvien",
    "vp.vanthu",
    "chilang.chuyenvien",
    "caoloc.chuyenvien",
    "dongmo.congchuc",
]

# (title, unit code, chair, days ago, agenda, question, ideas, decisions)
MEETINGS: list[dict[str, Any]] = [
    {
        "title": "Họp bàn giải pháp giảm giấy tờ tại Bộ phận một cửa",
        "unit": "LS-STTTT",
        "chair": "stttt.giamdoc",
        "days_ago": 21,
        "agenda": ["Thực trạng hồ sơ giấy tại Bộ phận một cửa", "Giải pháp và phân công"],
        "question": "Làm thế nào để người dân nộp ít giấy tờ hơn?",
        "ideas": [
            ("Bỏ yêu cầu nộp bản sao chứng thực khi giấy tờ đã có trên hệ thống", "stttt.chuyenvien"),
            ("Khai thác dữ liệu dân cư từ VNeID thay cho giấy xác nhận cư trú", None),
            ("Số hóa toàn bộ kết quả giải quyết thủ tục để lần sau không phải nộp lại", "stttt.cds"),
            ("Trả kết quả qua bưu chính công ích", "sxd.chuyenvien"),
            ("In biên nhận bằng mã QR thay cho phiếu giấy nhiều trang", None),
            ("Giữ nguyên hồ sơ giấy cho người cao tuổi", "vp.vanthu"),
            ("Tăng thêm quầy tiếp nhận hồ sơ giấy vào cao điểm", None),
            ("Thu phí, lệ phí trực tuyến và gửi biên lai điện tử", "skhdt.chuyenvien"),
            ("Dùng chữ ký số để trả kết quả, không in bản giấy", None),
            ("Đặt máy tính và người hướng dẫn nộp hồ sơ trực tuyến tại một cửa", "chilang.chuyenvien"),
        ],
        "decisions": [
            (
                2,
                "Số hóa kết quả giải quyết thủ tục hành chính từ quý tới",
                "stttt.cds",
                30,
                "Kho kết quả số hóa dùng lại được",
            ),
            (1, "Khai thác dữ liệu VNeID thay giấy xác nhận cư trú", "stttt.quantri", -7, "Kết nối VNeID tại một cửa"),
        ],
    },
    {
        "title": "Giao ban chuyển đổi số tháng 10",
        "unit": "LS-STTTT",
        "chair": "stttt.giamdoc",
        "days_ago": 45,
        "agenda": ["Kết quả tháng 9", "Họp không giấy"],
        "question": "Các cuộc họp của Sở có thể bỏ giấy như thế nào?",
        "ideas": [
            ("Gửi tài liệu họp qua hệ thống điện tử, không in cho từng người", "stttt.cds"),
            ("Mỗi cuộc họp không quá 90 phút", None),
            ("Họp trực tuyến với các xã ở xa", "chilang.chuyenvien"),
            ("Gửi trước chương trình họp và câu hỏi cần cho ý kiến", None),
            ("Vẫn in tài liệu cho lãnh đạo đọc trước", "vp.vanthu"),
            ("Biên bản gửi điện tử ngay trong ngày họp", None),
            ("Chỉ mời những người liên quan đến nội dung họp", "skhdt.chuyenvien"),
            ("Dùng máy chiếu thay cho tài liệu in", None),
            ("Cấp máy tính bảng cho thành viên dự họp", "sxd.chuyenvien"),
        ],
        "decisions": [
            (0, "Từ tháng 11 tài liệu họp chỉ gửi bản điện tử", "vp.vanthu", -20, "Không in tài liệu họp", True),
        ],
    },
]

CAMPAIGN = {
    "question": "Cắt giảm giấy tờ ở Bộ phận một cửa như thế nào?",
    "owner": "ubnd.chutich",
    "unit": "LS",
    "ideas": [
        ("Niêm yết thủ tục trên màn hình điện tử thay bảng giấy", "tpls.motcua"),
        ("Nhắn tin báo cho người dân khi hồ sơ có kết quả", None),
        ("Khảo sát hài lòng bằng mã QR tại quầy", "caoloc.motcua"),
        ("Mở cửa sáng thứ Bảy cho người bận đi làm", None),
    ],
}


def _camp_vote(person: int, idea: int, n_ideas: int) -> int:
    """Two camps: the first half agrees with the first ideas and not the last; all agree with idea 2."""
    if idea == 2:
        return 1
    first_camp = person % 2 == 0
    early = idea < n_ideas // 2
    if (person + idea) % 7 == 0:
        return 0
    return 1 if early == first_camp else -1


@transaction.atomic
def _meeting(spec: dict[str, Any], users: dict[str, User]) -> int:
    if Meeting.objects.filter(title=spec["title"]).exists():
        return 0
    chair = users[spec["chair"]]
    unit = Unit.objects.get(code=spec["unit"])
    start = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0) - timedelta(days=spec["days_ago"])
    people = [users[u] for u in PARTICIPANTS]
    meeting = services.meeting_create(
        actor=chair,
        unit=unit,
        title=spec["title"],
        starts_at=start,
        place="Phòng họp tầng 3, Sở Thông tin và Truyền thông",
        participants=people,
        agenda=spec["agenda"],
    )
    services.MEETINGS.apply(meeting, "start", actor=chair)
    rnd = services.round_create(
        actor=chair, meeting=meeting, agenda_item=meeting.agenda_items.last(), question=spec["question"]
    )
    services.round_open(actor=chair, round=rnd)
    ideas = [
        services.idea_submit(
            actor=users[author] if author else people[i % len(people)], round=rnd, text=text, anonymous=author is None
        )
        for i, (text, author) in enumerate(spec["ideas"])
    ]
    for p, person in enumerate(people):
        for i, idea in enumerate(ideas):
            services.vote_cast(actor=person, idea=idea, value=_camp_vote(p, i, len(ideas)))
    today = timezone.localdate()
    for idea_index, text, owner, days, result, *done in spec["decisions"]:
        decision = services.decision_create(actor=chair, idea=ideas[idea_index], text=text)
        item = services.action_item_add(
            actor=chair,
            decision=decision,
            owner=users[owner],
            deadline=today + timedelta(days=days),
            expected_result=result,
        )
        if done:  # followed up to done by its owner
            services.ACTIONS.apply(item, "complete", actor=users[owner], result_note="Đã áp dụng từ tháng 11.")
    services.meeting_update_summary(
        actor=chair,
        meeting=meeting,
        summary="Các thành viên thảo luận, bỏ phiếu cho từng ý kiến và thống nhất kết luận.",
    )
    services.MEETINGS.apply(meeting, "end", actor=chair)  # closes the round: groups computed, key discarded
    Meeting.objects.filter(pk=meeting.pk).update(ended_at=start + timedelta(hours=2))
    return 1


@transaction.atomic
def _campaign(users: dict[str, User]) -> int:
    if Round.objects.filter(question=CAMPAIGN["question"], meeting__isnull=True).exists():
        return 0
    owner = users[CAMPAIGN["owner"]]
    rnd = services.round_create(
        actor=owner,
        unit=Unit.objects.get(code=CAMPAIGN["unit"]),
        question=CAMPAIGN["question"],
        closes_at=timezone.now() + timedelta(days=30),
    )
    services.round_open(actor=owner, round=rnd)
    voters = [users[u] for u in PARTICIPANTS[:6]]
    for i, (text, author) in enumerate(CAMPAIGN["ideas"]):
        idea = services.idea_submit(
            actor=users[author] if author else voters[i], round=rnd, text=text, anonymous=author is None
        )
        for v, voter in enumerate(voters):
            services.vote_cast(actor=voter, idea=idea, value=1 if (v + i) % 3 else -1)
    return 1


def load(stdout: Any = None) -> dict[str, int]:
    names = set(PARTICIPANTS) | {m["chair"] for m in MEETINGS} | {CAMPAIGN["owner"]}
    names |= {a for m in MEETINGS for _t, a in m["ideas"] if a} | {a for _t, a in CAMPAIGN["ideas"] if a}
    names |= {d[2] for m in MEETINGS for d in m["decisions"]}
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    if len(users) < len(names):
        return {"meetings": 0, "campaigns": 0}  # the org demo is not loaded
    return {"meetings": sum(_meeting(m, users) for m in MEETINGS), "campaigns": _campaign(users)}
