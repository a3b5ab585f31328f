"""``{% load ideas_home %}{% ideas_work %}``: the ideas card of the "my work" page."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Q

register = template.Library()


@register.inclusion_tag("ideas/_home_panel_card.html", takes_context=True)
def ideas_work(context: Any) -> dict[str, Any]:
    from ..models import ActionItem, Round, RoundStatus
    from ..services import can_take_part

    user = context["request"].user
    items = ActionItem.objects.open().filter(owner=user).select_related("decision").order_by("deadline", "pk")
    candidates = (
        Round.objects.filter(status=RoundStatus.OPEN)
        .filter(Q(meeting__isnull=True) | Q(meeting__participants=user) | Q(meeting__chair=user))
        .select_related("unit", "meeting")
        .distinct()[:20]
    )
    rounds = [r for r in candidates if r.accepting() and can_take_part(user, r)][:5]
    return {"items": list(items[:10]), "rounds": rounds}
