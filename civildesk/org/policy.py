"""Who may do what, where: the one place every module asks.

A user holds roles in units (:class:`~civildesk.org.models.RoleAssignment`).
Each role grants a set of actions, either on its own unit only or on its unit
and every unit below it. ``can(user, action, obj)`` answers for one object
(anything with a ``unit``), ``units_for(user, action)`` gives the units where
the user may act, for filtering lists. Views, the API, admin actions and
services all call these; no view decides permissions on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .models import Role, RoleAssignment, Unit

# Roles whose grants reach down the tree; others act on their own unit only.
SUBTREE_ROLES = frozenset({Role.LEADER, Role.UNIT_ADMIN, Role.DT_OFFICER, Role.INSPECTOR, Role.SYSTEM_ADMIN})

EVERYONE = frozenset(Role)

# action -> roles granting it. org and library declare theirs here; a feature
# app declares its own with ``register()`` from its AppConfig.ready().
ACTIONS: dict[str, frozenset[Role]] = {
    "org.view_unit": EVERYONE,
    "org.view_people": EVERYONE,
    "org.manage_people": frozenset({Role.UNIT_ADMIN, Role.SYSTEM_ADMIN}),
    "org.manage_units": frozenset({Role.UNIT_ADMIN, Role.SYSTEM_ADMIN}),
    "org.view_audit": frozenset({Role.UNIT_ADMIN, Role.SYSTEM_ADMIN}),
    "org.view_jobs": frozenset({Role.UNIT_ADMIN, Role.SYSTEM_ADMIN}),
    # library: internal documents are read by their unit and the units above
    # it (through the subtree roles); public documents by everyone.
    "library.read": EVERYONE,
    "library.upload": EVERYONE,
    "library.manage": frozenset({Role.LEADER, Role.UNIT_ADMIN, Role.SYSTEM_ADMIN}),
}


def register(actions: dict[str, frozenset[Role] | set[Role]]) -> None:
    """Declare a feature app's actions (called from its ``AppConfig.ready``)."""
    for action, roles in actions.items():
        if action in ACTIONS and ACTIONS[action] != frozenset(roles):
            raise ValueError(f"action {action!r} is already declared with other roles")
        ACTIONS[action] = frozenset(roles)


@dataclass(frozen=True)
class Grant:
    role: str
    unit_id: int
    unit_path: str


def grants(user: Any) -> list[Grant]:
    """The user's role grants, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_civildesk_grants", None)
    if cached is None:
        cached = [
            Grant(role=a.role, unit_id=a.unit_id, unit_path=a.unit.path)
            for a in RoleAssignment.objects.filter(user=user, unit__is_active=True).select_related("unit")
        ]
        user._civildesk_grants = cached
    return cached


def forget(user: Any) -> None:
    """Drop the cached grants (after a role change in the same request)."""
    if hasattr(user, "_civildesk_grants"):
        del user._civildesk_grants


def has_role(user: Any, *roles: str) -> bool:
    return bool(getattr(user, "is_superuser", False)) or any(g.role in roles for g in grants(user))


def _roles_for(action: str) -> frozenset[Role]:
    try:
        return ACTIONS[action]
    except KeyError:
        raise ValueError(f"Unknown action {action!r}; declare it in civildesk.org.policy.ACTIONS") from None


def unit_of(obj: Any) -> Unit | None:
    """The unit an object belongs to: a Unit itself, or the object's ``unit``."""
    if obj is None or isinstance(obj, Unit):
        return obj
    unit = getattr(obj, "unit", None)
    if unit is None and hasattr(obj, "get_policy_unit"):
        unit = obj.get_policy_unit()
    return unit


def _is_system_admin(user: Any, roles: frozenset[Role]) -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return Role.SYSTEM_ADMIN in roles and any(g.role == Role.SYSTEM_ADMIN for g in grants(user))


def can(user: Any, action: str, obj: Any = None) -> bool:
    """May ``user`` do ``action`` on ``obj`` (an object of some unit, or a unit)?

    With ``obj=None`` the question is "anywhere at all" (e.g. to show a menu).
    """
    roles = _roles_for(action)
    if _is_system_admin(user, roles):
        return True
    unit = unit_of(obj)
    for g in grants(user):
        if g.role not in roles:
            continue
        if unit is None:
            if obj is None:
                return True
            continue
        if g.unit_id == unit.pk or (g.role in SUBTREE_ROLES and unit.path.startswith(g.unit_path)):
            return True
    return False


def require(user: Any, action: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless :func:`can`."""
    if not can(user, action, obj):
        raise PermissionDenied(action)


def unit_filter(user: Any, action: str, field: str = "unit") -> Q | None:
    """A Q restricting ``field`` (a FK to Unit) to where the user may act.

    Returns None when the user may act everywhere; a Q matching nothing when
    nowhere.
    """
    roles = _roles_for(action)
    if _is_system_admin(user, roles):
        return None
    prefix = f"{field}__" if field else ""
    q = Q(pk__in=[])
    for g in grants(user):
        if g.role not in roles:
            continue
        if g.role in SUBTREE_ROLES:
            q |= Q(**{f"{prefix}path__startswith": g.unit_path})
        else:
            q |= Q(**{f"{prefix}pk" if field else "pk": g.unit_id})
    return q


def units_for(user: Any, action: str) -> Iterable[Unit]:
    """The units where ``user`` may do ``action`` (a queryset)."""
    q = unit_filter(user, action, field="")
    qs = Unit.objects.active()
    return qs if q is None else qs.filter(q)


def filter_queryset(qs: Any, user: Any, action: str, field: str = "unit") -> Any:
    """Restrict a queryset of unit-owned objects to those the user may ``action``."""
    q = unit_filter(user, action, field=field)
    return qs if q is None else qs.filter(q)
