"""Demo province for the org app: units of the Lạng Sơn programme and fictional people.

Idempotent: units are matched by code and accounts by username; running it
again changes nothing. All names are fictional.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from .models import Person, Position, Role, RoleAssignment, Unit, UnitKind, User

DEMO_PASSWORD = "CivilDesk@2026"

# code, name, short name, kind, parent code
UNITS: list[tuple[str, str, str, str, str | None]] = [
    ("LS", "Ủy ban nhân dân tỉnh Lạng Sơn", "UBND tỉnh", UnitKind.PROVINCE, None),
    ("LS-VP", "Văn phòng Ủy ban nhân dân tỉnh", "VP UBND tỉnh", UnitKind.PROVINCIAL_BODY, "LS"),
    ("LS-STTTT", "Sở Thông tin và Truyền thông", "Sở TT&TT", UnitKind.DEPARTMENT, "LS"),
    ("LS-SXD", "Sở Xây dựng", "Sở XD", UnitKind.DEPARTMENT, "LS"),
    ("LS-SYT", "Sở Y tế", "Sở YT", UnitKind.DEPARTMENT, "LS"),
    ("LS-SKHDT", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", UnitKind.DEPARTMENT, "LS"),
    ("LS-TT", "Thanh tra tỉnh", "Thanh tra tỉnh", UnitKind.PROVINCIAL_BODY, "LS"),
    ("LS-CL", "Ủy ban nhân dân huyện Chi Lăng", "UBND huyện Chi Lăng", UnitKind.DISTRICT, "LS"),
    ("LS-CL-DM", "Ủy ban nhân dân thị trấn Đồng Mỏ", "TT Đồng Mỏ", UnitKind.TOWNSHIP, "LS-CL"),
    ("LS-CL-QL", "Ủy ban nhân dân xã Quang Lang", "Xã Quang Lang", UnitKind.COMMUNE, "LS-CL"),
    ("LS-CLO", "Ủy ban nhân dân huyện Cao Lộc", "UBND huyện Cao Lộc", UnitKind.DISTRICT, "LS"),
    ("LS-CLO-TT", "Ủy ban nhân dân thị trấn Cao Lộc", "TT Cao Lộc", UnitKind.TOWNSHIP, "LS-CLO"),
    ("LS-CLO-GC", "Ủy ban nhân dân xã Gia Cát", "Xã Gia Cát", UnitKind.COMMUNE, "LS-CLO"),
    ("LS-TP", "Ủy ban nhân dân thành phố Lạng Sơn", "UBND TP Lạng Sơn", UnitKind.CITY, "LS"),
    ("LS-TP-CL", "Ủy ban nhân dân phường Chi Lăng", "Phường Chi Lăng", UnitKind.WARD, "LS-TP"),
    ("LS-TP-VT", "Ủy ban nhân dân phường Vĩnh Trại", "Phường Vĩnh Trại", UnitKind.WARD, "LS-TP"),
]

# One demo login per role: the persona a walk or a test signs in as to see what that role sees.
PERSONA_BY_ROLE: dict[str, str] = {
    Role.STAFF: "stttt.chuyenvien",
    Role.LEADER: "ubnd.chutich",
    Role.CLERK: "chilang.motcua",
    Role.INSPECTOR: "thanhtra.thanhtravien",
    Role.DT_OFFICER: "stttt.cds",
    Role.UNIT_ADMIN: "stttt.quantri",
    Role.SYSTEM_ADMIN: "admin",
}

# username, full name, title, unit code, roles
PEOPLE: list[tuple[str, str, str, str, list[str]]] = [
    ("admin", "Nguyễn Quản Trị", "Chuyên viên quản trị hệ thống", "LS-STTTT", [Role.SYSTEM_ADMIN]),
    ("ubnd.chutich", "Hoàng Văn Thành", "Chủ tịch", "LS", [Role.LEADER]),
    ("vp.vanthu", "Lương Thị Hoa", "Văn thư", "LS-VP", [Role.STAFF]),
    ("stttt.giamdoc", "Vi Văn Hùng", "Giám đốc", "LS-STTTT", [Role.LEADER]),
    ("stttt.chuyenvien", "Nông Thị Lan", "Chuyên viên", "LS-STTTT", [Role.STAFF]),
    ("stttt.quantri", "Đinh Văn Minh", "Chuyên viên công nghệ thông tin", "LS-STTTT", [Role.UNIT_ADMIN]),
    ("stttt.cds", "Hà Thị Mai", "Chuyên viên chuyển đổi số", "LS-STTTT", [Role.DT_OFFICER]),
    ("sxd.giamdoc", "Lộc Văn Bình", "Giám đốc", "LS-SXD", [Role.LEADER]),
    ("sxd.chuyenvien", "Hoàng Thị Thu", "Chuyên viên", "LS-SXD", [Role.STAFF]),
    ("syt.chuyenvien", "Triệu Văn Nam", "Chuyên viên", "LS-SYT", [Role.STAFF]),
    ("skhdt.chuyenvien", "Mã Thị Hằng", "Chuyên viên", "LS-SKHDT", [Role.STAFF]),
    ("thanhtra.chanh", "Lăng Văn Cường", "Chánh Thanh tra", "LS-TT", [Role.LEADER, Role.INSPECTOR]),
    ("thanhtra.thanhtravien", "Nông Văn Đức", "Thanh tra viên", "LS-TT", [Role.INSPECTOR]),
    ("thanhtra.tiepdan", "Vy Thị Ngọc", "Cán bộ tiếp công dân", "LS-TT", [Role.STAFF]),
    ("chilang.chutich", "Hoàng Văn Khánh", "Chủ tịch", "LS-CL", [Role.LEADER]),
    ("chilang.motcua", "Lương Văn Tú", "Công chức Bộ phận một cửa", "LS-CL", [Role.CLERK]),
    ("chilang.chuyenvien", "Chu Thị Yến", "Chuyên viên", "LS-CL", [Role.STAFF]),
    ("caoloc.motcua", "Hứa Thị Phương", "Công chức Bộ phận một cửa", "LS-CLO", [Role.CLERK]),
    ("caoloc.chuyenvien", "La Văn Sơn", "Chuyên viên", "LS-CLO", [Role.STAFF]),
    ("tpls.motcua", "Trần Thị Vân", "Công chức Bộ phận một cửa", "LS-TP", [Role.CLERK]),
    ("dongmo.congchuc", "Hoàng Văn Lợi", "Công chức Văn phòng - Thống kê", "LS-CL-DM", [Role.STAFF]),
]


@transaction.atomic
def load(stdout: Any = None) -> dict[str, int]:
    """Create or update the demo units and people. Returns what was created."""
    created = {"units": 0, "people": 0, "roles": 0}
    by_code: dict[str, Unit] = {}
    for code, name, short, kind, parent_code in UNITS:
        parent = by_code[parent_code] if parent_code else None
        unit, was_created = Unit.objects.get_or_create(
            code=code, defaults={"name": name, "short_name": short, "kind": kind, "parent": parent}
        )
        path = f"{parent.path if parent else '/'}{unit.pk}/"
        depth = (parent.depth + 1) if parent else 0
        if (unit.name, unit.short_name, unit.kind, unit.parent_id, unit.path, unit.depth) != (
            name,
            short,
            kind,
            parent.pk if parent else None,
            path,
            depth,
        ):
            unit.name, unit.short_name, unit.kind, unit.parent, unit.path, unit.depth = (
                name,
                short,
                kind,
                parent,
                path,
                depth,
            )
            unit.save()
        by_code[code] = unit
        created["units"] += was_created
    for username, full_name, title, unit_code, roles in PEOPLE:
        unit = by_code[unit_code]
        user, was_created = User.objects.get_or_create(username=username)
        if was_created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = user.is_superuser = username == "admin"
            user.save()
            created["people"] += 1
        person, _ = Person.objects.get_or_create(user=user, defaults={"full_name": full_name})
        Position.objects.get_or_create(
            person=person, unit=unit, title=title, defaults={"start_date": date(2024, 1, 1), "is_primary": True}
        )
        for role in roles:
            _, role_created = RoleAssignment.objects.get_or_create(user=user, unit=unit, role=role)
            created["roles"] += role_created
    return created
