"""Telling the applicant that the dossier's status changed: e-mail (Django's backends), SMS and Zalo.

One seam: :data:`CHANNELS` maps a channel name to a function ``(to, text) -> None``. E-mail is built in;
an SMS gateway or Zalo ZNS adapter registers itself with :func:`register_channel` (a deployment's own
module, from its settings), so nothing here knows a vendor. Staff are told through ``org.services.notify``
by the workflow's transitions.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ..models import Dossier

Sender = Callable[[str, str], None]


def _email(to: str, text: str) -> None:
    send_mail(text[:150], text, None, [to], fail_silently=True)


CHANNELS: dict[str, Sender] = {"email": _email}


def register_channel(name: str, sender: Sender) -> None:
    """Add an SMS or Zalo sender (``sender(phone, text)``)."""
    CHANNELS[name] = sender


def status_changed(*, dossier_id: int) -> list[str]:
    """Send the applicant the new status on every channel that has an address; returns the channels used."""
    dossier = Dossier.objects.select_related("procedure").filter(pk=dossier_id).first()
    if dossier is None:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Dossier %(code)s (%(procedure)s): %(status)s. Track it at %(url)s") % {
            "code": dossier.code,
            "procedure": dossier.procedure.name,
            "status": dossier.get_status_display(),
            "url": reverse("procedures:track"),
        }
    used = []
    for name, sender in CHANNELS.items():
        to = dossier.applicant_email if name == "email" else dossier.applicant_phone
        if to:
            sender(to, text)
            used.append(name)
    return used
