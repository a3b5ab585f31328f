"""Demo documents for the library, written for CivilDesk (fictional numbers and people).

Loaded through the same pipeline as an upload (extraction, structure,
metadata, index). Idempotent: matched by a source key.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from civildesk.org.models import Unit

from .models import Document, DocumentVersion, Scope, Status

DECISION = """ỦY BAN NHÂN DÂN
TỈNH LẠNG SƠN
Số: 05/2026/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lạng Sơn, ngày 05 tháng 01 năm 2026

QUYẾT ĐỊNH
Ban hành Quy chế tiếp nhận và giải quyết hồ sơ thủ tục hành chính trực tuyến trên địa bàn tỉnh Lạng Sơn

ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN

Căn cứ Luật Tổ chức chính quyền địa phương;
Theo đề nghị của Giám đốc Sở Thông tin và Truyền thông.

QUYẾT ĐỊNH:

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Quy chế này quy định việc tiếp nhận, giải quyết và trả kết quả hồ sơ thủ tục hành chính nộp trực tuyến qua Cổng dịch vụ công của tỉnh.

Điều 2. Đối tượng áp dụng
1. Các sở, ban, ngành thuộc Ủy ban nhân dân tỉnh.
2. Ủy ban nhân dân các huyện, thành phố và các xã, phường, thị trấn.
3. Tổ chức, cá nhân nộp hồ sơ trực tuyến.

Chương II
TIẾP NHẬN VÀ GIẢI QUYẾT HỒ SƠ

Điều 3. Tiếp nhận hồ sơ
1. Công chức Bộ phận một cửa kiểm tra hồ sơ trong thời hạn 01 ngày làm việc kể từ khi nhận được hồ sơ.
2. Trường hợp hồ sơ chưa đầy đủ, công chức hướng dẫn tổ chức, cá nhân bổ sung một lần bằng văn bản điện tử, nêu rõ lý do.
3. Hồ sơ hợp lệ được cấp mã số để tổ chức, cá nhân tra cứu tình trạng giải quyết.

Điều 4. Thời hạn giải quyết
1. Thời hạn giải quyết tính theo ngày làm việc, không kể ngày nghỉ, ngày lễ.
2. Hồ sơ quá hạn phải có văn bản xin lỗi tổ chức, cá nhân và hẹn lại ngày trả kết quả.

Điều 5. Trả kết quả
Kết quả giải quyết được trả bằng bản điện tử có chữ ký số; tổ chức, cá nhân có thể nhận thêm bản giấy tại Bộ phận một cửa nếu có yêu cầu.

Chương III
TỔ CHỨC THỰC HIỆN

Điều 6. Hiệu lực thi hành
Quyết định này có hiệu lực kể từ ngày 15 tháng 01 năm 2026.

Nơi nhận:
- Như Điều 2;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Hoàng Văn Thành
"""

LETTER = """SỞ THÔNG TIN VÀ TRUYỀN THÔNG
Số: 112/STTTT-CĐS
V/v triển khai thí điểm trợ lý ảo cho cán bộ, công chức
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lạng Sơn, ngày 20 tháng 02 năm 2026

Kính gửi: Các phòng chuyên môn thuộc Sở.

Thực hiện kế hoạch chuyển đổi số năm 2026, Sở Thông tin và Truyền thông đề nghị các phòng chuyên môn:
1. Cử mỗi phòng 02 công chức tham gia sử dụng thử trợ lý ảo từ ngày 01 tháng 3 năm 2026.
2. Ghi nhận các câu hỏi trợ lý ảo trả lời chưa đúng và đánh giá trên hệ thống.
3. Báo cáo kết quả về Phòng Chuyển đổi số trước ngày 31 tháng 3 năm 2026.
Đây là văn bản nội bộ, không công bố ra ngoài cơ quan.

Nơi nhận:
- Như trên;
- Lưu: VT, CĐS.
GIÁM ĐỐC
Vi Văn Hùng
"""

# key, unit code, scope, file name, text
DOCUMENTS = [
    ("demo:qd-05-2026", "LS", Scope.PUBLIC, "QD-05-2026-UBND.txt", DECISION),
    ("demo:cv-112-stttt", "LS-STTTT", Scope.UNIT, "CV-112-STTTT.txt", LETTER),
]


@transaction.atomic
def load(stdout: Any = None) -> dict[str, int]:
    from .services import version_process

    created = 0
    for key, unit_code, scope, filename, text in DOCUMENTS:
        if Document.objects.filter(source_key=key).exists():
            continue
        data = text.encode("utf-8")
        document = Document.objects.create(
            title=filename.rsplit(".", 1)[0],
            source_key=key,
            scope=scope,
            unit=Unit.objects.get(code=unit_code),
            status=Status.PROCESSING,
        )
        version = DocumentVersion(
            document=document,
            number=1,
            filename=filename,
            file_type="text",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        version.file.save(f"{version.sha256}.txt", ContentFile(data), save=False)
        version.save()
        version_process(version_id=version.pk)
        created += 1
    return {"documents": created}
