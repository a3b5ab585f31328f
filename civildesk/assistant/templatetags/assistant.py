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


@register.simple_tag(takes_context=True)
def cited_url(context: Any, url: str) -> str:
    """A cited document's link; in the widget it carries the conversation so "Back" finds it again."""
    token = context.get("token") or ""
    if not token or not url:
        return url
    from urllib.parse import quote

    path, _sep, fragment = url.partition("#")
    joined = f"{path}{'&' if '?' in path else '?'}c={quote(token, safe='')}"
    return f"{joined}#{fragment}" if fragment else joined
