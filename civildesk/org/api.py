"""JSON API of the org app: the current user and the units they may see."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from . import policy
from .models import Role

router = Router(tags=["org"])


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    depth: int
    children: list[UnitOut] = []


class RoleOut(Schema):
    role: str
    unit_id: int
    unit_name: str


class MeOut(Schema):
    username: str
    full_name: str
    language: str
    roles: list[RoleOut]


@router.get("/me", response=MeOut, summary="The current user, with their roles")
def me(request: HttpRequest) -> dict:
    user = request.auth if not isinstance(request.auth, bool) else request.user
    return {
        "username": user.get_username(),
        "full_name": user.display_name,
        "language": getattr(request, "LANGUAGE_CODE", ""),
        "roles": [
            {"role": a.role, "unit_id": a.unit_id, "unit_name": a.unit.name}
            for a in user.role_assignments.select_related("unit")
        ],
    }


@router.get("/units", response=list[UnitOut], summary="Units this user may see, as a tree")
def units(request: HttpRequest, flat: bool = False) -> list[dict]:
    """The units visible to the caller. ``flat=true`` gives a list instead of a tree."""
    user = request.auth if not isinstance(request.auth, bool) else request.user
    rows = list(policy.units_for(user, "org.view_unit"))
    nodes = {
        u.pk: {
            "id": u.pk,
            "code": u.code,
            "name": u.name,
            "kind": u.kind,
            "parent_id": u.parent_id,
            "depth": u.depth,
            "children": [],
        }
        for u in rows
    }
    if flat:
        return list(nodes.values())
    roots = []
    for node in nodes.values():
        parent = nodes.get(node["parent_id"])
        (parent["children"] if parent else roots).append(node)
    return roots


__all__ = ["router", "Role"]
