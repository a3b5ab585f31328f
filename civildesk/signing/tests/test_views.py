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


# --- Issue 16: what a newcomer found on the signing pages -------------------------------------

import pytest  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402

from civildesk.org.models import Role  # noqa: E402
from civildesk.signing import services  # noqa: E402
from civildesk.signing.models import ChainStep, StepAction, StepStatus  # noqa: E402
from conftest import make_user  # noqa: E402

from .conftest import PASSPHRASE  # noqa: E402


def _levels(client):
    return [value for value, _label in client.get(reverse("signing:new")).context["form"].fields["level"].choices]


def test_without_a_timestamp_authority_only_b_b_is_offered(client, units, staff_a, decision_pdf, leader_a):
    client.force_login(staff_a)
    assert _levels(client) == ["B-B"]
    with pytest.raises(ValidationError) as refused:
        services.request_create(
            actor=staff_a,
            unit=units["a"],
            title="x",
            pdf=decision_pdf,
            filename="x.pdf",
            chain=[services.StepSpec(assignees=[leader_a], action=StepAction.SIGN)],
            level="B-T",
        )
    assert "B-T" in refused.value.message_dict["level"][0]


def test_with_a_timestamp_authority_the_levels_it_allows_are_offered(client, trust, staff_a):
    client.force_login(staff_a)
    assert _levels(client) == ["B-B", "B-T", "B-LT", "B-LTA"]  # the fixture allows archive timestamps
    form = client.get(reverse("signing:new")).context["form"]
    assert form.fields["level"].initial == "B-T"


def test_a_failed_signing_shows_on_the_request_page_in_the_users_language(
    client,
    units,
    staff_a,
    leader_a,
    trust,
    sysadmin,
    give_certificate,
    decision_pdf,
    django_capture_on_commit_callbacks,
):
    give_certificate(leader_a, units["a"], backend="pkcs12")
    sr = services.request_create(
        actor=staff_a,
        unit=units["a"],
        title="Quyết định thử",
        pdf=decision_pdf,
        filename="qd.pdf",
        chain=[services.StepSpec(assignees=[leader_a], action=StepAction.SIGN)],
        level="B-T",
    )
    # The timestamp authority goes away between signing and finishing.
    services.settings_update(actor=sysadmin, tsa_url="http://127.0.0.1:9/tsa", default_level="B-T", lta_allowed=False)
    step = ChainStep.objects.get(request=sr)
    with django_capture_on_commit_callbacks(execute=True):
        services.step_sign(actor=leader_a, step=step, secret=PASSPHRASE)
    step.refresh_from_db()
    assert (step.status, step.failure) == (StepStatus.PENDING, "tsa")
    client.force_login(leader_a)
    page = client.get(sr.get_absolute_url()).content.decode()  # Vietnamese by default
    assert "Chưa hoàn tất được chữ ký: Dịch vụ cấp dấu thời gian không phản hồi. Hãy ký lại." in page
    assert "did not answer" not in page
    assert f'id="action-{step.pk}-sign"' in page  # and the step can be signed again


def test_signer_and_seal_lists_show_full_names_of_people_who_may_sign(
    client, units, staff_a, leader_a, trust, give_certificate
):
    clerk = make_user("vanthu.a", units["a"], Role.CLERK, full_name="Lê Thị Văn Thư")
    give_certificate(clerk, units["a"], "agency", kind="agency", backend="pkcs12")
    client.force_login(staff_a)
    form = client.get(reverse("signing:new")).context["form"]
    signers = dict(form.fields["signer"].choices)
    seals = dict(form.fields["seal_by"].choices)
    assert signers[leader_a.pk] == leader_a.display_name != leader_a.username
    assert staff_a.pk not in signers and clerk.pk not in signers  # not leaders, no personal certificate
    assert list(seals) == ["", clerk.pk] and seals[clerk.pk] == "Lê Thị Văn Thư"
    assert form.fields["unit"].initial == units["a"].pk


def test_a_draft_prefills_its_signer(client, units, staff_a, leader_a):
    draft = _draft_in_review(units, staff_a, leader_a)
    named = make_user("chutich.a", units["a"], Role.LEADER, full_name=draft.signer_name)
    client.force_login(staff_a)
    form = client.get(reverse("signing:new"), {"draft": draft.pk}).context["form"]
    assert form.fields["signer"].initial == named.pk
    assert form.fields["signer_title"].initial == draft.signer_title


def test_sent_for_signature_is_said_once(client, units, staff_a, leader_a):
    draft = _draft_in_review(units, staff_a, leader_a)
    client.force_login(staff_a)
    response = client.post(
        reverse("signing:new") + f"?draft={draft.pk}",
        {"draft": draft.pk, "review_mode": "sequential", "signer": leader_a.pk, "level": "B-B"},
        follow=True,
    )
    assert response.content.decode().count("Đã trình ký.") == 1


def test_the_validation_page_formats_the_signing_time(client, trust, decision_pdf):
    from civildesk.signing import signer

    data = signer.sign_pdf(
        decision_pdf,
        signer.pkcs12_signer(trust.pkcs12("signer", PASSPHRASE), PASSPHRASE),
        level="B-B",
        field_name="S",
    )
    response = client.post(
        reverse("signing:validate"), {"file": SimpleUploadedFile("s.pdf", data, content_type="application/pdf")}
    )
    html = response.content.decode()
    iso = response.context["report"]["signatures"][0]["signing_time"]
    assert f'<time datetime="{iso}">' in html
    assert f">{iso}<" not in html  # the raw ISO string is only the machine-readable attribute
    assert 'class="hash"' in html
