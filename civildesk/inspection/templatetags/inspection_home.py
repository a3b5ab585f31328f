"""``{% load inspection_home %}{% inspection_work %}``: the inspection card of the "my work" page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

register = template.Library()


@register.inclusion_tag("inspection/_home_panel_card.html", takes_context=True)
def inspection_work(context: Any) -> dict[str, Any]:
    from civildesk.org import policy

    from ..models import Case

    user = context["request"].user
    if not policy.can(user, "inspection.view_cases"):
        return {"show": False}
    today = timezone.localdate()
    mine = Case.objects.open().filter(assignee=user).select_related("unit").order_by("deadline", "pk")
    overdue = (
        Case.objects.visible_to(user).open().overdue(today).select_related("unit").order_by("deadline")
        if policy.can(user, "inspection.decide")
        else Case.objects.none()
    )
    return {"show": True, "mine": mine[:10], "mine_count": mine.count(), "overdue": overdue[:10], "today": today}
