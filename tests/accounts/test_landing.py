"""After signing in (no ``next``), each person lands where their work is."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from django_scopes import scopes_disabled

from creaconnect.accounts.adapter import AccountAdapter
from tests.factories import HubFactory, MembershipFactory


def landing(user) -> str:
    request = RequestFactory().get("/accounts/login/")
    request.user = user
    with translation.override("en"):  # an earlier test may leave another language active
        return AccountAdapter(request).get_login_redirect_url(request)


@pytest.mark.django_db
def test_participant_lands_on_the_dashboard(participant):
    assert landing(participant) == "/dashboard/"


@pytest.mark.django_db
def test_hub_staff_land_on_their_console(staff_a):
    assert landing(staff_a) == "/manage/hub-a/"


@pytest.mark.django_db
def test_staff_of_several_hubs_land_on_the_first_by_name(staff_b, hub_a):
    with scopes_disabled():
        MembershipFactory(hub=HubFactory(slug="aardvark", name="Aardvark Lab"), user=staff_b)
    assert landing(staff_b) == "/manage/aardvark/"


@pytest.mark.django_db
def test_programme_admin_lands_on_the_programme_view(admin_user):
    assert landing(admin_user) == "/consortium/"
