"""The demo shows the expo, the vote and submission versions (and loads twice to the same
rows)."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_scopes import scopes_disabled

from hackathons.models import CommunityVote, ExpoJudgement, Hackathon, JudgingMode, Submission

pytestmark = pytest.mark.django_db


def counts():
    with scopes_disabled():
        return (ExpoJudgement.objects.count(), CommunityVote.objects.count())


def test_demo_has_an_expo_votes_and_three_versions(client):
    call_command("seed_demo", verbosity=0)
    first = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == first
    judgements, votes = first
    assert judgements >= 8
    assert votes >= 3
    with scopes_disabled():
        expo = Hackathon.objects.filter(judging_mode=JudgingMode.BOTH)
        assert expo.count() == 2
        draft = Submission.objects.get(team__captain__email="participant@creaconnect.test",
                                       hackathon__slug="inclusive-third-places")
        assert draft.versions.count() == 3
        team = draft.team
    body = client.get(reverse("hackathons:detail",
                              kwargs={"slug": "heritage-in-code"})).content.decode()
    assert "Expo ranking" in body
    assert "Community choice" in body
    client.force_login(team.captain)
    page = client.get(reverse("hackathons:submission_versions",
                              kwargs={"slug": "inclusive-third-places", "pk": team.pk}),
                      {"a": 1, "b": 3})
    assert "Changes from version 1 to version 3" in page.content.decode()
