"""The framework for ranking the province's own departments and communes (``dti-local@2025``), and the
helpers the frameworks are written with. Plain data, no Django."""

from __future__ import annotations

from typing import Any


def _c(code: str, vi: str, en: str, pts: float, rule: str, **kw: Any) -> dict[str, Any]:
    return {"code": code, "name": {"vi": vi, "en": en}, "max": pts, "rule": rule, **kw}


def _i(code: str, vi: str, en: str, pts: float, *components: dict[str, Any]) -> dict[str, Any]:
    return {"code": code, "name": {"vi": vi, "en": en}, "max": pts, "components": list(components)}


FOUNDATION = {"vi": "Nền tảng chuyển đổi số", "en": "Digital-transformation foundations"}
ACTIVITY = {"vi": "Hoạt động chuyển đổi số", "en": "Digital-transformation activities"}
DEPARTMENTS = ("department", "provincial_body")
COMMUNES = ("commune", "ward", "township")

LOCAL_2025 = {
    "code": "dti-local",
    "version": "2025",
    "name": {"vi": "Xếp hạng chuyển đổi số sở, ngành và xã, phường", "en": "DT ranking of departments and communes"},
    "applies_to": list(DEPARTMENTS + COMMUNES),
    "groups": [
        {
            "code": "A",
            "name": FOUNDATION,
            "indices": [
                _i(
                    "1",
                    "Nhận thức và thể chế số",
                    "Digital awareness and institutions",
                    150,
                    _c(
                        "1.1",
                        "Kế hoạch chuyển đổi số năm của đơn vị",
                        "The unit's yearly DT plan",
                        75,
                        "yes_no",
                        evidence="document",
                    ),
                    _c(
                        "1.2", "Báo cáo chỉ tiêu đúng hạn (%)", "Target reports on time (%)", 75, "ratio", reference=100
                    ),
                ),
                _i(
                    "2",
                    "Hạ tầng và nhân lực số",
                    "Digital infrastructure and workforce",
                    200,
                    _c(
                        "2.1",
                        "Tỷ lệ cán bộ có chữ ký số cá nhân (%)",
                        "Staff with a personal signing certificate (%)",
                        100,
                        "ratio",
                        reference=100,
                    ),
                    _c(
                        "2.2",
                        "Tỷ lệ cán bộ được bồi dưỡng kỹ năng số (%)",
                        "Staff trained in digital skills (%)",
                        100,
                        "ratio",
                        reference=100,
                    ),
                ),
                _i(
                    "3",
                    "An toàn thông tin mạng",
                    "Cyber-security",
                    150,
                    _c(
                        "3.1",
                        "Máy trạm có phần mềm phòng chống mã độc (%)",
                        "Workstations with anti-malware (%)",
                        75,
                        "ratio",
                        reference=100,
                    ),
                    _c(
                        "3.2",
                        "Sự cố an toàn thông tin",
                        "Security incidents",
                        75,
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
                    "4",
                    "Chính quyền số",
                    "Digital government",
                    400,
                    _c(
                        "4.1",
                        "Tỷ lệ văn bản đi được ký số (%)",
                        "Outgoing documents digitally signed (%)",
                        100,
                        "ratio",
                        reference=100,
                        measure="signing.signed_share",
                    ),
                    _c(
                        "4.2",
                        "Tỷ lệ câu hỏi trợ lý ảo trả lời được (%)",
                        "Assistant questions answered (%)",
                        75,
                        "ratio",
                        reference=100,
                        measure="assistant.answered_rate",
                    ),
                    _c(
                        "4.3",
                        "Tỷ lệ khiếu nại giải quyết đúng hạn (%)",
                        "Complaints settled on time (%)",
                        75,
                        "ratio",
                        reference=100,
                        measure="inspection.complaints_on_time",
                    ),
                    _c(
                        "4.4",
                        "Tỷ lệ hồ sơ trực tuyến toàn trình (%)",
                        "Dossiers fully online (%)",
                        150,
                        "ratio",
                        reference=100,
                    ),
                ),
                _i(
                    "5",
                    "Xã hội số",
                    "Digital society",
                    100,
                    _c("5.1", "Điểm đánh giá của người dân", "Citizens' satisfaction score", 100, "entered"),
                ),
            ],
        },
    ],
}
