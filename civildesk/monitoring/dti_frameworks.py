"""The DTI frameworks shipped with CivilDesk, as versioned data (written by us, no Django).

* ``dti-province@2022``: the structure of the provincial DTI of Decision
  922/QĐ-BTTTT — digital awareness, institutions, infrastructure, workforce,
  cyber-security (100 points each), digital government 200, digital economy
  150, digital society 150; smart city shown, not scored. The components
  and their rules are ours.
* ``dti-province@2025``: a revision with eight main indices (ours).
* ``dti-local@2025``: for ranking the province's own departments and communes
  (two-level local government since 1 July 2025); some components take the
  value the platform measures itself.

A new version is a new entry here; scores already entered keep their key.
"""

from __future__ import annotations

from .dti import Framework, framework_from_dict
from .dti_local import ACTIVITY, FOUNDATION, LOCAL_2025, _c, _i

PROVINCE_2022 = {
    "code": "dti-province",
    "version": "2022",
    "name": {"vi": "DTI cấp tỉnh (cấu trúc 2022)", "en": "Provincial DTI (2022 structure)"},
    "applies_to": ["province"],
    "unscored": [{"vi": "Đô thị thông minh", "en": "Smart city"}],
    "groups": [
        {
            "code": "A",
            "name": FOUNDATION,
            "indices": [
                _i(
                    "1",
                    "Nhận thức số",
                    "Digital awareness",
                    100,
                    _c(
                        "1.1",
                        "Chương trình, nghị quyết về chuyển đổi số được ban hành",
                        "DT programme or resolution issued",
                        30,
                        "yes_no",
                        evidence="document",
                    ),
                    _c(
                        "1.2",
                        "Ban chỉ đạo chuyển đổi số hoạt động",
                        "DT steering committee active",
                        30,
                        "full_half_zero",
                    ),
                    _c(
                        "1.3",
                        "Tin bài tuyên truyền về chuyển đổi số",
                        "Articles promoting DT",
                        40,
                        "ratio",
                        reference=100,
                    ),
                ),
                _i(
                    "2",
                    "Thể chế số",
                    "Digital institutions",
                    100,
                    _c("2.1", "Kế hoạch chuyển đổi số năm", "Yearly DT plan", 40, "yes_no", evidence="document"),
                    _c(
                        "2.2",
                        "Kiến trúc chính quyền điện tử cập nhật",
                        "E-government architecture updated",
                        30,
                        "full_half_zero",
                    ),
                    _c(
                        "2.3",
                        "Tỷ lệ ngân sách chi cho chuyển đổi số (%)",
                        "Share of budget spent on DT (%)",
                        30,
                        "thresholds",
                        steps=[[0.5, 0.5], [1, 1]],
                    ),
                ),
                _i(
                    "3",
                    "Hạ tầng số",
                    "Digital infrastructure",
                    100,
                    _c(
                        "3.1",
                        "Tỷ lệ hộ gia đình có cáp quang (%)",
                        "Households with fibre (%)",
                        40,
                        "ratio",
                        reference=100,
                    ),
                    _c("3.2", "Tỷ lệ thôn có sóng 4G (%)", "Villages with 4G (%)", 40, "ratio", reference=100),
                    _c("3.3", "Trung tâm dữ liệu đạt chuẩn", "Standard data centre", 20, "yes_no"),
                ),
                _i(
                    "4",
                    "Nhân lực số",
                    "Digital workforce",
                    100,
                    _c(
                        "4.1",
                        "Tỷ lệ công chức được bồi dưỡng kỹ năng số (%)",
                        "Civil servants trained in digital skills (%)",
                        50,
                        "ratio",
                        reference=100,
                    ),
                    _c(
                        "4.2",
                        "Cán bộ chuyên trách công nghệ thông tin",
                        "Dedicated IT staff",
                        50,
                        "thresholds",
                        steps=[[1, 0.5], [3, 1]],
                    ),
                ),
                _i(
                    "5",
                    "An toàn thông tin mạng",
                    "Cyber-security",
                    100,
                    _c(
                        "5.1",
                        "Hệ thống được phê duyệt cấp độ (%)",
                        "Systems with approved security level (%)",
                        50,
                        "ratio",
                        reference=100,
                    ),
                    _c(
                        "5.2",
                        "Sự cố an toàn thông tin nghiêm trọng",
                        "Serious security incidents",
                        50,
                        "thresholds",
                        lower_is_better=True,
                        steps=[[2, 0.5], [0, 1]],
                    ),
                ),
            ],
        },
        {
            "code": "B",
            "name": ACTIVITY,
            "indices": [
                _i(
                    "6",
                    "Chính quyền số",
                    "Digital government",
                    200,
                    _c(
                        "6.1",
                        "Tỷ lệ hồ sơ trực tuyến toàn trình (%)",
                        "Dossiers fully online (%)",
                        60,
                        "ratio",
                        reference=100,
                    ),
                    _c(
                        "6.2",
                        "Tỷ lệ văn bản đi được ký số (%)",
                        "Outgoing documents digitally signed (%)",
                        50,
                        "ratio",
                        reference=100,
                    ),
                    _c(
                        "6.3",
                        "Tỷ lệ hồ sơ giải quyết đúng hạn (%)",
                        "Dossiers settled on time (%)",
                        50,
                        "ratio",
                        reference=100,
                    ),
                    _c(
                        "6.4", "Chia sẻ dữ liệu qua nền tảng LGSP", "Data shared through the LGSP", 40, "full_half_zero"
                    ),
                ),
                _i(
                    "7",
                    "Kinh tế số",
                    "Digital economy",
                    150,
                    _c(
                        "7.1",
                        "Tỷ trọng kinh tế số trong GRDP (%)",
                        "Digital economy in GRDP (%)",
                        60,
                        "ratio",
                        reference=20,
                    ),
                    _c(
                        "7.2",
                        "Tỷ lệ doanh nghiệp dùng hóa đơn điện tử (%)",
                        "Businesses using e-invoices (%)",
                        50,
                        "ratio",
                        reference=100,
                    ),
                    _c(
                        "7.3",
                        "Tỷ lệ tờ khai hải quan điện tử tại cửa khẩu (%)",
                        "Electronic customs declarations at border gates (%)",
                        40,
                        "ratio",
                        reference=100,
                    ),
                ),
                _i(
                    "8",
                    "Xã hội số",
                    "Digital society",
                    150,
                    _c(
                        "8.1",
                        "Tỷ lệ người trưởng thành có điện thoại thông minh (%)",
                        "Adults with a smartphone (%)",
                        50,
                        "ratio",
                        reference=100,
                    ),
                    _c(
                        "8.2",
                        "Tỷ lệ người dân có tài khoản thanh toán điện tử (%)",
                        "People with an e-payment account (%)",
                        50,
                        "ratio",
                        reference=100,
                    ),
                    _c(
                        "8.3",
                        "Tỷ lệ người dân có danh tính số (%)",
                        "People with a digital identity (%)",
                        50,
                        "ratio",
                        reference=100,
                    ),
                ),
            ],
        },
    ],
}

PROVINCE_2025 = {
    "code": "dti-province",
    "version": "2025",
    "name": {
        "vi": "DTI cấp tỉnh (bản sửa đổi 2025, 8 chỉ số chính)",
        "en": "Provincial DTI (2025 revision, 8 main indices)",
    },
    "applies_to": ["province"],
    "groups": [
        {
            "code": "A",
            "name": FOUNDATION,
            "indices": [
                _i(
                    "1",
                    "Nhận thức và thể chế số",
                    "Digital awareness and institutions",
                    100,
                    _c(
                        "1.1",
                        "Nghị quyết, kế hoạch chuyển đổi số được ban hành",
                        "DT resolution and plan issued",
                        50,
                        "yes_no",
                        evidence="document",
                    ),
                    _c(
                        "1.2",
                        "Tỷ lệ nhiệm vụ kế hoạch năm hoàn thành (%)",
                        "Yearly plan tasks completed (%)",
                        50,
                        "ratio",
                        reference=100,
                    ),
                ),
                _i(
                    "2",
                    "Hạ tầng và nền tảng số",
                    "Digital infrastructure and platforms",
                    150,
                    _c(
                        "2.1",
                        "Tỷ lệ hộ gia đình có cáp quang (%)",
                        "Households with fibre (%)",
                        50,
                        "ratio",
                        reference=100,
                    ),
                    _c("2.2", "Tỷ lệ thôn có sóng 4G/5G (%)", "Villages with 4G/5G (%)", 50, "ratio", reference=100),
                    _c(
                        "2.3",
                        "Nền tảng dùng chung cấp tỉnh",
                        "Province-wide shared platforms",
                        50,
                        "thresholds",
                        steps=[[3, 0.5], [6, 1]],
                    ),
                ),
                _i(
                    "3",
                    "Dữ liệu số",
                    "Digital data",
                    100,
                    _c(
                        "3.1",
                        "Cơ sở dữ liệu chuyên ngành được kết nối (%)",
                        "Sector databases connected (%)",
                        50,
                        "ratio",
                        reference=100,
                    ),
                    _c("3.2", "Dữ liệu mở được công bố", "Open data published", 50, "full_half_zero"),
                ),
                _i(
                    "4",
                    "Nhân lực số",
                    "Digital workforce",
                    100,
                    _c(
                        "4.1",
                        "Tỷ lệ công chức được bồi dưỡng kỹ năng số (%)",
                        "Civil servants trained in digital skills (%)",
                        60,
                        "ratio",
                        reference=100,
                    ),
                    _c(
                        "4.2",
                        "Tổ công nghệ số cộng đồng hoạt động (%)",
                        "Community digital teams active (%)",
                        40,
                        "ratio",
                        reference=100,
                    ),
                ),
            ],
        },
        {
            "code": "B",
            "name": ACTIVITY,
            "indices": [
                _i(
                    "5",
                    "An toàn thông tin mạng",
                    "Cyber-security",
                    100,
                    _c(
                        "5.1",
                        "Hệ thống được phê duyệt cấp độ (%)",
                        "Systems with approved security level (%)",
                        60,
                        "ratio",
                        reference=100,
                    ),
                    _c(
                        "5.2",
                        "Điểm diễn tập an toàn thông tin",
                        "Security exercise score",
                        40,
                        "entered",
                        evidence="document",
                    ),
                ),
                _i(
                    "6",
                    "Chính quyền số",
                    "Digital government",
                    200,
                    _c(
                        "6.1",
                        "Tỷ lệ hồ sơ trực tuyến toàn trình (%)",
                        "Dossiers fully online (%)",
                        70,
                        "ratio",
                        reference=100,
                    ),
                    _c(
                        "6.2",
                        "Tỷ lệ văn bản đi được ký số (%)",
                        "Outgoing documents digitally signed (%)",
                        60,
                        "ratio",
                        reference=100,
                    ),
                    _c(
                        "6.3",
                        "Tỷ lệ hồ sơ giải quyết đúng hạn (%)",
                        "Dossiers settled on time (%)",
                        70,
                        "ratio",
                        reference=100,
                    ),
                ),
                _i(
                    "7",
                    "Kinh tế số",
                    "Digital economy",
                    125,
                    _c(
                        "7.1",
                        "Tỷ trọng kinh tế số trong GRDP (%)",
                        "Digital economy in GRDP (%)",
                        50,
                        "ratio",
                        reference=20,
                    ),
                    _c(
                        "7.2",
                        "Tỷ lệ tờ khai hải quan điện tử tại cửa khẩu (%)",
                        "Electronic customs declarations at border gates (%)",
                        40,
                        "ratio",
                        reference=100,
                    ),
                    _c(
                        "7.3",
                        "Thời gian chờ thông quan của xe hàng (phút)",
                        "Truck clearance waiting time (minutes)",
                        35,
                        "thresholds",
                        lower_is_better=True,
                        steps=[[120, 0.5], [60, 1]],
                    ),
                ),
                _i(
                    "8",
                    "Xã hội số",
                    "Digital society",
                    125,
                    _c(
                        "8.1",
                        "Tỷ lệ người dân có danh tính số (%)",
                        "People with a digital identity (%)",
                        65,
                        "ratio",
                        reference=100,
                    ),
                    _c(
                        "8.2",
                        "Tỷ lệ người dân có tài khoản thanh toán điện tử (%)",
                        "People with an e-payment account (%)",
                        60,
                        "ratio",
                        reference=100,
                    ),
                ),
            ],
        },
    ],
}

FRAMEWORKS: dict[str, Framework] = {
    fw.key: fw for fw in (framework_from_dict(d) for d in (PROVINCE_2022, PROVINCE_2025, LOCAL_2025))
}
LOCAL = FRAMEWORKS["dti-local@2025"]


def get(key: str) -> Framework:
    return FRAMEWORKS[key]
