"""A drafting document goes for signature from its page; another unit cannot take it."""

from __future__ import annotations

from django.urls import reverse

from civildesk.drafting import services as drafting
from civildesk.drafting.tests.conftest import content
from civildesk.signing.models import SignatureRequest


def _draft_in_review(units, author, reviewer):
    draft = drafting.draft_create(actor=author, unit=units["a"], doc_type="GM", **content("GM"))
    return drafting.draft_send_for_review(actor=author, draft=draft, reviewer=reviewer)


def test_draft_in_review_goes_for_signature(client, units, staff_a, leader_a):
    draft = _draft_in_review(units, staff_a, leader_a)
    detail = client
    detail.force_login(staff_a)
    page = detail.get(draft.get_absolute_url()).content.decode()
    assert f"{reverse('signing:new')}?draft={draft.pk}" in page

    form = client.get(reverse("signing:new"), {"draft": draft.pk})
    assert form.status_code == 200 and "file" not in form.context["form"].fields
    response = client.post(
        reverse("signing:new") + f"?draft={draft.pk}",
        {"draft": draft.pk, "review_mode": "sequential", "signer": leader_a.pk, "level": "B-B"},
    )
    assert response.status_code == 302, response.content[:800]
    request = SignatureRequest.objects.get()
    assert request.unit == units["a"]
    assert request.title == draft.subject


def test_a_draft_of_another_unit_is_not_found(client, units, staff_a, leader_a, staff_b):
    draft = _draft_in_review(units, staff_a, leader_a)
    client.force_login(staff_b)
    assert client.get(reverse("signing:new"), {"draft": draft.pk}).status_code == 404
    assert client.post(reverse("signing:new"), {"draft": draft.pk, "signer": staff_b.pk}).status_code == 404
    assert not SignatureRequest.objects.exists()


def test_a_draft_still_being_written_cannot_go(client, units, staff_a, leader_a):
    draft = drafting.draft_create(actor=staff_a, unit=units["a"], doc_type="GM", **content("GM"))
    client.force_login(staff_a)
    response = client.post(
        reverse("signing:new"), {"draft": draft.pk, "review_mode": "sequential", "signer": leader_a.pk, "level": "B-B"}
    )
    assert response.status_code == 200
    assert "Only a draft sent for review" in response.content.decode() or response.context["form"].errors
    assert not SignatureRequest.objects.exists()
