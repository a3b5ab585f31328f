# Run by tests/cluster/conftest.py in `manage.py shell -c` against the cluster (not a test module):
# a small province, its people, one denunciation and one decree, through the services.
import json

from civildesk.inspection import services as inspection
from civildesk.inspection.models import CaseType, Channel
from civildesk.inspection.protect import Identity
from civildesk.library import services as library
from civildesk.org.models import Person, Position, Role, RoleAssignment, Unit, UnitKind, User

PASSWORD = "Correct-Horse-42"


def unit(code, name, kind, parent):
    u = Unit.objects.create(code=code, name=name, kind=kind, parent=parent)
    u.path = f"{parent.path if parent else '/'}{u.pk}/"
    u.depth = (parent.depth + 1) if parent else 0
    u.save(update_fields=["path", "depth"])
    return u


def person(username, where, *roles):
    user = User.objects.create_user(username=username, password=PASSWORD)
    p = Person.objects.create(user=user, full_name=username.replace(".", " ").title())
    Position.objects.create(person=p, unit=where, title="Chuyên viên")
    for role in roles:
        RoleAssignment.objects.create(user=user, unit=where, role=role)
    return user


province = unit("P", "Ủy ban nhân dân tỉnh Thử Nghiệm", UnitKind.PROVINCE, None)
dept = unit("A", "Sở Thông tin và Truyền thông", UnitKind.DEPARTMENT, province)
staff = person("staff.a", dept, Role.STAFF)
for name in ("reader.a", "locked.a", "uploader.a"):
    person(name, dept, Role.STAFF)
person("sysadmin", province, Role.SYSTEM_ADMIN)
case = inspection.case_register(
    actor=staff,
    unit=dept,
    case_type=CaseType.DENUNCIATION,
    channel=Channel.IN_PERSON,
    title="Tố cáo sai phạm",
    content="Tố cáo việc thu tiền sai quy định tại bộ phận một cửa.",
    identity=Identity(name="Lò Thị Bảo Mật", phone="0912000111", citizen_id="020190000111", address="Bản Ngà"),
).case
decree = """NGHỊ ĐỊNH
Quy định về lưu trữ hồ sơ nhân sự

Điều 1. Phạm vi điều chỉnh
Nghị định này quy định việc lưu trữ hồ sơ nhân sự của cán bộ, công chức.

Điều 2. Thời hạn lưu trữ
Hồ sơ nhân sự được lưu trữ vĩnh viễn tại cơ quan quản lý.
"""
upload = library.document_upload(actor=staff, data=decree.encode(), filename="nghi-dinh.txt", unit=dept)
print(json.dumps({"case": case.pk, "document": upload.document.pk, "job": str(upload.job_id)}))
