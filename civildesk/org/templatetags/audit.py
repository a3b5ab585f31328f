"""``{{ entry.summary|audit_lines }}``: an audit summary as readable "label: value" lines."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

register = template.Library()

# Keys the apps write into audit summaries, with their labels. An unknown key
# is shown as it is.
LABELS = {
    "from": pgettext_lazy("audit", "from"),
    "to": pgettext_lazy("audit", "to"),
    "type": pgettext_lazy("audit", "type"),
    "kind": pgettext_lazy("audit", "kind"),
    "channel": pgettext_lazy("audit", "channel"),
    "deadline": pgettext_lazy("audit", "deadline"),
    "assignee": pgettext_lazy("audit", "assigned to"),
    "responsible": pgettext_lazy("audit", "responsible"),
    "subject": pgettext_lazy("audit", "subject"),
    "reason": pgettext_lazy("audit", "reason"),
    "title": pgettext_lazy("audit", "title"),
    "name": pgettext_lazy("audit", "name"),
    "file": pgettext_lazy("audit", "file"),
    "size": pgettext_lazy("audit", "size (bytes)"),
    "scope": pgettext_lazy("audit", "scope"),
    "level": pgettext_lazy("audit", "level"),
    "step": pgettext_lazy("audit", "step"),
    "steps": pgettext_lazy("audit", "steps"),
    "holder": pgettext_lazy("audit", "holder"),
    "document": pgettext_lazy("audit", "document"),
    "documents": pgettext_lazy("audit", "documents"),
    "decision": pgettext_lazy("audit", "decision"),
    "conclusion": pgettext_lazy("audit", "conclusion"),
    "year": pgettext_lazy("audit", "year"),
    "role": pgettext_lazy("audit", "role"),
    "unit": pgettext_lazy("audit", "unit"),
    "changed": pgettext_lazy("audit", "changed"),
    "before": pgettext_lazy("audit", "before"),
    "after": pgettext_lazy("audit", "after"),
    "on_time": pgettext_lazy("audit", "on time"),
    "accepted": pgettext_lazy("audit", "accepted"),
    "units": pgettext_lazy("audit", "units"),
    "people": pgettext_lazy("audit", "people"),
    "roles": pgettext_lazy("audit", "roles"),
}


def _label(key: Any) -> str:
    return str(LABELS.get(str(key), key))


def _value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict):
        return "; ".join(f"{_label(k)}: {_value(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_value(v) for v in value)
    return str(value)


@register.filter
def audit_lines(summary: Any) -> list[tuple[str, str]]:
    """(label, value) pairs; a change of one field reads "old → new"."""
    if not summary:
        return []
    if not isinstance(summary, dict):
        return [("", _value(summary))]
    lines = []
    for key, value in summary.items():
        if key == "changed" and isinstance(value, dict):
            for field, change in value.items():
                if isinstance(change, list | tuple) and len(change) == 2:
                    lines.append((_label(field), f"{_value(change[0])} → {_value(change[1])}"))
                else:
                    lines.append((_label(field), _value(change)))
        else:
            lines.append((_label(key), _value(value)))
    return lines


@register.filter
def breakable(code: Any) -> str:
    """An action code that may wrap after its dots and underscores, never mid-word."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    return mark_safe(escape(str(code)).replace(".", ".<wbr>").replace("_", "_<wbr>"))  # noqa: S308 - escaped above
