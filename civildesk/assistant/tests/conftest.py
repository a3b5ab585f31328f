from __future__ import annotations

import json

import pytest
from django.core.management import call_command

LAWS = [
    {
        "id": "Luật Viên chức thử nghiệm",
        "articles": [
            {"id": "1", "text": "Phạm vi điều chỉnh\n\nLuật này quy định về viên chức; quyền, nghĩa vụ của viên chức."},
            {
                "id": "14",
                "text": "Quyền của viên chức về hoạt động kinh doanh\n\n"
                "1. Được góp vốn nhưng không tham gia quản lý, điều hành công ty trách nhiệm hữu hạn, công ty cổ phần.\n"
                "2. Được tham gia quản lý, điều hành hợp tác xã, bệnh viện tư, trường học tư, trừ trường hợp pháp luật chuyên ngành có quy định khác.",
            },
            {
                "id": "28",
                "text": "Ký kết hợp đồng làm việc\n\n"
                "1. Hợp đồng làm việc được ký kết bằng văn bản giữa người đứng đầu đơn vị sự nghiệp công lập và người được tuyển dụng.\n"
                "2. Thời gian thử việc từ 03 tháng đến 12 tháng.",
            },
        ],
    },
    {
        "id": "Luật Cán bộ, công chức thử nghiệm",
        "articles": [
            {
                "id": "20",
                "text": "Những việc cán bộ, công chức không được làm\n\n"
                "1. Cán bộ, công chức không được thành lập, tham gia thành lập hoặc tham gia quản lý, điều hành doanh nghiệp tư nhân, công ty.\n"
                "2. Không được tiết lộ thông tin liên quan đến bí mật nhà nước.",
            },
            {
                "id": "35",
                "text": "Nghỉ hưu\n\nCán bộ, công chức được nghỉ hưu theo quy định của pháp luật về lao động.",
            },
        ],
    },
]


@pytest.fixture(autouse=True)
def _isolated(isolated_data):
    yield


@pytest.fixture
def laws(db, tmp_path):
    path = tmp_path / "laws.json"
    path.write_text(json.dumps(LAWS, ensure_ascii=False), encoding="utf-8")
    call_command("import_legal_corpus", str(path))
    return path
