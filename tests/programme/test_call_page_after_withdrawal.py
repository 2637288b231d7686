"""The call page offers a way back in to a person who withdrew while the call is open."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from programme.models import ApplicationState as S
from tests.factories import ApplicationFactory, CallFactory


@pytest.mark.django_db
def test_call_page_offers_apply_again_after_withdrawal_while_open(client, hub_a, participant):
    with scope(hub=hub_a):
        call = CallFactory(hub=hub_a, slug="open-call")
        ApplicationFactory(call=call, applicant=participant, state=S.WITHDRAWN)
    client.force_login(participant)
    page = client.get(reverse("programme:call", kwargs={"slug": call.slug})).content.decode()
    assert "Apply again" in page
    assert "You withdrew this application" in page
    assert reverse("programme:apply", kwargs={"slug": call.slug}) in page
    assert "You applied:" not in page


@pytest.mark.django_db
def test_call_page_after_withdrawal_once_closed_offers_no_apply(client, hub_a, participant):
    with scope(hub=hub_a):
        call = CallFactory(hub=hub_a, slug="closed-call")
        ApplicationFactory(call=call, applicant=participant, state=S.WITHDRAWN)
        call.closes_at = timezone.now() - timedelta(minutes=1)
        call.save()
    client.force_login(participant)
    page = client.get(reverse("programme:call", kwargs={"slug": call.slug})).content.decode()
    assert "Apply again" not in page
    assert "See it on my dashboard" in page
