"""The application dossier's cover says "submitted" once: "Name · submitted on <date>", not
"Name · Submitted · submitted on <date>"; another state is still named."""

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from django_scopes import scope

from programme.models import ApplicationState as S
from tests.factories import ApplicationFactory, CallFactory


def cover(application):
    html = render_to_string("reports/application_dossier.html", {
        "application": application, "call": application.call, "hub": application.call.hub,
        "rows": [], "generated": timezone.now()})
    metas = [part.split("</p>", 1)[0] for part in html.split('class="cover-meta">')[1:]]
    return next(m for m in metas if str(application.applicant) in m)


@pytest.mark.django_db
def test_submitted_dossier_says_submitted_once(hub_a, participant):
    with scope(hub=hub_a):
        application = ApplicationFactory(call=CallFactory(hub=hub_a), applicant=participant,
                                         state=S.SUBMITTED, submitted_at=timezone.now())
        meta = cover(application)
    assert meta.lower().count("submitted") == 1


@pytest.mark.django_db
def test_accepted_dossier_names_its_state(hub_a, participant):
    with scope(hub=hub_a):
        application = ApplicationFactory(call=CallFactory(hub=hub_a), applicant=participant,
                                         state=S.ACCEPTED, submitted_at=timezone.now())
        meta = cover(application)
    assert "Accepted" in meta
    assert "submitted on" in meta
