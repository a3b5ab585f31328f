"""``{% load monitoring_tags %}``: ``labels|get:key`` and the home-page card."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get(mapping: Any, key: Any) -> Any:
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def label(obj: Any, language: str) -> str:
    """A framework part's name in ``language`` (English when it has none in that language)."""
    return str(obj.label(language)) if hasattr(obj, "label") else str(obj)


@register.filter
def rule_label(rule: str) -> str:
    from ..labels import rule_labels

    return rule_labels().get(rule, rule)


@register.inclusion_tag("monitoring/_home_panel_card.html", takes_context=True)
def monitoring_work(context: Any) -> dict[str, Any]:
    from civildesk.org import policy

    from ..models import Report, ReportingPeriod, ReportStatus, Resolution
    from ..services.periods import dues
    from ..services.reports import reporting_unit_ids

    user = context["request"].user
    if not policy.can(user, "monitoring.view"):
        return {"show": False}
    resolution = Resolution.objects.filter(is_active=True).select_related("unit").first()
    if resolution is None:
        return {"show": False}
    from civildesk.org.models import Unit

    mine_ids = reporting_unit_ids(user)
    owed = []
    for period in ReportingPeriod.objects.open().filter(resolution=resolution):
        if mine_ids:
            owed += [(period, d) for d in dues(period, units=Unit.objects.filter(pk__in=mine_ids)) if not d.done]
    to_review = (
        Report.objects.filter(status=ReportStatus.SUBMITTED, period__resolution=resolution).count()
        if policy.can(user, "monitoring.review", resolution)
        else 0
    )
    return {"show": True, "resolution": resolution, "owed": owed[:10], "owed_count": len(owed), "to_review": to_review}
