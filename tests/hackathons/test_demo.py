"""The demo data loads twice to the same rows, and every page renders with it."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_scopes import scopes_disabled

from creaconnect.accounts.models import User
from hackathons.models import (
    Hackathon,
    HackathonStatus,
    JudgeAssignment,
    MentorAssignment,
    Score,
    Submission,
    Team,
)
from hackathons.urls import console_urlpatterns

pytestmark = pytest.mark.django_db


def counts():
    with scopes_disabled():
        return {m.__name__: m.objects.count() for m in (Hackathon, Team, Submission,
                                                        JudgeAssignment, Score)}


def test_demo_is_idempotent_and_every_page_renders(client):
    call_command("seed_demo", verbosity=0)
    first = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == first
    with scopes_disabled():
        states = sorted(Hackathon.objects.values_list("status", flat=True))
        assert states.count(HackathonStatus.RESULTS_PUBLISHED) == 2
        assert {HackathonStatus.REGISTRATION, HackathonStatus.RUNNING,
                HackathonStatus.JUDGING} <= set(states)
        assert Hackathon.objects.values("hub").distinct().count() == 5
        judge = User.objects.get(email="judge@creaconnect.test")
        mentor = User.objects.get(email="mentor@creaconnect.test")
        assert JudgeAssignment.objects.filter(judge=judge, scored_at__isnull=True).exists()
        assert MentorAssignment.objects.filter(mentor=mentor).exists()
        hackathons = list(Hackathon.objects.select_related("hub"))
        teams = list(Team.objects.select_related("hackathon"))
        assignments = list(JudgeAssignment.objects.filter(judge=judge))
        mentored = list(MentorAssignment.objects.filter(mentor=mentor).select_related(
            "team__hackathon"))
    assert client.get(reverse("hackathons:list")).status_code == 200
    assert client.get(reverse("home")).status_code == 200
    for h in hackathons:
        for name in ("hackathons:detail", "hackathons:teams"):
            assert client.get(reverse(name, kwargs={"slug": h.slug})).status_code == 200
    for t in teams:
        assert client.get(t.get_absolute_url()).status_code == 200
    client.force_login(judge)
    assert client.get(reverse("hackathons:judge_queue")).status_code == 200
    for a in assignments:
        assert client.get(reverse("hackathons:judge_score",
                                  kwargs={"pk": a.submission_id})).status_code == 200
    client.force_login(mentor)
    for m in mentored:
        url = reverse("hackathons:feedback", kwargs={"slug": m.team.hackathon.slug,
                                                     "pk": m.team_id})
        assert client.get(url).status_code == 200
    client.force_login(User.objects.get(email="participant@creaconnect.test"))
    assert client.get(reverse("accounts:dashboard")).status_code == 200
    admin = User.objects.get(email="admin@creaconnect.test")
    client.force_login(admin)
    for h in hackathons:
        for p in console_urlpatterns:
            if "get" not in p.callback.view_class.http_method_names:
                continue  # an action URL (POST only), not a page
            if "pk>" in str(p.pattern):
                continue  # a page per row: tested in tests/hackathons/test_translations.py
            kwargs = {"hub_slug": h.hub.slug}
            if "<slug:slug>" in str(p.pattern):
                kwargs["slug"] = h.slug
            if "<str:what>" in str(p.pattern):
                kwargs["what"] = "scores"
            url = reverse(f"hackathons_console:{p.name}", kwargs=kwargs)
            assert client.get(url).status_code == 200, url
