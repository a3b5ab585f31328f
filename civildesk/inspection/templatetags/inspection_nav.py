"""The inspection section's tabs: only those this user may open (each view refuses the others)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from civildesk.org import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def inspection_tabs(context: Any) -> list[dict[str, Any]]:
    """[{"url", "label", "active"}] for the tabs the user may open, in the section's order."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return []

    def can(*actions: str) -> bool:
        return any(policy.can(user, a) for a in actions)

    tabs = [
        ("inspection:dashboard", _("Dashboard"), can("inspection.dashboard")),
        ("inspection:cases", _("Complaints and denunciations"), can("inspection.view_cases")),
        ("inspection:plans", _("Plans and inspections"), policy.units_for(user, "inspection.plan").exists()),
        ("inspection:recommendations", _("Recommendations"), can("inspection.follow_up", "inspection.inspect")),
        ("inspection:report", _("Statistics"), can("inspection.dashboard")),
    ]
    path = request.path
    return [
        {"url": (url := reverse(name)), "label": label, "active": path.startswith(url)}
        for name, label, allowed in tabs
        if allowed
    ]
