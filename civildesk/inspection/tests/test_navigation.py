"""Menus offer only the pages a user may open: no link leads to "Not allowed"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from civildesk.org.models import Role

pytestmark = pytest.mark.django_db


def _tabs(client, user, path):
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return response


def test_the_inspection_tabs_are_those_the_user_may_open(client, units, make_persona):
    staff = make_persona("staff.nav", units["a"], Role.STAFF)
    inspector = make_persona("inspector.nav", units["a"], Role.INSPECTOR)
    tabs = {
        "inspection:dashboard",
        "inspection:cases",
        "inspection:plans",
        "inspection:recommendations",
        "inspection:report",
    }
    for user, shown in (
        (staff, {"inspection:cases", "inspection:recommendations"}),
        (inspector, tabs),
    ):
        page = _tabs(client, user, reverse("inspection:cases")).content.decode()
        nav = page[page.index('<nav aria-label="Thanh tra"') :]
        nav = nav[: nav.index("</nav>")]
        for name in tabs:
            url = reverse(name)
            assert (f'href="{url}"' in nav) == (name in shown), (user.username, name)
            if name in shown:  # and every tab shown opens
                assert client.get(url).status_code == 200, (user.username, name)


def test_the_main_menu_leaves_out_what_the_user_may_not_open(client, units, make_persona):
    inspector = make_persona("inspector.menu", units["a"], Role.INSPECTOR)
    admin = make_persona("admin.menu", units["a"], Role.UNIT_ADMIN)
    clerk = make_persona("clerk.menu", units["a"], Role.CLERK)
    procedures, inspection = reverse("procedures:index"), reverse("inspection:index")
    for user, shown in ((inspector, {inspection}), (admin, set()), (clerk, {procedures, inspection})):
        client.force_login(user)
        items = {item["url"] for item in client.get(reverse("home")).context["nav_items"]}
        for url in (procedures, inspection):
            assert (url in items) == (url in shown), (user.username, url)
            if url in shown:
                assert client.get(url, follow=True).status_code == 200, (user.username, url)
            else:
                assert client.get(url).status_code == 403, (user.username, url)
