"""``{% procedures_due %}`` (the leader's home-page card), ``{% procedures_can %}`` and ``dict|get:key``."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("procedures/_home_panel_card.html", takes_context=True)
def procedures_due(context: Any) -> dict[str, Any]:
    from civildesk.org import policy

    from ..services import stats

    user = context["request"].user
    if not policy.can(user, "procedures.dashboard"):
        return {"show": False}
    return {"show": True, "rows": stats.due_panel(user)}


@register.filter
def get(mapping: Any, key: str) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag(takes_context=True)
def procedures_can(context: Any, action: str) -> bool:
    """Whether the signed-in user may do ``action`` (hides links that would answer 403)."""
    from civildesk.org import policy

    return policy.can(context["request"].user, action)
