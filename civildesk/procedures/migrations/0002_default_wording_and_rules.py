"""The forms' default wording (Circular 03/2025/TT-VPCP, Appendix I) and the Decision 766 score rules, as data."""

from django.db import migrations

RULES = [
    # indicator, name, max points, threshold (%): defaults; a province edits them when the guidance changes.
    ("on_time", "Tiến độ giải quyết: tỷ lệ hồ sơ giải quyết đúng hạn", 20, 100),
    ("online", "Dịch vụ công trực tuyến: tỷ lệ hồ sơ nộp trực tuyến", 12, 80),
    ("online_payment", "Thanh toán trực tuyến: tỷ lệ hồ sơ có phí được thanh toán trực tuyến", 10, 50),
    ("satisfaction", "Mức độ hài lòng trong tiếp nhận, giải quyết thủ tục hành chính", 18, 100),
    ("digitisation", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", 22, 100),
]


def seed(apps, schema_editor):
    from civildesk.procedures.services.documents import DEFAULT_FORMS

    FormText = apps.get_model("procedures", "FormText")
    ScoreRule = apps.get_model("procedures", "ScoreRule")
    for number, (title, body) in DEFAULT_FORMS.items():
        FormText.objects.get_or_create(number=number, defaults={"title": title, "body": body})
    for indicator, name, max_points, threshold in RULES:
        ScoreRule.objects.get_or_create(
            indicator=indicator, defaults={"name": name, "max_points": max_points, "threshold": threshold}
        )


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
