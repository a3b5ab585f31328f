"""``{% load assistant %}{% assistant_review_panel %}``: the reviewers' card on the home page."""

from __future__ import annotations

from typing import Any

from django import template

from civildesk.org import policy

register = template.Library()


@register.inclusion_tag("assistant/_home_panel_review.html", takes_context=True)
def assistant_review_panel(context: Any) -> dict[str, Any]:
    """Questions left unanswered and answers rated unhelpful, for whoever reviews the assistant."""
    from .. import services

    user = context["request"].user
    if not policy.can(user, "assistant.review"):
        return {"show": False}
    turns = services.review_turns(user)
    return {
        "show": True,
        "unanswered": turns.filter(answered=False).count(),
        "not_helpful": turns.filter(rating__helpful=False).count(),
    }
