"""One URL per action on the hackathon pages: POST only, the object of another team or
hackathon is not found, captains' actions are refused to members with a message, and a judge's
conflict of interest is confirmed before the assignment goes."""

import pytest
from django.urls import reverse
from django_scopes import scope

from hackathons.models import (
    HackathonStatus,
    JudgeAssignment,
    Score,
    TeamMembership,
    TeamStatus,
)
from tests.factories import make_hackathon, make_judge, make_submission, make_team

pytestmark = pytest.mark.django_db


def team_action(team, name, **kwargs):
    return reverse(f"hackathons:{name}",
                   kwargs={"slug": team.hackathon.slug, "pk": team.pk, **kwargs})


def test_action_urls_change_nothing_on_get(client, hub_a):
    h = make_hackathon(hub_a, slug="gets")
    team = make_team(h, size=2)
    client.force_login(team.captain)
    for name in ("team_leave", "team_edit", "team_invite", "team_request"):
        assert client.get(team_action(team, name)).status_code == 405, name
    assert client.get(team_action(team, "submission_version_restore", number=1)
                      ).status_code == 405
    client.force_login(make_judge(h))  # the expo's actions are found by its judges only
    for name, kwargs in (("expo_start", {}), ("expo_judge", {"pair": 1}),
                         ("expo_skip", {"pair": 1}), ("vote_cast", {"pk": 1})):
        url = reverse(f"hackathons:{name}", kwargs={"slug": h.slug, **kwargs})
        assert client.get(url).status_code == 405, name
    with scope(hub=hub_a):
        assert TeamMembership.objects.filter(team=team).count() == 2


def test_a_team_of_another_hackathon_is_not_found_through_this_one(client, hub_a):
    mine = make_hackathon(hub_a, slug="mine")
    other = make_team(make_hackathon(hub_a, slug="other"), size=2)
    client.force_login(other.captain)
    url = reverse("hackathons:team_leave", kwargs={"slug": mine.slug, "pk": other.pk})
    assert client.post(url, {"confirmed": "1"}).status_code == 404
    with scope(hub=hub_a):
        assert TeamMembership.objects.filter(team=other, user=other.captain).exists()


def test_only_the_captain_removes_a_member_and_is_told_otherwise(client, hub_a):
    h = make_hackathon(hub_a, slug="captains")
    team = make_team(h, size=3)
    with scope(hub=hub_a):
        member, target = [m.user for m in TeamMembership.objects.filter(team=team)
                          .exclude(user=team.captain).order_by("pk")]
    client.force_login(member)
    url = team_action(team, "team_member_remove", user_id=target.pk)
    response = client.post(url, {"confirmed": "1"}, follow=True)
    assert "Only the captain can do this." in response.content.decode()
    client.force_login(team.captain)
    assert client.post(team_action(team, "team_member_remove", user_id=999999),
                       {"confirmed": "1"}).status_code == 404  # not a member of this team
    asked = client.post(url)
    assert b"data-confirmation" in asked.content
    assert f'href="{team.get_absolute_url()}"'.encode() in asked.content  # cancel: the team
    with scope(hub=hub_a):
        assert TeamMembership.objects.filter(team=team, user=target).exists()
    assert client.post(url, {"confirmed": "1"})["Location"] == team.get_absolute_url()
    with scope(hub=hub_a):
        assert not TeamMembership.objects.filter(team=team, user=target).exists()


def test_console_offers_the_team_moves_the_machine_allows(client, hub_a, staff_a):
    h = make_hackathon(hub_a, slug="moves", status=HackathonStatus.RUNNING)
    forming = make_team(h, size=2, name="Still forming")
    locked = make_team(h, size=2, name="Locked in", status=TeamStatus.LOCKED, offset=2)
    client.force_login(staff_a)
    page = client.get(reverse("hackathons_console:teams", kwargs={
        "hub_slug": hub_a.slug, "slug": h.slug})).content.decode()
    kwargs = {"hub_slug": hub_a.slug, "slug": h.slug}
    assert reverse("hackathons_console:team_lock", kwargs={**kwargs, "pk": forming.pk}) in page
    assert reverse("hackathons_console:team_reopen", kwargs={**kwargs, "pk": locked.pk}) in page
    assert reverse("hackathons_console:team_lock", kwargs={**kwargs, "pk": locked.pk}) not in page
    # A move the machine refuses is refused with its sentence, not a 500.
    response = client.post(reverse("hackathons_console:team_reopen",
                                   kwargs={**kwargs, "pk": forming.pk}), follow=True)
    assert "This team is already forming." in response.content.decode()


def test_declaring_a_conflict_asks_first_and_says_the_assignment_goes(client, hub_a):
    h = make_hackathon(hub_a, status=HackathonStatus.JUDGING, slug="conflicted")
    sub = make_submission(make_team(h, size=2), title="Close friend's work")
    judge, other = make_judge(h), make_judge(h, organisation="Elsewhere")
    with scope(hub=hub_a):
        a = JudgeAssignment.objects.create(hackathon=h, submission=sub, judge=judge)
        criterion = h.criteria.first()
        Score.objects.create(hackathon=h, submission=sub, judge=judge, criterion=criterion,
                             value=3)
    client.force_login(judge)
    url = reverse("hackathons:judge_conflict", kwargs={"pk": sub.pk})
    assert client.get(url).status_code == 405
    asked = client.post(url, {"reason": "A friend"})
    page = asked.content.decode()
    assert asked.status_code == 200
    assert "data-confirmation" in page
    assert "Your assignment to this submission is removed" in page
    assert 'name="reason" value="A friend"' in page
    with scope(hub=hub_a):
        assert JudgeAssignment.objects.filter(pk=a.pk).exists()  # nothing yet
        assert Score.objects.filter(submission=sub, judge=judge).exists()
    done = client.post(url, {"reason": "A friend", "confirmed": "1"})
    assert done["Location"] == reverse("hackathons:judge_queue")
    with scope(hub=hub_a):
        assert not JudgeAssignment.objects.filter(submission=sub, judge=judge).exists()
        assert not Score.objects.filter(submission=sub, judge=judge).exists()
        assert JudgeAssignment.objects.filter(submission=sub, judge=other).exists()
    # Another judge's submission (not assigned to them) is not found.
    assert client.post(url, {"confirmed": "1"}).status_code == 404


def test_signing_in_from_an_action_returns_to_its_page(client, hub_a):
    h = make_hackathon(hub_a, slug="signin")
    team = make_team(h, size=2)
    response = client.post(team_action(team, "team_leave"))
    assert response.status_code == 302
    assert response["Location"].endswith(f"?next={team.get_absolute_url()}")
