"""Every page of the app, as every persona, in English and Bengali: no server error, refusals are 403/404."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from civildesk.org.models import Role
from conftest import close_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(register, procedure):
    d = register().dossier
    att = d.attachments.get()
    return [
        reverse("procedures:catalogue"),
        reverse("procedures:procedure", args=[procedure.code]),
        reverse("procedures:submit", args=[procedure.code]),
        reverse("procedures:track"),
        reverse("procedures:tracked", args=[d.pk]),
        reverse("procedures:tracked_form", args=[d.pk, "01", "pdf"]),
        reverse("procedures:tracked_result", args=[d.pk]),
        reverse("procedures:index"),
        reverse("procedures:dossier_new"),
        d.get_absolute_url(),
        reverse("procedures:dossier_form", args=[d.pk, "06", "docx"]),
        reverse("procedures:dossier_result", args=[d.pk]),
        reverse("procedures:attachment", args=[att.pk]),
        reverse("procedures:register_book", args=["pdf"]),
        reverse("procedures:statistics"),
        reverse("procedures:statistics_xlsx"),
        reverse("procedures:catalogue_export", args=["json"]),
        reverse("procedures:catalogue_import"),
        reverse("home"),
    ]


@pytest.mark.parametrize("language", ["en", "bn"])
@pytest.mark.parametrize("role", [Role.CLERK, Role.LEADER, None])
def test_every_page_answers_without_error(pages, units, make_persona, role, language, settings):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if role is not None:
        client.force_login(make_persona(f"walker.{role}", units["a"], role))
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404), (url, response.status_code)
        close_response(response)
