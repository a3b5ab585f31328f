"""``{% load signing %}{% signing_waiting %}``: the "Waiting for me" card for the home page."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("signing/_waiting.html", takes_context=True)
def signing_waiting(context: Any) -> dict[str, Any]:
    from ..models import SignatureRequest
    from ..views import _notifications

    user = context["request"].user
    return {
        "waiting": SignatureRequest.objects.waiting_for(user).select_related("unit")[:10],
        "notifications": _notifications(user)[:10],
    }
