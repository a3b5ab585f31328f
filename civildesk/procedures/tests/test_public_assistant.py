"""A public procedure's page frames the public assistant: the citizen asks without leaving the procedure."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_procedure_page_frames_the_assistant_and_the_assistant_lets_it(client, procedure, settings):
    settings.CIVILDESK_WIDGET_ORIGINS = ["https://portal.example.gov.vn"]
    client.cookies["civildesk_language"] = "en"
    html = client.get(reverse("procedures:procedure", args=[procedure.code])).content.decode()
    embed = reverse("assistant:embed")
    assert f'<iframe src="{embed}"' in html and "Ask about public legal documents" in html
    assert f'action="{embed}"' not in html  # no more posting a ready-made question to a bare page
    csp = client.get(embed)["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://portal.example.gov.vn" in csp


def test_what_to_hand_in_says_original_or_copy(client, procedure):
    """The column "Original" read "Yes" or "Copy"; it is "Original or copy" and says which."""
    client.cookies["civildesk_language"] = "en"
    html = client.get(reverse("procedures:procedure", args=[procedure.code])).content.decode()
    table = html[html.index("<table>") : html.index("</table>")]
    assert "Original or copy" in table and "Yes" not in table
    assert "<td>Tờ khai theo mẫu</td><td>1</td><td>Original</td>" in table
    assert "<td>Bản sao Căn cước công dân</td><td>1</td><td>Copy</td>" in table
