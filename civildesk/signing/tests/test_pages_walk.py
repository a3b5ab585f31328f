"""Every signing page, as each persona, in English and Bengali: no error, no debug page,
no Vietnamese workflow label or raw step code (the newcomer's walk, issue 16)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from civildesk.org.models import Role
from civildesk.signing import services
from civildesk.signing.models import RequestStatus, StepAction, StepStatus
from conftest import close_response, make_user

pytestmark = pytest.mark.django_db

DEBUG_MARKERS = ("Using the URLconf defined in", "You're seeing this error because you have", "Traceback (most recent")
RAW = re.compile(r">\s*(" + "|".join([*StepStatus.values, *RequestStatus.values]) + r")\s*<")


def _vietnamese_labels() -> set[str]:
    out = {"Công việc của tôi", "Đăng xuất", "Chữ ký số"}
    with translation.override("vi"):
        for workflow in (services.REQUESTS, services.STEPS):
            out |= {str(t.label) for t in workflow}
        for choices in (StepStatus, RequestStatus, StepAction):
            out |= {str(label) for label in choices.labels}
    return out


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_every_signing_page_as_every_persona(client, units, decision_pdf, lang):
    people = {
        "owner": make_user("walk.owner", units["a"], Role.STAFF),
        "reviewer": make_user("walk.reviewer", units["a"], Role.UNIT_ADMIN),
        "leader": make_user("walk.leader", units["a"], Role.LEADER),
        "outsider": make_user("walk.outsider", units["b"], Role.STAFF),
        "anonymous": None,
    }
    request = services.request_create(
        actor=people["owner"], unit=units["a"], title="Quyết định thử", pdf=decision_pdf, filename="qd.pdf",
        chain=[services.StepSpec(assignees=[people["reviewer"]]),
               services.StepSpec(assignees=[people["leader"]], action=StepAction.SIGN)],
        level="B-B",
    )  # fmt: skip
    urls = [
        reverse("signing:index"),
        reverse("signing:new"),
        reverse("signing:validate"),
        reverse("signing:detail", args=[request.pk]),
        reverse("signing:pdf", args=[request.pk]),
    ]
    vietnamese = _vietnamese_labels()
    for name, user in people.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        client.post("/i18n/setlang/", {"language": lang, "next": "/"})
        for url in urls:
            response = client.get(url)
            where = f"{name} {lang} {url}"
            if response.streaming:  # the PDF: read and close it without closing the test's connection
                b"".join(response.streaming_content)
                close_response(response)
            assert response.status_code in (200, 302, 403, 404), where
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            html = response.content.decode()
            assert not any(m in html for m in DEBUG_MARKERS), where
            shown = sorted(v for v in vietnamese if f">{v}<" in html or f"> {v}" in html)
            assert not shown, (where, shown)
            assert not RAW.search(html), (where, RAW.search(html).group(0))
