"""Autosaves keep the browser's order (issue 20): a save that arrives after a newer one from
the same browser changes nothing; another browser's save still applies; a repeated submit is
answered as the success it is."""

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scope

from creaconnect.core.models import SaveMark
from programme.models import Answer, Application, QuestionKind
from programme.models import ApplicationState as S
from tests.factories import CallFactory, QuestionFactory


@pytest.fixture
def call(hub_a):
    with scope(hub=hub_a):
        call = CallFactory(hub=hub_a, slug="ordered-call")
        QuestionFactory(call=call, label="Project name", kind=QuestionKind.SHORT_TEXT, step=1)
        return call


def autosave(client, call, value, seq):
    step = reverse("programme:apply_step", kwargs={"slug": call.slug, "step": 1})
    question = call.questions.get()
    return client.post(step, {f"q{question.pk}": value, "autosave": "1",
                              "autosave_seq": str(seq)}, HTTP_HX_REQUEST="true")


def stored(call):
    with scope(hub=call.hub):
        return Answer.objects.get(question__call=call).value


@pytest.mark.django_db
def test_an_overtaken_autosave_does_not_overwrite_the_newer_one(client, call, participant):
    client.force_login(participant)
    client.post(reverse("programme:apply", kwargs={"slug": call.slug}))
    with scope(hub=call.hub):
        assert autosave(client, call, "Green Loom v2", seq=2000).status_code == 200
        # The older save arrives last (sent first, delivered late): it is ignored …
        assert autosave(client, call, "Green Loom v1", seq=1000).status_code == 200
        assert stored(call) == "Green Loom v2"
        # … and a newer one from the same browser applies.
        autosave(client, call, "Green Loom v3", seq=3000)
        assert stored(call) == "Green Loom v3"
    assert SaveMark.objects.get().seq == 3000


@pytest.mark.django_db
def test_another_browser_saves_in_arrival_order(call, participant):
    laptop, phone = Client(), Client()
    laptop.force_login(participant)
    phone.force_login(participant)
    laptop.post(reverse("programme:apply", kwargs={"slug": call.slug}))
    with scope(hub=call.hub):
        autosave(laptop, call, "from the laptop", seq=5000)
        # The phone's clock is behind; its save is still the newest thing the person did.
        autosave(phone, call, "from the phone", seq=10)
        assert stored(call) == "from the phone"


@pytest.mark.django_db
def test_a_save_without_sequence_always_applies(client, call, participant):
    client.force_login(participant)
    client.post(reverse("programme:apply", kwargs={"slug": call.slug}))
    step = reverse("programme:apply_step", kwargs={"slug": call.slug, "step": 1})
    with scope(hub=call.hub):
        autosave(client, call, "with order", seq=5000)
        client.post(step, {f"q{call.questions.get().pk}": "no order", "autosave": "1"},
                    HTTP_HX_REQUEST="true")
        assert stored(call) == "no order"


@pytest.mark.django_db
def test_a_repeated_submit_says_it_is_submitted(client, call, participant):
    client.force_login(participant)
    client.post(reverse("programme:apply", kwargs={"slug": call.slug}))
    review = reverse("programme:apply_review", kwargs={"slug": call.slug})
    with scope(hub=call.hub):
        autosave(client, call, "Green Loom", seq=1)
    first = client.post(review, {"submit": "1"})
    again = client.post(review, {"submit": "1"}, follow=True)
    assert first["Location"] == reverse("accounts:dashboard")
    assert again.redirect_chain[-1][0] == reverse("accounts:dashboard")
    assert "Your application is already submitted." in again.content.decode()
    with scope(hub=call.hub):
        assert Application.objects.get().state == S.SUBMITTED
        assert Application.objects.count() == 1
