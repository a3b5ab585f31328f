"""The statutory time limits, as delivered. Administrators may correct them in the admin.

Verified against the law texts:
* Law on Complaints 2011 (02/2011/QH13), Art. 27 (acceptance within 10 days of
  receipt), Art. 28 (first instance: 30 days from acceptance, 45 if complex;
  remote and difficult areas 45, 60 if complex), Art. 36 and 37 (second
  instance: acceptance 10 days; 45 days, 60 if complex; remote 60, 70).
* Law on Denunciations 2018 (25/2018/QH14), Art. 24 and 29 (checking and
  deciding acceptance within 7 working days of receipt), Art. 30 (30 days from
  acceptance; complex: extendable once by up to 30 days; particularly complex:
  twice, each up to 30 days).
* Petitions and feedback: Law on Citizen Reception 2013 (42/2013/QH13),
  Art. 28 (decide within 10 days); no statutory settlement limit — 30 days is a
  service standard, to be set by the province.
The laws say "ngày" without qualification: counted here as calendar days,
rolled forward off weekends and holidays (Civil Code 2015, Art. 148(5)).
"""

from django.db import migrations

RULES = [
    dict(case_type="complaint", instance="first", name="Khiếu nại lần đầu / First-instance complaint",
         legal_basis="Luật Khiếu nại 2011 (02/2011/QH13), Điều 28", day_count="calendar",
         days=30, complex_days=45, remote_days=45, remote_complex_days=60,
         extension_days=0, max_extensions_complex=0, max_extensions_very_complex=0,
         intake_days=10, intake_day_count="calendar", intake_legal_basis="Luật Khiếu nại 2011, Điều 27"),
    dict(case_type="complaint", instance="second", name="Khiếu nại lần hai / Second-instance complaint",
         legal_basis="Luật Khiếu nại 2011 (02/2011/QH13), Điều 37", day_count="calendar",
         days=45, complex_days=60, remote_days=60, remote_complex_days=70,
         extension_days=0, max_extensions_complex=0, max_extensions_very_complex=0,
         intake_days=10, intake_day_count="calendar", intake_legal_basis="Luật Khiếu nại 2011, Điều 36"),
    dict(case_type="denunciation", instance="none", name="Tố cáo / Denunciation",
         legal_basis="Luật Tố cáo 2018 (25/2018/QH14), Điều 30", day_count="calendar",
         days=30, complex_days=30, remote_days=30, remote_complex_days=30,
         extension_days=30, max_extensions_complex=1, max_extensions_very_complex=2,
         intake_days=7, intake_day_count="working", intake_legal_basis="Luật Tố cáo 2018, Điều 24 và Điều 29"),
    dict(case_type="petition", instance="none", name="Kiến nghị, phản ánh / Petition or feedback",
         legal_basis="Luật Tiếp công dân 2013, Điều 28 (tiếp nhận); thời hạn xử lý: chuẩn phục vụ của tỉnh",
         day_count="calendar", days=30, complex_days=45, remote_days=30, remote_complex_days=45,
         extension_days=0, max_extensions_complex=0, max_extensions_very_complex=0,
         intake_days=10, intake_day_count="calendar", intake_legal_basis="Luật Tiếp công dân 2013, Điều 28"),
]


def add_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("inspection", "DeadlineRule")
    for rule in RULES:
        DeadlineRule.objects.update_or_create(
            case_type=rule["case_type"], instance=rule["instance"], defaults=rule
        )


class Migration(migrations.Migration):
    dependencies = [("inspection", "0001_initial")]
    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
