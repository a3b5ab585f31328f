"""The permission matrix: each role x action x own unit / child unit / other unit."""

from __future__ import annotations

import pytest

from civildesk.org import policy
from civildesk.org.models import Role, Unit
from conftest import make_user

# For each action, how far each role reaches: None (refused), "own" (its unit
# only), "subtree" (its unit and below), "all" (every unit).
EXPECTED: dict[str, dict[str, str | None]] = {
    "org.view_unit": {
        Role.STAFF: "own",
        Role.CLERK: "own",
        Role.LEADER: "subtree",
        Role.INSPECTOR: "subtree",
        Role.DT_OFFICER: "subtree",
        Role.UNIT_ADMIN: "subtree",
        Role.SYSTEM_ADMIN: "all",
    },
    "org.manage_people": {
        Role.STAFF: None,
        Role.CLERK: None,
        Role.LEADER: None,
        Role.INSPECTOR: None,
        Role.DT_OFFICER: None,
        Role.UNIT_ADMIN: "subtree",
        Role.SYSTEM_ADMIN: "all",
    },
    "org.view_audit": {
        Role.STAFF: None,
        Role.CLERK: None,
        Role.LEADER: None,
        Role.INSPECTOR: None,
        Role.DT_OFFICER: None,
        Role.UNIT_ADMIN: "subtree",
        Role.SYSTEM_ADMIN: "all",
    },
}

REACH = {
    None: {"own": False, "child": False, "other": False},
    "own": {"own": True, "child": False, "other": False},
    "subtree": {"own": True, "child": True, "other": False},
    "all": {"own": True, "child": True, "other": True},
}

CASES = [
    (action, role, where)
    for action, by_role in EXPECTED.items()
    for role in by_role
    for where in ("own", "child", "other")
]


@pytest.mark.parametrize(("action", "role", "where"), CASES)
def test_permission_matrix(units, action, role, where):
    user = make_user(f"u-{role}", units["a"], role)
    target = {"own": units["a"], "child": units["a1"], "other": units["b"]}[where]
    expected = REACH[EXPECTED[action][role]][where]

    assert policy.can(user, action, target) is expected
    assert (target in list(policy.units_for(user, action))) is expected


def test_object_of_a_unit_is_judged_by_its_unit(units, leader_a):
    class Thing:
        def __init__(self, unit: Unit) -> None:
            self.unit = unit

    assert policy.can(leader_a, "org.view_unit", Thing(units["a1"]))
    assert not policy.can(leader_a, "org.view_unit", Thing(units["b"]))


def test_inactive_user_may_do_nothing(units, sysadmin):
    sysadmin.is_active = False
    assert not policy.can(sysadmin, "org.view_unit", units["a"])


def test_anonymous_may_do_nothing(units):
    from django.contrib.auth.models import AnonymousUser

    assert not policy.can(AnonymousUser(), "org.view_unit", units["province"])
    assert list(policy.units_for(AnonymousUser(), "org.view_unit")) == []


def test_unknown_action_is_a_programming_error(units, staff_a):
    with pytest.raises(ValueError, match="Unknown action"):
        policy.can(staff_a, "org.fly_to_the_moon", units["a"])


def test_filter_queryset_restricts_to_allowed_units(units, leader_a):
    from civildesk.org.models import Position

    make_user("x.b", units["b"], Role.STAFF)
    make_user("x.a1", units["a1"], Role.STAFF)
    visible = policy.filter_queryset(Position.objects.all(), leader_a, "org.view_people")
    assert {p.unit.code for p in visible} == {"A", "A1"}
