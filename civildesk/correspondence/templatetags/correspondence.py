"""``{% load correspondence %}{% correspondence_panel %}``: incoming documents on the home page:
those assigned to me (overdue first); for a leader, the overdue ones of the units they lead; for
a clerk, those arrived and not registered yet."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Q

register = template.Library()


@register.inclusion_tag("correspondence/_panel.html", takes_context=True)
def correspondence_panel(context: Any) -> dict[str, Any]:
    from civildesk.org import policy

    from ..models import OPEN, Incoming

    user = context["request"].user
    units = [g.unit_id for g in policy.grants(user)]
    handling = ("lead", "support")
    mine = (
        Incoming.objects.filter(status__in=OPEN)
        .filter(
            Q(assignments__assignee=user, assignments__role__in=handling)
            | Q(assignments__unit__in=units, assignments__role__in=handling)
        )
        .distinct()
        .order_by("deadline", "pk")[:10]
    )
    overdue_unit = Incoming.objects.none()
    q = policy.unit_filter(user, "correspondence.assign")
    if q is None or policy.units_for(user, "correspondence.assign").exists():
        overdue_unit = Incoming.objects.overdue()
        if q is not None:
            overdue_unit = overdue_unit.filter(q)
        overdue_unit = overdue_unit.order_by("deadline", "pk")[:10]
    to_register = Incoming.objects.none()
    if policy.units_for(user, "correspondence.register").exists():
        to_register = policy.filter_queryset(
            Incoming.objects.filter(status="received"), user, "correspondence.register"
        ).order_by("received_at", "pk")[:10]
    return {"mine": list(mine), "overdue_unit": list(overdue_unit), "to_register": list(to_register)}
