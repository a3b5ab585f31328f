"""Navigation: only modules that exist and that the user may use are shown."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from . import policy

# (app label, url name, label, the action the user needs anywhere (or one of several), or None)
NAV_ITEMS: list[tuple[str, str, Any, str | tuple[str, ...] | None]] = [
    ("org", "home", _("My work"), None),
    ("library", "library:index", _("Library"), None),
    ("assistant", "assistant:index", _("Assistant"), None),
    ("assistant", "assistant:review", _("Assistant review"), "assistant.review"),
    ("drafting", "drafting:index", _("Drafting"), None),
    ("signing", "signing:index", _("Signatures"), None),
    ("correspondence", "correspondence:index", _("Correspondence"), None),
    ("procedures", "procedures:index", _("Procedures"), ("procedures.view", "procedures.receive")),
    # inspection:index sends each user to the first of these pages they may open, and refuses the others.
    (
        "inspection",
        "inspection:index",
        _("Inspection"),
        ("inspection.dashboard", "inspection.view_cases", "inspection.follow_up"),
    ),
    ("monitoring", "monitoring:index", _("Monitoring"), None),
    ("ideas", "ideas:index", _("Meetings & ideas"), None),
    ("org", "org:people", _("Organisation"), "org.view_people"),
    ("org", "org:audit", _("Audit trail"), "org.view_audit"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for app_label, url_name, label, action in NAV_ITEMS:
        if not apps.is_installed(f"civildesk.{app_label}"):
            continue
        needed = (action,) if isinstance(action, str) else action or ()
        if needed and not any(policy.can(user, a) for a in needed):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": False})
    # The current page belongs to the item with the longest matching address
    # (/assistant/review/ is "Assistant review", not "Assistant").
    matching = [
        item
        for item in items
        if request.path == item["url"] or (item["url"] != "/" and request.path.startswith(item["url"]))
    ]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["active"] = True
    return {"nav_items": items}
