from __future__ import annotations

from django.core.management import call_command

from civildesk.org.models import AuditEntry, Person, Position, Role, RoleAssignment, Unit, User


def snapshot():
    return {
        "units": sorted(Unit.objects.values_list("code", "name", "kind", "path", "parent__code")),
        "users": sorted(User.objects.values_list("username", "password", "is_superuser")),
        "people": sorted(Person.objects.values_list("full_name", "user__username")),
        "positions": sorted(Position.objects.values_list("person__full_name", "unit__code", "title")),
        "roles": sorted(RoleAssignment.objects.values_list("user__username", "unit__code", "role")),
        "audit": AuditEntry.objects.count(),
    }


def test_demo_twice_gives_the_same_data(db):
    call_command("load_demo", quiet=True)
    first = snapshot()
    call_command("load_demo", quiet=True)
    assert snapshot() == first


def test_demo_has_the_programme_units_and_every_role(db):
    call_command("load_demo", quiet=True)
    names = set(Unit.objects.values_list("name", flat=True))
    for expected in [
        "Ủy ban nhân dân tỉnh Lạng Sơn",
        "Sở Thông tin và Truyền thông",
        "Sở Xây dựng",
        "Sở Y tế",
        "Sở Kế hoạch và Đầu tư",
        "Thanh tra tỉnh",
        "Ủy ban nhân dân huyện Chi Lăng",
        "Ủy ban nhân dân huyện Cao Lộc",
        "Ủy ban nhân dân thành phố Lạng Sơn",
    ]:
        assert expected in names
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role.values)
    commune = Unit.objects.get(code="LS-CL-QL")
    assert commune.is_within(Unit.objects.get(code="LS-CL"))
    call_command("audit_verify")


def test_demo_passwords_work(client, db):
    from civildesk.org.demo import DEMO_PASSWORD

    call_command("load_demo", quiet=True)
    response = client.post("/login/", {"username": "stttt.chuyenvien", "password": DEMO_PASSWORD})
    assert response.status_code == 302
