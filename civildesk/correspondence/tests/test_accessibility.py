"""axe-core on the correspondence pages (the register, an entry with its actions, receiving, the
outgoing register, the home panel): no critical or serious violation, at 1280 and 390 px."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from civildesk.correspondence import services
from civildesk.correspondence.models import Incoming
from tests.test_accessibility import axe_source, browser_context_args, log_in, violations  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_correspondence_pages(page, live_server, units, clerk_b, director_b, specialist_b, axe_source, width):  # noqa: F811
    arrived = Incoming.objects.create(unit=units["b"], source="platform", sender="Sở A", subject="Về việc thử")
    arrived = services.incoming_register(actor=clerk_b, incoming=arrived, urgency="urgent")
    services.incoming_assign(
        actor=director_b, incoming=arrived, assignee=specialist_b, deadline=timezone.localdate() + timedelta(days=2)
    )
    page.set_viewport_size({"width": width, "height": 900})
    problems = []
    for user, paths in (
        (clerk_b, ["/correspondence/", "/correspondence/new/", "/correspondence/outgoing/"]),
        (director_b, [arrived.get_absolute_url(), "/"]),
        (specialist_b, [arrived.get_absolute_url(), "/"]),
    ):
        page.context.clear_cookies()
        log_in(page, live_server, user.username)
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            for summary in page.locator("details summary").all():
                summary.click()
            problems += [f"{user.username} {path}: {v}" for v in violations(page, axe_source)]
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    assert not problems, "\n".join(problems)
