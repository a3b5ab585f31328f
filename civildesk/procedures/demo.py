"""Demo procedures and dossiers (written for CivilDesk, deterministic, loaded with bulk inserts in seconds).

Seventeen procedures across province, department and commune levels (names as in the national catalogue;
codes, fees and times simplified for the demo), and about 450 dossiers received from January 2025 to
the demo day, in every national status: most returned on time, some late with a Form 04 apology, some
with one supplement (a few with two, late by the Decision 766 rule), and the recent ones still open.
Every demo dossier's PIN is 123456. Idempotent: nothing is added when the demo dossiers exist.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from civildesk.org.models import Role, RoleAssignment, Unit
from civildesk.workdays import default_calendar

from . import deadlines
from .models import (
    Channel,
    DailyCounter,
    Digitisation,
    Dossier,
    DossierComponent,
    DossierEvent,
    Level,
    Procedure,
    ProcedureVersion,
    Status,
)
from .services.codes import format_code

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DEMO_PIN = "123456"
C = Level.COMMUNE
D = Level.DEPARTMENT
P = Level.PROVINCE

# code, name, level, field, unit code, working days, fee (VND), result, components, legal basis
PROCEDURES: list[tuple[str, str, str, str, str, int, int, str, list[str], str]] = [
    ("1.001193", "Đăng ký khai sinh", C, "Hộ tịch", "LS-CL", 1, 0, "Giấy khai sinh",
     ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"], "Luật Hộ tịch 2014\nNghị định 123/2015/NĐ-CP"),
    ("1.000894", "Đăng ký kết hôn", C, "Hộ tịch", "LS-CL", 1, 0, "Giấy chứng nhận kết hôn",
     ["Tờ khai đăng ký kết hôn", "Giấy xác nhận tình trạng hôn nhân"], "Luật Hộ tịch 2014"),
    ("1.000656", "Đăng ký khai tử", C, "Hộ tịch", "LS-CL", 1, 0, "Trích lục khai tử",
     ["Tờ khai đăng ký khai tử", "Giấy báo tử"], "Luật Hộ tịch 2014"),
    ("2.000635", "Cấp bản sao trích lục hộ tịch", C, "Hộ tịch", "LS-CL-QL", 1, 8000, "Bản sao trích lục hộ tịch",
     ["Tờ khai cấp bản sao trích lục hộ tịch"], "Luật Hộ tịch 2014"),
    ("1.003005", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", C, "Chứng thực", "LS-CL-DM", 1, 2000,
     "Bản sao được chứng thực", ["Bản chính giấy tờ", "Bản sao cần chứng thực"], "Nghị định 23/2015/NĐ-CP"),
    ("1.008004", "Xác nhận tình trạng hôn nhân", C, "Hộ tịch", "LS-CL", 3, 0, "Giấy xác nhận tình trạng hôn nhân",
     ["Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"], "Nghị định 123/2015/NĐ-CP"),
    ("1.004227", "Đăng ký hộ kinh doanh", C, "Thành lập và hoạt động của hộ kinh doanh", "LS-CL", 3, 100000,
     "Giấy chứng nhận đăng ký hộ kinh doanh", ["Giấy đề nghị đăng ký hộ kinh doanh", "Bản sao giấy tờ pháp lý của cá nhân"],
     "Nghị định 01/2021/NĐ-CP"),
    ("1.009972", "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", C, "Hoạt động xây dựng", "LS-CL", 15, 75000,
     "Giấy phép xây dựng", ["Đơn đề nghị cấp giấy phép xây dựng", "Giấy tờ về quyền sử dụng đất", "Bản vẽ thiết kế xây dựng"],
     "Luật Xây dựng 2014, sửa đổi 2020\nNghị định 175/2024/NĐ-CP"),
    ("1.009974", "Cấp giấy phép xây dựng công trình cấp III, cấp IV", D, "Hoạt động xây dựng", "LS-SXD", 20, 150000,
     "Giấy phép xây dựng", ["Đơn đề nghị cấp giấy phép xây dựng", "Giấy tờ về quyền sử dụng đất", "Bản vẽ thiết kế xây dựng",
                            "Báo cáo kết quả thẩm định thiết kế"], "Luật Xây dựng 2014, sửa đổi 2020"),
    ("1.009794", "Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, III", D, "Hoạt động xây dựng", "LS-SXD", 20,
     300000, "Chứng chỉ hành nghề", ["Đơn đề nghị cấp chứng chỉ", "Văn bằng đào tạo", "Ảnh màu 4x6"], "Nghị định 175/2024/NĐ-CP"),
    ("1.001907", "Cấp giấy phép hoạt động đối với phòng khám chuyên khoa", D, "Khám bệnh, chữa bệnh", "LS-SYT", 30,
     4300000, "Giấy phép hoạt động", ["Đơn đề nghị cấp giấy phép", "Danh sách người hành nghề", "Bản kê cơ sở vật chất"],
     "Luật Khám bệnh, chữa bệnh 2023"),
    ("1.002449", "Cấp chứng chỉ hành nghề dược", D, "Dược phẩm", "LS-SYT", 20, 500000, "Chứng chỉ hành nghề dược",
     ["Đơn đề nghị cấp chứng chỉ hành nghề dược", "Bản sao văn bằng chuyên môn", "Giấy xác nhận thời gian thực hành"],
     "Luật Dược 2016"),
    ("2.002150", "Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp", D, "Phát thanh, truyền hình và thông tin điện tử",
     "LS-STTTT", 10, 0, "Giấy phép thiết lập trang thông tin điện tử tổng hợp",
     ["Đơn đề nghị cấp giấy phép", "Đề án hoạt động", "Bản sao quyết định thành lập"], "Nghị định 147/2024/NĐ-CP"),
    ("1.003751", "Cấp giấy phép xuất bản bản tin", D, "Xuất bản, in và phát hành", "LS-STTTT", 10, 0,
     "Giấy phép xuất bản bản tin", ["Đơn đề nghị cấp giấy phép xuất bản bản tin", "Mẫu trình bày tên gọi bản tin"],
     "Luật Báo chí 2016"),
    ("1.011834", "Cấp quyết định chủ trương đầu tư của Ủy ban nhân dân tỉnh", P, "Đầu tư tại Việt Nam", "LS", 35, 0,
     "Quyết định chấp thuận chủ trương đầu tư", ["Văn bản đề nghị thực hiện dự án đầu tư", "Đề xuất dự án đầu tư",
                                                   "Tài liệu về tư cách pháp lý của nhà đầu tư"], "Luật Đầu tư 2020"),
    ("1.005045", "Giao đất, cho thuê đất không thông qua đấu giá quyền sử dụng đất", P, "Đất đai", "LS", 20, 0,
     "Quyết định giao đất, cho thuê đất", ["Đơn xin giao đất, cho thuê đất", "Văn bản chấp thuận chủ trương đầu tư"],
     "Luật Đất đai 2024"),
    ("1.001612", "Đăng ký thành lập doanh nghiệp tư nhân", D, "Thành lập và phát triển doanh nghiệp", "LS-SKHDT", 3,
     50000, "Giấy chứng nhận đăng ký doanh nghiệp", ["Giấy đề nghị đăng ký doanh nghiệp", "Bản sao giấy tờ pháp lý của chủ doanh nghiệp"],
     "Luật Doanh nghiệp 2020"),
]  # fmt: skip

NAMES = ["Hoàng Văn Bảo", "Lương Thị Hạnh", "Nông Văn Quý", "Vi Thị Dung", "Lộc Văn Toàn", "Triệu Thị Mơ", "Hà Văn Chiến",
         "Chu Thị Ngân", "Lăng Văn Hải", "Mã Thị Lụa", "Công ty TNHH Xây dựng Hữu Nghị", "Hợp tác xã Nông sản Bắc Sơn",
         "Đinh Văn Tú", "Dương Thị Huệ", "Nguyễn Văn Long", "Tô Thị Kim"]  # fmt: skip
START = date(2025, 1, 2)


def _procedures() -> tuple[list[Procedure], int]:
    """The demo catalogue, and how many procedures this call created."""
    from civildesk.library.models import Document

    units = {u.code: u for u in Unit.objects.filter(code__in={p[4] for p in PROCEDURES})}
    # The library's demo decision on online procedures (public), cited by every demo procedure.
    province_rules = Document.objects.filter(number_symbol="05/2026/QĐ-UBND").first()
    out, added = [], 0
    for code, name, level, field, unit_code, days, fee, result, comps, basis in PROCEDURES:
        if unit_code not in units:
            continue
        proc, was_created = Procedure.objects.get_or_create(
            code=code, defaults={"name": name, "level": level, "field": field, "unit": units[unit_code]}
        )
        if not proc.search_text:
            proc.refresh_search_text()
            proc.save(update_fields=["search_text"])
        ProcedureVersion.objects.get_or_create(
            procedure=proc,
            number=1,
            defaults={
                "valid_from": date(2024, 7, 1),
                "processing_days": days,
                "cut_off_hour": 16,
                "components": [{"name": c, "copies": 1, "original": i == 0} for i, c in enumerate(comps)],
                "fee": f"{fee:,} đồng".replace(",", ".") if fee else "",
                "fee_amount": fee,
                "result": result,
                "legal_basis": basis
                + ("\nQuyết định 05/2026/QĐ-UBND của UBND tỉnh Lạng Sơn" if province_rules else ""),
                "legal_document": province_rules,
            },
        )
        added += was_created
        out.append(proc)
    return out, added


def _working_days(first: date, last: date) -> list[date]:
    cal = default_calendar()
    return [
        first + timedelta(days=i)
        for i in range((last - first).days + 1)
        if cal.is_working_day(first + timedelta(days=i))
    ]


def _pick_status(rng: random.Random, age_days: int) -> str:
    if age_days > 60:
        weights = {Status.RETURNED: 80, Status.DONE: 2, Status.REFUSED: 7, Status.WITHDRAWAL: 4, Status.STOPPED: 4}
    else:
        weights = {Status.RETURNED: 30, Status.DONE: 8, Status.REFUSED: 4, Status.WITHDRAWAL: 3, Status.STOPPED: 3,
                   Status.NEW: 10, Status.ACCEPTED: 10, Status.PROCESSING: 18, Status.SUPPLEMENT: 8, Status.PAYMENT: 6}  # fmt: skip
    return rng.choices(list(weights), list(weights.values()))[0]


@transaction.atomic
def load(stdout: Any = None) -> dict[str, int]:
    procedures, added = _procedures()
    created = {"procedures": added, "dossiers": 0}  # only what this run added (load_demo audits a change)
    if not procedures or Dossier.objects.filter(procedure__in=procedures).exists():
        return created
    rng = random.Random(766)
    cal = default_calendar()
    today = timezone.localdate()
    days = _working_days(START, today)
    pin_hash = make_password(DEMO_PIN)
    staff: dict[int, Any] = {}
    for a in RoleAssignment.objects.filter(role=Role.STAFF).select_related("user").order_by("pk"):
        staff.setdefault(a.unit_id, a.user)
    counters: dict[tuple[int, date], int] = {}
    dossiers: list[Dossier] = []
    plans: list[tuple[list[tuple[str, str, str, datetime]], list[tuple[str, str]]]] = []
    for i in range(460):
        proc = rng.choice(procedures)
        v = proc.versions.first()
        day = days[-1 - int(rng.random() ** 2.2 * (len(days) - 1))] if i % 3 else rng.choice(days)
        received = datetime.combine(day, time(rng.randint(7, 16), rng.choice((0, 15, 30, 45))), TZ)
        status = _pick_status(rng, (today - day).days)
        supplements = 0 if status == Status.NEW else rng.choices((0, 1, 2), (84, 13, 3))[0]
        if status == Status.SUPPLEMENT:
            supplements = max(1, supplements)
        paused = sum(rng.randint(1, 4) for _ in range(supplements if status != Status.SUPPLEMENT else supplements - 1))
        due = deadlines.due_date(received, v.processing_days, v.cut_off_hour, paused_days=paused)
        first_due = due
        late = rng.random() < 0.14
        extended = late and rng.random() < 0.65
        finished = None
        if status in (Status.DONE, Status.RETURNED, Status.STOPPED):
            finished = (
                cal.add_working_days(due, rng.randint(1, 4))
                if late
                else cal.add_working_days(due, -rng.randint(0, min(3, v.processing_days - 1)))
            )
            finished = max(finished, deadlines.receipt_day(received, 16))
        elif status in (Status.REFUSED, Status.WITHDRAWAL):
            finished = deadlines.receipt_day(received, 16)
        if finished and finished > today:
            finished = today
        if status in (Status.ACCEPTED, Status.PROCESSING, Status.PAYMENT) and rng.random() < 0.3:
            due = cal.add_working_days(today, rng.randint(-3, 3))  # some open ones due soon or overdue
            first_due = due
        new_due = None
        if extended and status not in (Status.NEW, Status.REFUSED, Status.WITHDRAWAL):
            new_due = finished or cal.add_working_days(due, 5)
        key = (proc.unit_id, day)
        counters[key] = counters.get(key, 0) + 1
        online = rng.random() < 0.55
        d = Dossier(
            code=format_code(proc.unit.code, day, counters[key]),
            unit_id=proc.unit_id,
            procedure=proc,
            version=v,
            status=status,
            channel=Channel.ONLINE if online else rng.choice((Channel.IN_PERSON, Channel.IN_PERSON, Channel.POSTAL)),
            paid_online=bool(v.fee_amount and online and rng.random() < 0.6),
            applicant_name=rng.choice(NAMES),
            applicant_phone=f"09{rng.randint(10000000, 99999999)}",
            pin_hash=pin_hash,
            received_at=received,
            accepted_on=None if status in (Status.NEW, Status.REFUSED) else deadlines.receipt_day(received, 16),
            due_date=None if status in (Status.NEW, Status.REFUSED) else (new_due or due),
            original_due_date=None if status in (Status.NEW, Status.REFUSED) else first_due,
            paused_since=today if status == Status.SUPPLEMENT else None,
            paused_days=paused,
            supplement_count=supplements,
            supplement_note="Bổ sung bản sao giấy tờ về quyền sử dụng đất có chứng thực." if supplements else "",
            status_before=Status.PROCESSING if status == Status.SUPPLEMENT else "",
            extension_reason="Cần lấy ý kiến của cơ quan liên quan; hồ sơ phức tạp." if new_due else "",
            extended_on=cal.add_working_days(first_due, -1) if new_due else None,
            reason={
                Status.REFUSED: "Hồ sơ không thuộc thẩm quyền giải quyết.",
                Status.STOPPED: "Người nộp không thực hiện nghĩa vụ tài chính.",
                Status.WITHDRAWAL: "Người nộp đề nghị rút hồ sơ.",
            }.get(status, ""),  # fmt: skip
            handler=staff.get(proc.unit_id) if status not in (Status.NEW, Status.ACCEPTED, Status.REFUSED) else None,
            result_summary=v.result if status in (Status.DONE, Status.RETURNED) else "",
            finished_on=finished,
            returned_on=min(today, cal.add_working_days(finished, rng.randint(0, 2)))
            if status == Status.RETURNED
            else None,
            rating=rng.choices((5, 4, 3, 2), (50, 30, 15, 5))[0]
            if status == Status.RETURNED and rng.random() < 0.4
            else None,
            complaint=rng.random() < 0.03,
        )
        states = [(c["name"], rng.choices(list(Digitisation.values), (20, 65, 10, 5))[0]) for c in v.component_list]
        d.received_on = day
        d.digitised = all(state != Digitisation.NONE for _n, state in states)
        dossiers.append(d)
        plans.append((_history(d, supplements, bool(new_due)), states))
    Dossier.objects.bulk_create(dossiers, batch_size=500)
    saved = {d.code: d for d in Dossier.objects.filter(code__in=[d.code for d in dossiers])}
    events, comps = [], []
    for d, (history, states) in zip(dossiers, plans, strict=True):
        pk = saved[d.code].pk
        events += [DossierEvent(dossier_id=pk, action=a, from_status=f, to_status=t, at=at) for a, f, t, at in history]
        comps += [DossierComponent(dossier_id=pk, name=n, digitisation=state) for n, state in states]
    DossierEvent.objects.bulk_create(events, batch_size=1000)
    DossierComponent.objects.bulk_create(comps, batch_size=1000)
    DailyCounter.objects.bulk_create(
        [DailyCounter(unit_id=u, day=day, last=n) for (u, day), n in counters.items()], batch_size=1000
    )
    created["dossiers"] = len(dossiers)
    return created


def _history(d: Dossier, supplements: int, extended: bool) -> list[tuple[str, str, str, datetime]]:
    """A plausible history for a demo dossier, oldest first."""
    S = Status
    at = d.received_at
    steps = [("register", "", S.NEW)]
    if d.status == S.REFUSED:
        steps.append(("refuse", S.NEW, S.REFUSED))
    elif d.status != S.NEW:
        steps.append(("accept", S.NEW, S.ACCEPTED))
        if d.status != S.ACCEPTED:
            steps.append(("forward", S.ACCEPTED, S.PROCESSING))
            for n in range(supplements):
                steps.append(("request_supplement", S.PROCESSING, S.SUPPLEMENT))
                if d.status != S.SUPPLEMENT or n < supplements - 1:
                    steps.append(("supplement_receive", S.SUPPLEMENT, S.PROCESSING))
            if extended:
                steps.append(("extend", S.PROCESSING, S.PROCESSING))
            last = {S.PAYMENT: ("request_payment", S.PROCESSING, S.PAYMENT), S.STOPPED: ("stop", S.PROCESSING, S.STOPPED),
                    S.WITHDRAWAL: ("withdraw", S.PROCESSING, S.WITHDRAWAL)}.get(d.status)  # fmt: skip
            if last:
                steps.append(last)
            if d.status in (S.DONE, S.RETURNED):
                steps.append(("complete", S.PROCESSING, S.DONE))
            if d.status == S.RETURNED:
                steps.append(("return_result", S.DONE, S.RETURNED))
    end = datetime.combine(d.finished_on or timezone.localdate(), time(15, 0), TZ)
    span = max((end - at).total_seconds(), 60.0)
    return [(a, f, t, at + timedelta(seconds=span * i / max(1, len(steps)))) for i, (a, f, t) in enumerate(steps)]
