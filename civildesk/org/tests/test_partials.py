"""An htmx request renders a named partial of the page's own template (django-template-partials)."""

from __future__ import annotations

from django.urls import reverse

from civildesk.org.models import Role
from conftest import make_user


def test_people_search_renders_the_rows_partial_of_the_page(client, leader_a, units):
    make_user("colleague.a1", units["a1"], Role.STAFF, full_name="Đồng Nghiệp Phòng")
    client.force_login(leader_a)

    full = client.get(reverse("org:people"))
    assert [t.name for t in full.templates][0] == "org/people.html"
    assert "<html" in full.content.decode() and "Đồng Nghiệp Phòng" in full.content.decode()

    rows = client.get(reverse("org:people"), {"q": "Nghiệp"}, headers={"HX-Request": "true"})
    html = rows.content.decode()
    assert rows.status_code == 200
    assert "<html" not in html and "<h1>" not in html
    assert html.lstrip().startswith("<table>") and "Đồng Nghiệp Phòng" in html

    none = client.get(reverse("org:people"), {"q": "không ai"}, headers={"HX-Request": "true"}).content.decode()
    assert "<table>" not in none and 'class="empty"' in none
