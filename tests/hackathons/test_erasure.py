"""An erased account leaves every hackathon team in a valid, working state."""

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from creaconnect.accounts.privacy_services import delete_account
from creaconnect.notifications.models import Notification
from hackathons.models import (
    HackathonStatus,
    Registration,
    RegistrationStatus,
    SubmissionStatus,
    Team,
    TeamMembership,
    TeamStatus,
)
from hackathons.services import HackathonError, submissions, teams
from tests.factories import make_hackathon, make_submission, make_team, registered

pytestmark = pytest.mark.django_db


def members(team) -> list:
    with scopes_disabled():
        return list(TeamMembership.objects.filter(team=team).order_by("joined", "pk")
                    .values_list("user_id", flat=True))


def erase(user):
    delete_account(user=user)
    user.refresh_from_db()
    assert not user.is_active


def test_an_erased_member_no_longer_counts_towards_the_composition_rules(hub_a):
    hackathon = make_hackathon(hub_a, min_countries=3, min_disciplines=3)
    team = make_team(hackathon, size=3)  # FR/IT/ES, three disciplines
    with scope(hub=hub_a):
        assert teams.rule_problems(team) == []
        leaving = team.memberships.order_by("joined", "pk")[2].user
    erase(leaving)
    assert leaving.pk not in members(team)
    assert len(members(team)) == 2
    with scope(hub=hub_a):
        problems = [str(p) for p in teams.rule_problems(Team.objects.get(pk=team.pk))]
    assert any("countries (now 2)" in p for p in problems), problems
    assert any("disciplines (now 2)" in p for p in problems), problems


def test_an_erased_captain_hands_over_and_the_team_can_still_invite(hub_a):
    hackathon = make_hackathon(hub_a)
    team = make_team(hackathon, size=3)
    captain, successor, third = (members(team)[0], members(team)[1], members(team)[2])
    with scopes_disabled():
        old_captain = team.captain
    assert old_captain.pk == captain
    erase(old_captain)
    with scopes_disabled():
        team = Team.objects.select_related("captain").get(pk=team.pk)
    assert team.captain_id == successor
    assert team.captain.is_active
    assert members(team) == [successor, third]
    assert Notification.objects.filter(kind="hackathon.team_captain",
                                       recipient_id=successor).count() == 1
    with scope(hub=hub_a):
        teams.invite_by_email(team=team, email="newcomer@example.org", actor=team.captain)
    assert Notification.objects.filter(kind="hackathon.team_invitation",
                                       email="newcomer@example.org").exists()


def test_an_erased_captain_of_a_locked_team_leaves_a_team_that_can_submit(hub_a):
    hackathon = make_hackathon(hub_a, status=HackathonStatus.RUNNING)
    team = make_team(hackathon, size=3, status=TeamStatus.LOCKED)
    with scopes_disabled():
        old_captain = team.captain
    successor = members(team)[1]
    erase(old_captain)
    with scope(hub=hub_a):
        team = Team.objects.select_related("captain").get(pk=team.pk)
        assert team.captain_id == successor
        other = team.memberships.exclude(user_id=successor).get().user
        draft = submissions.save_draft(team=team, actor=other, data={
            "title": "Loop", "summary": "A loop.", "description": "Closing the loop."})
        done = submissions.submit_submission(submission=draft, actor=team.captain)
    assert done.status == SubmissionStatus.SUBMITTED


def test_an_erased_member_is_not_offered_as_the_new_captain(client, hub_a):
    hackathon = make_hackathon(hub_a, team_min=3)
    team = make_team(hackathon, size=3)
    with scopes_disabled():
        captain = team.captain
        erased = team.memberships.order_by("joined", "pk")[1].user
    erase(erased)
    client.force_login(captain)
    page = client.get(reverse("hackathons:team",
                              kwargs={"slug": hackathon.slug, "pk": team.pk})).content.decode()
    assert "Make captain" in page  # offered for the remaining member…
    assert f'name="user" value="{erased.pk}"' not in page  # …never for the erased one
    # Even a membership left over from before this rule cannot be handed the captaincy.
    with scope(hub=hub_a):
        TeamMembership.objects.create(team=team, hackathon=hackathon, user=erased)
        with pytest.raises(HackathonError):
            teams.hand_over_captaincy(team=team, new_captain=erased, actor=captain)
        # …and it does not count towards the rules: two members, not three.
        assert any("(now 2)" in str(p) for p in teams.rule_problems(team))
        team.refresh_from_db()
    assert team.captain_id == captain.pk


def test_an_empty_team_is_dissolved_and_the_place_goes_to_the_waiting_list(hub_a):
    hackathon = make_hackathon(hub_a, capacity=1)
    team = make_team(hackathon, size=1)
    waiting = registered(hackathon, i=3)
    with scopes_disabled():
        Registration.objects.filter(user=waiting).update(status=RegistrationStatus.WAITLISTED)
        alone = team.captain
    erase(alone)
    with scopes_disabled():
        assert not Team.objects.filter(pk=team.pk).exists()
        assert Registration.objects.get(user=alone).status == RegistrationStatus.CANCELLED
        assert Registration.objects.get(user=waiting).status == RegistrationStatus.REGISTERED


def test_an_empty_team_with_judged_work_stays_for_the_results(hub_a):
    hackathon = make_hackathon(hub_a, status=HackathonStatus.JUDGING)
    team = make_team(hackathon, size=1)
    make_submission(team)
    with scopes_disabled():
        alone = team.captain
    erase(alone)
    with scopes_disabled():
        assert Team.objects.filter(pk=team.pk).exists()
        assert members(team) == []
        assert Registration.objects.get(user=alone).status == RegistrationStatus.REGISTERED
