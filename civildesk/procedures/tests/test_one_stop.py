"""Decree 118/2025: a province-wide one-stop shop receives any unit's procedure and routes it to the handling unit."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from civildesk.org.models import Role
from civildesk.procedures.models import Dossier, OneStopShop, Status
from civildesk.procedures.services import DOSSIERS

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre_clerk(units, make_persona):
    OneStopShop.objects.create(unit=units["province"])
    return make_persona("trungtam.motcua", units["province"], Role.CLERK)


def test_the_centre_receives_accepts_and_forwards_another_units_procedure(
    register, centre_clerk, clerk_a, clerk_b, specialist_a
):
    d = register(actor=centre_clerk, received_at=at(2025, 3, 4)).dossier
    assert d.received_by.code == "P" and d.unit.code == "A" and d.code == "P-250304-0001"
    with pytest.raises(PermissionDenied):  # intake is the receiving shop's, not the handling unit's clerk
        DOSSIERS.apply(d, "accept", actor=clerk_a)
    d = DOSSIERS.apply(d, "accept", actor=centre_clerk)
    d = DOSSIERS.apply(d, "forward", actor=centre_clerk)
    assert d.status == Status.PROCESSING
    assert {t.name for t in DOSSIERS.available(specialist_a, d)} >= {"propose"}  # the handling unit processes
    assert set(Dossier.objects.visible_to(centre_clerk)) == {d} == set(Dossier.objects.visible_to(specialist_a))
    assert not Dossier.objects.visible_to(clerk_b).exists()
    c = Client()
    c.force_login(centre_clerk)
    assert c.get(d.get_absolute_url()).status_code == 200
    c.force_login(clerk_b)
    assert c.get(d.get_absolute_url()).status_code == 404


def test_without_a_one_stop_shop_another_units_clerk_is_refused(register, clerk_b):
    with pytest.raises(PermissionDenied):
        register(actor=clerk_b)


def test_the_centres_counter_offers_every_procedure(centre_clerk, procedure):
    c = Client()
    c.force_login(centre_clerk)
    assert procedure.name in c.get(reverse("procedures:dossier_new")).content.decode()
