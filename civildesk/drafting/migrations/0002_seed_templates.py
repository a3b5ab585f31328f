"""Seed the seven document types' templates (administrators may edit them afterwards)."""

from django.db import migrations

TEMPLATES = [
    {
        "doc_type": "QD",
        "name": "Quyết định",
        "guidance": "Quyết định (cá biệt): nêu thẩm quyền ban hành, các căn cứ, rồi các điều. Mỗi điều một dòng, bắt đầu bằng “Điều 1.”.",
        "subject": "Về việc ...",
        "body": "Điều 1. ...\nĐiều 2. ...\nĐiều 3. Quyết định này có hiệu lực kể từ ngày ký. ... chịu trách nhiệm thi hành Quyết định này.",
        "legal_bases": "Căn cứ Luật Tổ chức chính quyền địa phương;\nTheo đề nghị của ...",
        "addressees": "",
        "recipients": "Như Điều 3;\nLưu: VT.",
        "authority": "TM",
    },
    {
        "doc_type": "CV",
        "name": "Công văn",
        "guidance": "Công văn: trích yếu bắt đầu bằng “V/v”; ký hiệu gồm chữ viết tắt tên cơ quan và đơn vị soạn thảo.",
        "subject": "V/v ...",
        "body": "Thực hiện ..., [cơ quan] đề nghị ... như sau:\n1. ...\n2. ...\nĐề nghị các cơ quan, đơn vị quan tâm phối hợp thực hiện./.",
        "legal_bases": "",
        "addressees": "...",
        "recipients": "Như trên;\nLưu: VT.",
        "authority": "",
    },
    {
        "doc_type": "TTR",
        "name": "Tờ trình",
        "guidance": "Tờ trình: nêu sự cần thiết, nội dung chính và đề nghị cấp trên xem xét, quyết định.",
        "subject": "Về việc ...",
        "body": "I. SỰ CẦN THIẾT\n...\nII. NỘI DUNG CHÍNH\n...\n[Cơ quan] kính trình ... xem xét, quyết định./.",
        "legal_bases": "",
        "addressees": "...",
        "recipients": "Như trên;\nLưu: VT.",
        "authority": "",
    },
    {
        "doc_type": "BC",
        "name": "Báo cáo",
        "guidance": "Báo cáo: kết quả thực hiện, khó khăn, vướng mắc và đề xuất.",
        "subject": "Kết quả ...",
        "body": "I. KẾT QUẢ THỰC HIỆN\n...\nII. KHÓ KHĂN, VƯỚNG MẮC\n...\nIII. ĐỀ XUẤT, KIẾN NGHỊ\n.../.",
        "legal_bases": "",
        "addressees": "",
        "recipients": "...;\nLưu: VT.",
        "authority": "",
    },
    {
        "doc_type": "GM",
        "name": "Giấy mời",
        "guidance": "Giấy mời: thành phần, thời gian, địa điểm, nội dung cuộc họp.",
        "subject": "Dự ...",
        "body": "[Cơ quan] trân trọng kính mời ... dự ...\nThời gian: ... giờ ... phút, ngày ... tháng ... năm ...\nĐịa điểm: ...\nNội dung: .../.",
        "legal_bases": "",
        "addressees": "",
        "recipients": "Như thành phần mời;\nLưu: VT.",
        "authority": "",
    },
    {
        "doc_type": "KH",
        "name": "Kế hoạch",
        "guidance": "Kế hoạch: mục đích, yêu cầu; nhiệm vụ, giải pháp; tổ chức thực hiện.",
        "subject": "Triển khai ...",
        "body": "I. MỤC ĐÍCH, YÊU CẦU\n...\nII. NHIỆM VỤ, GIẢI PHÁP\n...\nIII. TỔ CHỨC THỰC HIỆN\n.../.",
        "legal_bases": "",
        "addressees": "",
        "recipients": "...;\nLưu: VT.",
        "authority": "",
    },
    {
        "doc_type": "TB",
        "name": "Thông báo",
        "guidance": "Thông báo: nội dung cần thông báo, thời gian, địa điểm (nếu có).",
        "subject": "...",
        "body": "[Cơ quan] thông báo ... như sau:\n1. ...\n2. .../.",
        "legal_bases": "",
        "addressees": "",
        "recipients": "...;\nLưu: VT.",
        "authority": "",
    },
]


def seed(apps, schema_editor):
    DocumentTemplate = apps.get_model("drafting", "DocumentTemplate")
    for values in TEMPLATES:
        DocumentTemplate.objects.get_or_create(doc_type=values["doc_type"], defaults=values)


class Migration(migrations.Migration):
    dependencies = [("drafting", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
