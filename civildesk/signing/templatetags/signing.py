"""``{% load signing %}{% signing_waiting %}``: the "Waiting for me" card for the home page.

Its notifications are left to the home page's own "Notifications" card (all
apps' notifications, with "mark as read"), so they are not listed twice.
"""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("signing/_waiting.html", takes_context=True)
def signing_waiting(context: Any) -> dict[str, Any]:
    from ..models import SignatureRequest

    user = context["request"].user
    return {
        "waiting": SignatureRequest.objects.waiting_for(user).select_related("unit")[:10],
    }
