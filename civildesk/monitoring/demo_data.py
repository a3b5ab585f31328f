"""The demo resolution, written by us: a Resolution 49-NQ/TU-like programme of Lạng Sơn province.

30 targets in five pillars; the outcome each reaches in 2025 is fixed here
(22 achieved, 4 not achieved, 2 not implemented, one returned for
correction, one waiting for review), and the yearly values 2021–2025 follow
from it. All figures are invented.
"""

from __future__ import annotations

PILLARS = [
    ("DANG", "Chuyển đổi số trong các cơ quan Đảng"),
    ("CQS", "Chính quyền số"),
    ("KTS", "Kinh tế số"),
    ("XHS", "Xã hội số"),
    ("CKS", "Cửa khẩu số"),
]

# Outcome in 2025: A achieved, N not achieved (70 % of the way), Z not implemented (still at the baseline),
# R returned for correction (no approved value), S submitted, waiting for review (reaches the target).
# pillar, title, unit of measure, baseline, target 2025, horizon 2030, direction, responsible, contributing, outcome
TARGETS: list[tuple[str, str, str, float, float, float, str, str, tuple[str, ...], str]] = [
    (
        "DANG",
        "Tỷ lệ văn bản trao đổi giữa các cơ quan Đảng dưới dạng điện tử",
        "%",
        40,
        90,
        100,
        "higher",
        "LS-VP",
        (),
        "A",
    ),
    (
        "DANG",
        "Tỷ lệ cơ quan Đảng dùng hệ thống quản lý văn bản và điều hành",
        "%",
        50,
        100,
        100,
        "higher",
        "LS-VP",
        (),
        "A",
    ),
    (
        "DANG",
        "Tỷ lệ hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng",
        "%",
        30,
        80,
        95,
        "higher",
        "LS-VP",
        (),
        "N",
    ),
    ("DANG", "Số cơ sở dữ liệu của các cơ quan Đảng được số hóa", "CSDL", 1, 6, 10, "higher", "LS-VP", (), "A"),
    ("DANG", "Tỷ lệ cán bộ cơ quan Đảng được tập huấn kỹ năng số", "%", 20, 100, 100, "higher", "LS-VP", (), "A"),
    (
        "CQS",
        "Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình",
        "%",
        20,
        80,
        100,
        "higher",
        "LS-STTTT",
        (),
        "A",
    ),
    ("CQS", "Tỷ lệ hồ sơ được xử lý trực tuyến", "%", 10, 50, 80, "higher", "LS-STTTT", ("LS-SXD", "LS-SYT"), "A"),
    ("CQS", "Tỷ lệ văn bản đi được ký số", "%", 60, 95, 100, "higher", "LS-STTTT", ("LS-SXD", "LS-SYT"), "A"),
    (
        "CQS",
        "Tỷ lệ báo cáo định kỳ gửi qua Hệ thống thông tin báo cáo",
        "%",
        30,
        100,
        100,
        "higher",
        "LS-SKHDT",
        (),
        "A",
    ),
    ("CQS", "Tỷ lệ cơ quan, đơn vị sử dụng trợ lý ảo", "%", 0, 100, 100, "higher", "LS-STTTT", (), "N"),
    ("CQS", "Tỷ lệ đơn khiếu nại được giải quyết đúng hạn", "%", 70, 95, 100, "higher", "LS-VP", (), "A"),
    ("CQS", "Tỷ lệ kết quả giải quyết thủ tục hành chính được số hóa", "%", 10, 100, 100, "higher", "LS-SXD", (), "A"),
    ("CQS", "Số ngày trung bình cấp giấy phép xây dựng", "ngày", 15, 7, 5, "lower", "LS-SXD", (), "A"),
    ("KTS", "Tỷ trọng kinh tế số trong GRDP", "%", 5, 10, 20, "higher", "LS-SKHDT", (), "N"),
    ("KTS", "Tỷ lệ doanh nghiệp sử dụng hóa đơn điện tử", "%", 60, 100, 100, "higher", "LS-SKHDT", (), "A"),
    ("KTS", "Tỷ lệ doanh nghiệp nhỏ và vừa sử dụng nền tảng số", "%", 20, 50, 80, "higher", "LS-SKHDT", (), "A"),
    (
        "KTS",
        "Số sản phẩm OCOP bán trên sàn thương mại điện tử",
        "sản phẩm",
        10,
        120,
        200,
        "higher",
        "LS-SKHDT",
        ("LS-CL-QL",),
        "A",
    ),
    ("KTS", "Tỷ lệ giao dịch thanh toán không dùng tiền mặt", "%", 30, 70, 90, "higher", "LS-SKHDT", (), "A"),
    ("KTS", "Số doanh nghiệp công nghệ số", "doanh nghiệp", 50, 150, 300, "higher", "LS-STTTT", (), "Z"),
    ("XHS", "Tỷ lệ hộ gia đình có kết nối cáp quang", "%", 60, 90, 100, "higher", "LS-STTTT", ("LS-CL-QL",), "A"),
    ("XHS", "Tỷ lệ người dân có danh tính số", "%", 10, 70, 95, "higher", "LS-STTTT", (), "A"),
    ("XHS", "Tỷ lệ người dân có hồ sơ sức khỏe điện tử", "%", 20, 90, 100, "higher", "LS-SYT", (), "A"),
    ("XHS", "Tỷ lệ cơ sở y tế sử dụng bệnh án điện tử", "%", 5, 80, 100, "higher", "LS-SYT", (), "R"),
    ("XHS", "Tỷ lệ thôn có tổ công nghệ số cộng đồng hoạt động", "%", 0, 100, 100, "higher", "LS-CL-QL", (), "A"),
    ("XHS", "Tỷ lệ người trưởng thành có điện thoại thông minh", "%", 60, 85, 95, "higher", "LS-CL-QL", (), "A"),
    (
        "CKS",
        "Tỷ lệ tờ khai hải quan điện tử tại các cửa khẩu",
        "%",
        80,
        100,
        100,
        "higher",
        "LS-VP",
        ("LS-CLO-TT",),
        "A",
    ),
    (
        "CKS",
        "Thời gian chờ thông quan trung bình của xe hàng",
        "phút",
        240,
        60,
        30,
        "lower",
        "LS-VP",
        ("LS-CLO-TT",),
        "A",
    ),
    ("CKS", "Tỷ lệ phương tiện khai báo qua nền tảng cửa khẩu số", "%", 0, 100, 100, "higher", "LS-CLO-TT", (), "S"),
    ("CKS", "Số cửa khẩu vận hành nền tảng cửa khẩu số", "cửa khẩu", 0, 4, 12, "higher", "LS-VP", (), "N"),
    (
        "CKS",
        "Tỷ lệ doanh nghiệp xuất nhập khẩu dùng thủ tục điện tử một cửa",
        "%",
        30,
        90,
        100,
        "higher",
        "LS-CLO-TT",
        (),
        "Z",
    ),
]

# Extra indicators the platform measures (they do not give a target's value): target number → measurements.
MEASURED = {
    8: [("signing.signed_share", "Tỷ lệ văn bản phát hành có chữ ký số (đo từ hệ thống)")],
    10: [
        ("assistant.unit_usage", "Tỷ lệ cơ quan có sử dụng trợ lý ảo (đo từ hệ thống)"),
        ("assistant.answered_rate", "Tỷ lệ câu hỏi trợ lý ảo trả lời được (đo từ hệ thống)"),
    ],
    11: [("inspection.complaints_on_time", "Tỷ lệ khiếu nại giải quyết đúng hạn (đo từ hệ thống)")],
}

YEARS = (2021, 2022, 2023, 2024, 2025)
SHARE = {2021: 0.15, 2022: 0.35, 2023: 0.55, 2024: 0.8, 2025: 1.0}  # of the way to the 2025 value
MISSING = {(2022, 19), (2022, 24), (2023, 30)}  # (year, target no.): never reported
LATE = {(2023, 3), (2023, 14), (2024, 23), (2025, 10)}  # submitted after the due date
CORRECTED = {(2024, 22), (2025, 6)}  # returned once, corrected, then approved

# DT officers the demo adds: username, full name, unit code (the DT office at the province first).
OFFICERS = [
    ("cds.tinh", "Lã Thị Nguyệt", "LS"),
    ("vp.cds", "Hoàng Văn Định", "LS-VP"),
    ("sxd.cds", "Vi Thị Hương", "LS-SXD"),
    ("syt.cds", "Nông Văn Tuấn", "LS-SYT"),
    ("skhdt.cds", "Lý Thị Ngân", "LS-SKHDT"),
    ("quanglang.cds", "Hà Văn Sinh", "LS-CL-QL"),
    ("caoloc.tt.cds", "Lộc Thị Duyên", "LS-CLO-TT"),
]
