"""The public document page: anyone may read a public document, the portal may frame it; nothing else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from civildesk.library import services
from civildesk.library.models import Scope

TEXT = "Điều 1. Giờ tiếp công dân\n1. Trụ sở tiếp công dân làm việc trong giờ hành chính.\n2. Chủ tịch tiếp ngày 15."


@pytest.fixture
def documents(units, leader_a, staff_a, django_capture_on_commit_callbacks, isolated_data, settings):
    settings.CIVILDESK_INDEX_DENSE = False
    with django_capture_on_commit_callbacks(execute=True):
        public = services.document_upload(
            actor=leader_a, data=TEXT.encode(), filename="noi-quy.txt", unit=units["a"], scope=Scope.PUBLIC
        ).document
        internal = services.document_upload(
            actor=staff_a, data=TEXT.replace("15", "20").encode(), filename="noi-bo.txt", unit=units["a"]
        ).document
    return {"public": public, "internal": internal}


def test_anyone_reads_a_public_document_and_the_portal_may_frame_it(client, documents, settings):
    settings.CIVILDESK_WIDGET_ORIGINS = ["https://portal.example.gov.vn"]
    response = client.get(reverse("library:public_document", args=[documents["public"].pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="dieu-1/khoan-2"' in html and "Chủ tịch tiếp ngày 15." in html
    assert "X-Frame-Options" not in response
    assert "frame-ancestors 'self' https://portal.example.gov.vn" in response["Content-Security-Policy"]


def test_an_internal_document_is_not_found_for_anyone(client, documents, staff_a):
    url = reverse("library:public_document", args=[documents["internal"].pk])
    assert client.get(url).status_code == 404
    client.force_login(staff_a)  # even its own unit reads it on the library page, not here
    assert client.get(url).status_code == 404
    assert client.get(documents["internal"].get_absolute_url()).status_code == 200


def test_the_library_pages_still_refuse_framing(client, documents, staff_a):
    client.force_login(staff_a)
    response = client.get(documents["public"].get_absolute_url())
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_the_back_link_returns_to_the_widget_conversation(client, documents):
    url = reverse("library:public_document", args=[documents["public"].pk])
    html = client.get(url, {"c": "abc:123-x_y"}).content.decode()
    assert f'href="{reverse("assistant:embed")}?c=abc%3A123-x_y#latest"' in html
    assert "?c=" not in client.get(url, {"c": '"><script>'}).content.decode()
