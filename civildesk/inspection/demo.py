"""A year of the provincial Inspectorate's work (fictional, written for the demo).

Idempotent: the plan is matched by (unit, year), inspections by decision
number, cases by a marker in their title; running it again creates nothing.
Everything goes through the services, so the audit trail, deadlines and
encryption are exactly as in real use. All people are fictional.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from civildesk.org.models import Role, RoleAssignment, Unit, User

from . import protect, services
from .models import Case, CaseStatus, Inspection, InspectionPlan, TeamRole

# (type, instance, channel, unit code, subject unit code, title, content, target status, complexity, remote)
CASES: list[tuple[str, str, str, str, str | None, str, str, str, str, bool]] = [
    (
        "complaint",
        "first",
        "in_person",
        "LS-TT",
        "LS-CLO",
        "Khiếu nại mức bồi thường thu hồi đất thôn Nà Tăng",
        "Gia đình tôi khiếu nại quyết định thu hồi đất số 123/QĐ-UBND của UBND huyện Cao Lộc vì mức bồi thường thấp hơn giá thị trường, đề nghị xem xét lại.",
        "closed",
        "normal",
        False,
    ),
    (
        "complaint",
        "first",
        "post",
        "LS-TT",
        "LS-TP",
        "Khiếu nại quyết định xử phạt vi phạm trật tự xây dựng",
        "Tôi khiếu nại quyết định xử phạt vi phạm hành chính về trật tự xây dựng của UBND thành phố Lạng Sơn đối với nhà ở tại phường Vĩnh Trại.",
        "decision_issued",
        "normal",
        False,
    ),
    (
        "complaint",
        "second",
        "in_person",
        "LS-TT",
        "LS-CLO",
        "Khiếu nại lần hai về cấp giấy chứng nhận quyền sử dụng đất",
        "Không đồng ý với quyết định giải quyết khiếu nại lần đầu của Chủ tịch UBND huyện Cao Lộc về việc từ chối cấp giấy chứng nhận.",
        "verifying",
        "complex",
        False,
    ),
    (
        "complaint",
        "first",
        "online",
        "LS-TT",
        "LS-SKHDT",
        "Khiếu nại việc trả hồ sơ đăng ký doanh nghiệp",
        "Công ty chúng tôi khiếu nại việc Sở Kế hoạch và Đầu tư trả hồ sơ đăng ký thay đổi ngành nghề kinh doanh không nêu rõ lý do.",
        "concluded",
        "normal",
        False,
    ),
    (
        "complaint",
        "first",
        "in_person",
        "LS-TT",
        "LS-CLO",
        "Khiếu nại hỗ trợ tái định cư xã Gia Cát",
        "Hộ gia đình tôi ở xã Gia Cát chưa được bố trí tái định cư sau khi bị thu hồi toàn bộ đất ở để làm đường.",
        "accepted",
        "normal",
        True,
    ),
    (
        "complaint",
        "first",
        "transferred",
        "LS-TT",
        "LS-STTTT",
        "Khiếu nại kết quả xét tuyển viên chức",
        "Tôi khiếu nại kết quả xét tuyển viên chức năm nay của Sở Thông tin và Truyền thông vì điểm phỏng vấn không được công bố.",
        "suspended",
        "normal",
        False,
    ),
    (
        "complaint",
        "first",
        "in_person",
        "LS-TT",
        None,
        "Khiếu nại quyết định kỷ luật cảnh cáo",
        "Tôi là công chức, khiếu nại quyết định kỷ luật cảnh cáo vì cho rằng không đúng trình tự xem xét kỷ luật.",
        "rejected",
        "normal",
        False,
    ),
    (
        "complaint",
        "first",
        "post",
        "LS-TT",
        None,
        "Khiếu nại về tranh chấp đất với hộ liền kề",
        "Đề nghị Thanh tra tỉnh giải quyết tranh chấp ranh giới đất với hộ liền kề tại xã Quang Lang.",
        "transferred",
        "normal",
        False,
    ),
    (
        "complaint",
        "first",
        "online",
        "LS-TT",
        "LS-TP",
        "Khiếu nại việc không cấp phép sửa chữa nhà",
        "UBND thành phố không cấp giấy phép sửa chữa nhà ở của gia đình tôi trên đường Bà Triệu mà không trả lời bằng văn bản.",
        "classified",
        "normal",
        False,
    ),
    (
        "complaint",
        "first",
        "in_person",
        "LS-TT",
        "LS-CLO",
        "Khiếu nại về giá đất tính bồi thường dự án đường tránh",
        "Giá đất tính bồi thường dự án đường tránh thành phố qua huyện Cao Lộc thấp hơn nhiều so với giá chuyển nhượng thực tế.",
        "received",
        "normal",
        False,
    ),
    (
        "complaint",
        "first",
        "leader",
        "LS-TT",
        "LS-CLO",
        "Khiếu nại quyết định thu hồi đất rừng sản xuất",
        "Khiếu nại quyết định thu hồi đất rừng sản xuất đã giao cho gia đình từ năm 1998 tại xã Gia Cát.",
        "verifying",
        "complex",
        True,
    ),
    (
        "complaint",
        "first",
        "in_person",
        "LS-TT",
        "LS-SKHDT",
        "Khiếu nại việc chấm điểm hồ sơ dự thầu",
        "Nhà thầu khiếu nại việc chấm điểm kỹ thuật hồ sơ dự thầu gói thầu xây lắp trường học do Sở Kế hoạch và Đầu tư thẩm định.",
        "returned",
        "normal",
        False,
    ),
    (
        "denunciation",
        "none",
        "in_person",
        "LS-TT",
        "LS-CLO",
        "Tố cáo cán bộ địa chính xã nhận tiền",
        "Tố cáo cán bộ địa chính xã nhận tiền của người dân để làm nhanh hồ sơ cấp giấy chứng nhận quyền sử dụng đất.",
        "verifying",
        "complex",
        False,
    ),
    (
        "denunciation",
        "none",
        "post",
        "LS-TT",
        "LS-TP",
        "Tố cáo vi phạm trong quản lý chợ",
        "Tố cáo Ban quản lý chợ thu phí sử dụng diện tích bán hàng cao hơn mức quy định, không cấp biên lai.",
        "closed",
        "normal",
        False,
    ),
    (
        "denunciation",
        "none",
        "in_person",
        "LS-TT",
        "LS-SKHDT",
        "Tố cáo thông đồng trong đấu thầu",
        "Tố cáo một số cán bộ thông đồng với nhà thầu để nâng giá gói thầu mua sắm thiết bị.",
        "accepted",
        "very_complex",
        False,
    ),
    (
        "denunciation",
        "none",
        "leader",
        "LS-TT",
        "LS-CLO",
        "Tố cáo lợi dụng chức vụ trong hỗ trợ hộ nghèo",
        "Tố cáo việc lập danh sách hộ nghèo không đúng đối tượng để hưởng chính sách hỗ trợ.",
        "concluded",
        "normal",
        False,
    ),
    (
        "denunciation",
        "none",
        "post",
        "LS-TT",
        None,
        "Tố cáo không rõ người tố cáo",
        "Đơn không ghi tên tố cáo một cán bộ nhận hối lộ.",
        "rejected",
        "normal",
        False,
    ),
    (
        "denunciation",
        "none",
        "in_person",
        "LS-TT",
        "LS-TP",
        "Tố cáo sai phạm trong cấp phép xây dựng",
        "Tố cáo công chức phòng Quản lý đô thị cố ý kéo dài thời gian giải quyết hồ sơ cấp phép để gây khó khăn.",
        "classified",
        "normal",
        False,
    ),
    (
        "denunciation",
        "none",
        "press",
        "LS-TT",
        "LS-STTTT",
        "Tố cáo theo phản ánh của báo chí về mua sắm phần mềm",
        "Báo điện tử phản ánh nghi vấn sai phạm trong mua sắm phần mềm quản lý văn bản; người cung cấp thông tin đề nghị giữ bí mật.",
        "decision_issued",
        "complex",
        False,
    ),
    (
        "petition",
        "none",
        "online",
        "LS-TT",
        "LS-CLO",
        "Phản ánh xe quá tải làm hỏng đường liên xã",
        "Xe tải chở quá tải thường xuyên đi qua đường liên xã Gia Cát làm hỏng mặt đường, gây bụi và mất an toàn giao thông.",
        "closed",
        "normal",
        False,
    ),
    (
        "petition",
        "none",
        "online",
        "LS-TT",
        "LS-TP",
        "Kiến nghị lắp đèn chiếu sáng ngõ phố",
        "Kiến nghị lắp đèn chiếu sáng tại ngõ 5 đường Lê Lợi, phường Vĩnh Trại vì buổi tối rất tối, không an toàn.",
        "decision_issued",
        "normal",
        False,
    ),
    (
        "petition",
        "none",
        "in_person",
        "LS-TT",
        "LS-STTTT",
        "Phản ánh sóng điện thoại yếu ở thôn vùng cao",
        "Thôn Khuổi Phầy không có sóng điện thoại di động ổn định, người dân không thể học và làm việc trực tuyến.",
        "verifying",
        "normal",
        True,
    ),
    (
        "petition",
        "none",
        "post",
        "LS-TT",
        "LS-SKHDT",
        "Kiến nghị đơn giản hóa thủ tục đầu tư",
        "Hiệp hội doanh nghiệp kiến nghị rút ngắn thời gian giải quyết thủ tục chấp thuận chủ trương đầu tư.",
        "accepted",
        "normal",
        False,
    ),
    (
        "petition",
        "none",
        "online",
        "LS-TT",
        "LS-TP",
        "Phản ánh rác thải tồn đọng tại chợ Đông Kinh",
        "Rác thải tồn đọng nhiều ngày ở khu vực sau chợ Đông Kinh gây mùi hôi, đề nghị thu gom kịp thời.",
        "received",
        "normal",
        False,
    ),
    (
        "petition",
        "none",
        "press",
        "LS-TT",
        "LS-CLO",
        "Phản ánh của báo chí về trường học xuống cấp",
        "Báo địa phương phản ánh phòng học điểm trường thôn Nà Lệnh xuống cấp nghiêm trọng.",
        "concluded",
        "normal",
        True,
    ),
    (
        "petition",
        "none",
        "online",
        "LS-TT",
        "LS-TP",
        "Kiến nghị về giờ làm việc bộ phận một cửa",
        "Đề nghị bộ phận một cửa thành phố làm việc thêm sáng thứ Bảy để người lao động làm thủ tục.",
        "returned",
        "normal",
        False,
    ),
    (
        "petition",
        "none",
        "in_person",
        "LS-TT",
        None,
        "Kiến nghị về tranh chấp hợp đồng thuê nhà",
        "Đề nghị cơ quan nhà nước can thiệp tranh chấp hợp đồng thuê nhà giữa hai cá nhân.",
        "transferred",
        "normal",
        False,
    ),
    (
        "complaint",
        "first",
        "in_person",
        "LS-CLO",
        "LS-CLO-GC",
        "Khiếu nại việc xét hộ cận nghèo",
        "Khiếu nại việc UBND xã Gia Cát không đưa gia đình tôi vào danh sách hộ cận nghèo dù đủ điều kiện.",
        "decision_issued",
        "normal",
        False,
    ),
    (
        "complaint",
        "first",
        "post",
        "LS-CLO",
        "LS-CLO-TT",
        "Khiếu nại việc thu phí vệ sinh",
        "Khiếu nại việc thu phí vệ sinh môi trường không đúng mức tại thị trấn Cao Lộc.",
        "verifying",
        "normal",
        False,
    ),
    (
        "petition",
        "none",
        "in_person",
        "LS-CLO",
        "LS-CLO-GC",
        "Kiến nghị sửa chữa cầu treo",
        "Cầu treo qua suối thôn Pò Nghều bị hư hỏng, đề nghị sửa chữa trước mùa mưa lũ.",
        "accepted",
        "normal",
        True,
    ),
    (
        "denunciation",
        "none",
        "in_person",
        "LS-CLO",
        "LS-CLO-TT",
        "Tố cáo thu tiền đóng góp trái quy định",
        "Tố cáo việc thu tiền đóng góp xây dựng nhà văn hóa khu phố không được người dân đồng ý.",
        "concluded",
        "normal",
        False,
    ),
    (
        "complaint",
        "first",
        "in_person",
        "LS-TP",
        "LS-TP-VT",
        "Khiếu nại việc cưỡng chế tháo dỡ mái che",
        "Khiếu nại việc UBND phường Vĩnh Trại cưỡng chế tháo dỡ mái che trước nhà mà không có quyết định.",
        "closed",
        "normal",
        False,
    ),
    (
        "complaint",
        "first",
        "online",
        "LS-TP",
        "LS-TP-CL",
        "Khiếu nại việc không xác nhận hồ sơ vay vốn",
        "Phường Chi Lăng không xác nhận hồ sơ vay vốn học sinh sinh viên cho con tôi.",
        "accepted",
        "normal",
        False,
    ),
    (
        "petition",
        "none",
        "online",
        "LS-TP",
        "LS-TP-CL",
        "Phản ánh tiếng ồn quán karaoke",
        "Quán karaoke trên đường Trần Đăng Ninh hoạt động quá 22 giờ gây ồn ào.",
        "decision_issued",
        "normal",
        False,
    ),
    (
        "denunciation",
        "none",
        "post",
        "LS-TP",
        "LS-TP-VT",
        "Tố cáo lấn chiếm vỉa hè có bảo kê",
        "Tố cáo việc để các hộ kinh doanh lấn chiếm vỉa hè kéo dài mà không xử lý.",
        "verifying",
        "normal",
        False,
    ),
    (
        "petition",
        "none",
        "post",
        "LS-SKHDT",
        None,
        "Kiến nghị công khai danh mục dự án kêu gọi đầu tư",
        "Doanh nghiệp kiến nghị công khai danh mục dự án kêu gọi đầu tư trên cổng thông tin của tỉnh.",
        "closed",
        "normal",
        False,
    ),
    (
        "complaint",
        "first",
        "in_person",
        "LS-SKHDT",
        None,
        "Khiếu nại việc thu hồi giấy chứng nhận đăng ký đầu tư",
        "Công ty khiếu nại quyết định thu hồi giấy chứng nhận đăng ký đầu tư dự án khu du lịch.",
        "verifying",
        "complex",
        False,
    ),
    (
        "petition",
        "none",
        "online",
        "LS-STTTT",
        None,
        "Phản ánh cổng dịch vụ công bị lỗi",
        "Cổng dịch vụ công của tỉnh báo lỗi khi nộp hồ sơ trực tuyến vào buổi tối.",
        "closed",
        "normal",
        False,
    ),
    (
        "complaint",
        "first",
        "in_person",
        "LS-TT",
        "LS-CLO",
        "Đề nghị xem xét lại quyết định thu hồi đất 123/QĐ-UBND",
        "Đề nghị xem xét lại quyết định 123/QĐ-UBND của Ủy ban huyện Cao Lộc về thu hồi đất, mức đền bù cho hộ gia đình tôi ở thôn Nà Tăng quá thấp so với thị trường.",
        "received",
        "normal",
        False,
    ),
]

# The protected denouncer of the demo: after `make setup` these three strings
# must not be found in plain text anywhere in the database or the logs.
PROTECTED = protect.Identity(
    name="Lò Thị Bảo Mật",
    phone="0912000111",
    citizen_id="020190000111",
    address="Thôn Bản Ngà, xã Gia Cát, huyện Cao Lộc",
)
PROTECTED_TITLE = "Tố cáo cán bộ địa chính xã nhận tiền"

FICTIONAL_NAMES = [
    "Hoàng Văn An",
    "Nông Thị Bích",
    "Lương Văn Chiến",
    "Vi Thị Dung",
    "Triệu Văn Em",
    "Hà Thị Giang",
    "Lộc Văn Hải",
    "Đàm Thị Hương",
    "Mông Văn Khoa",
    "Chu Thị Liên",
]

EXTRA_PEOPLE = [
    # username, full name, title, unit code, roles
    ("thanhtra.phochanh", "Hoàng Thị Nga", "Phó Chánh Thanh tra", "LS-TT", [Role.INSPECTOR]),
    ("caoloc.chutich", "Nông Văn Quý", "Chủ tịch", "LS-CLO", [Role.LEADER]),
    ("caoloc.thanhtra", "Lý Văn Tài", "Chánh Thanh tra huyện", "LS-CLO", [Role.INSPECTOR, Role.LEADER]),
    ("tpls.thanhtra", "Đinh Thị Xuân", "Chánh Thanh tra thành phố", "LS-TP", [Role.INSPECTOR, Role.LEADER]),
    ("skhdt.giamdoc", "Vy Văn Thắng", "Giám đốc", "LS-SKHDT", [Role.LEADER]),
]

ORDER = ["received", "classified", "accepted", "verifying", "suspended", "concluded", "decision_issued", "closed"]


def _ensure_people(created: dict[str, int]) -> None:
    from civildesk.org.demo import DEMO_PASSWORD
    from civildesk.org.models import Person, Position

    for username, full_name, title, code, roles in EXTRA_PEOPLE:
        unit = Unit.objects.get(code=code)
        user, was_created = User.objects.get_or_create(username=username)
        if was_created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            created["people"] += 1
        person, _ = Person.objects.get_or_create(user=user, defaults={"full_name": full_name})
        Position.objects.get_or_create(person=person, unit=unit, title=title, defaults={"start_date": date(2024, 1, 1)})
        for role in roles:
            RoleAssignment.objects.get_or_create(user=user, unit=unit, role=role)


def _leader_of(unit: Unit) -> User:
    return User.objects.filter(role_assignments__unit=unit, role_assignments__role=Role.LEADER).order_by("pk").first()


def _inspector_of(unit: Unit) -> User:
    return (
        User.objects.filter(role_assignments__unit=unit, role_assignments__role=Role.INSPECTOR).order_by("-pk").first()
    ) or _leader_of(unit)


def _advance(case: Case, target: str, *, leader: User, handler: User, complexity: str, remote: bool, day: date) -> None:
    s = services
    if target == "received":
        return
    if target in ("transferred", "returned", "rejected", "classified") or ORDER.index(target) >= 1:
        case = s.case_classify(
            actor=leader,
            case=case,
            case_type=case.case_type,
            instance=case.instance,
            field="đất đai" if "đất" in case.title else "",
            complexity=complexity,
            remote_area=remote,
        )
    if target == "transferred":
        s.case_transfer(
            actor=leader,
            case=case,
            reason="not_competent",
            transferred_to="Tòa án nhân dân huyện Cao Lộc" if case.case_type == "complaint" else "UBND xã Quang Lang",
        )
        return
    if target == "returned":
        s.case_return(actor=leader, case=case, reason="guidance", note="Đã hướng dẫn gửi đúng cơ quan có thẩm quyền.")
        return
    if target == "rejected":
        s.case_reject(
            actor=leader, case=case, reason="anonymous" if case.case_type == "denunciation" else "time_barred"
        )
        return
    if target == "classified":
        return
    case = s.case_accept(actor=leader, case=case, accepted_on=day)
    case = s.case_assign(actor=leader, case=case, assignee=handler)
    if target == "accepted":
        return
    case = s.case_start_verification(actor=handler, case=case)
    if complexity != "normal" and case.case_type == "denunciation":
        case = s.case_extend(actor=leader, case=case, reason="Vụ việc phức tạp, cần xác minh tại nhiều địa điểm.")
    if target == "verifying":
        return
    if target == "suspended":
        case = s.case_suspend(actor=leader, case=case, reason="Chờ kết quả giám định của cơ quan chuyên môn.")
        return
    case = s.case_conclude(
        actor=handler,
        case=case,
        conclusion="Kết quả xác minh: nội dung đơn đúng một phần; đã làm rõ trách nhiệm của đơn vị liên quan.",
    )
    if target == "concluded":
        return
    case = s.case_issue_decision(
        actor=leader,
        case=case,
        decision_number=f"{case.pk}/QĐ-TTr",
        outcome_public="Nội dung đơn đúng một phần. Cơ quan liên quan được yêu cầu khắc phục trong 30 ngày.",
    )
    if target == "closed":
        s.case_close(actor=leader, case=case)


def _load_cases(created: dict[str, int]) -> None:
    today = timezone.localdate()
    for i, (ctype, instance, channel, code, subject_code, title, content, target, complexity, remote) in enumerate(
        CASES
    ):
        if Case.objects.filter(title=title).exists():
            continue
        unit = Unit.objects.get(code=code)
        leader = _leader_of(unit)
        handler = _inspector_of(unit)
        received = today - timedelta(days=max(2, 300 - i * 7))
        if target in ("received", "classified"):
            received = today - timedelta(days=2 + i % 9)  # some still in triage, a few overdue
        identity = (
            PROTECTED
            if title == PROTECTED_TITLE
            else protect.Identity(
                name=FICTIONAL_NAMES[i % len(FICTIONAL_NAMES)],
                phone=f"0203{800000 + i:06d}",
                address="Lạng Sơn",
                citizen_id=f"0201{900000 + i * 37:08d}",
            )
        )
        if title == "Tố cáo không rõ người tố cáo":
            identity = protect.Identity(name="Không ghi tên", address="Không rõ")
        registered = services.case_register(
            actor=leader,
            unit=unit,
            case_type=ctype,
            instance=instance,
            channel=channel,
            title=title,
            content=content,
            subject_unit=Unit.objects.get(code=subject_code) if subject_code else None,
            subject_name=Unit.objects.get(code=subject_code).name if subject_code else "",
            identity=identity,
            received_on=received,
        )
        accepted = min(today, received + timedelta(days=5))
        _advance(
            registered.case, target, leader=leader, handler=handler, complexity=complexity, remote=remote, day=accepted
        )
        created["cases"] += 1


def _load_plan(created: dict[str, int]) -> None:
    today = timezone.localdate()
    year = today.year
    tt = Unit.objects.get(code="LS-TT")
    head = _leader_of(tt)
    inspectors = list(User.objects.filter(role_assignments__unit=tt, role_assignments__role=Role.INSPECTOR).distinct())
    plan = InspectionPlan.objects.filter(unit=tt, year=year).first()
    if plan is None:
        plan = services.plan_create(
            actor=head,
            unit=tt,
            year=year,
            title=f"Kế hoạch thanh tra năm {year} của Thanh tra tỉnh",
            legal_basis="Luật Thanh tra 2022; Thông tư 02/2024/TT-TTCP về kế hoạch thanh tra.",
        )
        created["plans"] += 1
        items = [
            ("LS-SKHDT", "Việc quản lý, sử dụng vốn đầu tư công giai đoạn 2022–2024", 1, 3),
            ("LS-STTTT", "Việc đầu tư, mua sắm thiết bị và phần mềm chuyển đổi số", 3, 5),
            ("LS-CLO", "Công tác quản lý đất đai, bồi thường giải phóng mặt bằng", 5, 8),
            ("LS-TP", "Trách nhiệm thực hiện pháp luật về tiếp công dân, giải quyết khiếu nại, tố cáo", 9, 11),
        ]
        for code, topic, m1, m2 in items:
            subject = Unit.objects.get(code=code)
            services.plan_item_add(
                actor=head,
                plan=plan,
                subject_unit=subject,
                subject_name=subject.name,
                topic=topic,
                inspecting_unit=tt,
                period_start=date(year, m1, 1),
                period_end=date(year, m2, 28),
                legal_basis="Luật Thanh tra 2022, Điều 47",
                accept_overlap=True,
            )
        # The city's inspectorate plans the same subject: the overlap warning shows on both plans.
        tp = Unit.objects.get(code="LS-TP")
        tp_head = _leader_of(tp)
        tp_plan = services.plan_create(
            actor=tp_head, unit=tp, year=year, title=f"Kế hoạch thanh tra năm {year} của Thanh tra thành phố"
        )
        services.plan_item_add(
            actor=tp_head,
            plan=tp_plan,
            subject_unit=tp,
            subject_name=tp.name,
            topic="Công tác tiếp công dân tại các phường",
            inspecting_unit=tp,
            period_start=date(year, 6, 1),
            period_end=date(year, 7, 31),
            accept_overlap=True,
        )
        services.plan_approve(actor=head, plan=plan)
    items = list(plan.items.order_by("period_start"))
    stages = ["closed", "concluded", "decided"]
    for n, (item, stage) in enumerate(zip(items, stages, strict=False), start=1):
        number = f"{n:02d}/QĐ-TTr-{year}"
        if Inspection.objects.filter(decision_number=number).exists():
            continue
        start = min(item.period_start, today - timedelta(days=200 - n * 50))
        insp = services.inspection_create(
            actor=head,
            unit=tt,
            subject_name=item.subject_name,
            topic=item.topic,
            subject_unit=item.subject_unit,
            period_start=start,
            period_end=start + timedelta(days=45),
            legal_basis=item.legal_basis,
            plan_item=item,
        )
        team = [(inspectors[0] if inspectors else head, TeamRole.HEAD)] + [(u, TeamRole.MEMBER) for u in inspectors[1:]]
        services.inspection_issue_decision(
            actor=head, inspection=insp, decision_number=number, decision_date=start, team=team
        )
        writer = team[0][0]
        services.diary_add(
            actor=writer,
            inspection=insp,
            day=start + timedelta(days=1),
            text="Công bố quyết định thanh tra; yêu cầu đơn vị cung cấp hồ sơ, tài liệu.",
        )
        services.diary_add(
            actor=writer,
            inspection=insp,
            day=start + timedelta(days=10),
            text="Làm việc với bộ phận kế toán; thu thập 12 bộ hồ sơ thanh toán.",
        )
        finding = services.finding_add(
            actor=writer,
            inspection=insp,
            title="Thanh toán vượt khối lượng nghiệm thu",
            description="Hai gói thầu thanh toán vượt khối lượng thực tế.",
            amount=1_250_000_000,
        )
        recs = [
            services.recommendation_add(
                actor=writer,
                inspection=insp,
                text="Thu hồi nộp ngân sách số tiền thanh toán vượt.",
                responsible_unit=item.subject_unit,
                deadline=start + timedelta(days=90),
                measure="1.250.000.000 đồng nộp vào tài khoản tạm giữ của Thanh tra tỉnh",
                finding=finding,
            ),
            services.recommendation_add(
                actor=writer,
                inspection=insp,
                text="Tổ chức kiểm điểm trách nhiệm các cá nhân liên quan.",
                responsible_unit=item.subject_unit,
                deadline=start + timedelta(days=60),
                measure="Biên bản kiểm điểm của 3 cá nhân",
                finding=finding,
            ),
        ]
        created["inspections"] += 1
        if stage == "decided":
            continue
        services.inspection_conclude(
            actor=head,
            inspection=insp,
            conclusion_number=f"{n:02d}/KL-TTr",
            conclusion_date=start + timedelta(days=50),
            conclusion="Đơn vị cơ bản chấp hành quy định; còn sai phạm trong nghiệm thu, thanh toán.",
        )
        reporter = _leader_of(item.subject_unit) or head
        for rec in recs:
            if stage == "closed" or rec is recs[0]:
                services.recommendation_report(
                    actor=reporter, recommendation=rec, text="Đã thực hiện.", result=rec.measure
                )
                report = rec.reports.get()
                services.recommendation_review(
                    actor=head,
                    report=report,
                    accept=stage == "closed" or False,
                    note="" if stage == "closed" else "Chưa có chứng từ nộp tiền.",
                )
        if stage == "closed":
            services.inspection_close(actor=head, inspection=insp)


@transaction.atomic
def load(stdout: Any = None) -> dict[str, int]:
    created = {"people": 0, "plans": 0, "inspections": 0, "cases": 0}
    if not Unit.objects.filter(code="LS-TT").exists():
        return created  # the org demo was not loaded
    _ensure_people(created)
    _load_plan(created)
    _load_cases(created)
    return created


__all__ = ["CaseStatus", "load"]
