"""Team finder: a captain invites a person through the platform (never seeing their
address); only a captain of a team in the same hackathon may; the person is told and can
accept."""

import pytest
from django.urls import reverse
from django_scopes import scope

from creaconnect.notifications.models import Notification
from hackathons.models import TeamMembership
from tests.factories import make_hackathon, make_team, registered

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(hub_a):
    h = make_hackathon(hub_a, slug="finder")
    team = make_team(h, size=2, wanted_skills=["video"])
    person = registered(h, i=1, looking_for_team=True, skills=["video"])
    return h, team, person


def invite_url(h, person):
    return reverse("hackathons:invite_person", kwargs={"slug": h.slug, "user_id": person.pk})


def test_captain_sees_the_action_and_invites_without_seeing_the_address(client, setting):
    h, team, person = setting
    client.force_login(team.captain)
    page = client.get(reverse("hackathons:teams", kwargs={"slug": h.slug})).content.decode()
    assert invite_url(h, person) in page
    assert person.email not in page
    r = client.post(invite_url(h, person), follow=True)
    assert r.status_code == 200
    assert person.email not in r.content.decode()
    n = Notification.objects.get(recipient=person, kind="hackathon.team_invitation")
    assert n.url == reverse("hackathons:join_code", kwargs={"slug": h.slug,
                                                           "code": team.invite_code})


def test_the_invited_person_can_accept(client, setting):
    h, team, person = setting
    client.force_login(team.captain)
    client.post(invite_url(h, person))
    url = Notification.objects.get(recipient=person, kind="hackathon.team_invitation").url
    client.force_login(person)
    assert client.get(url).status_code == 200
    r = client.post(url)
    assert r.status_code == 302
    with scope(hub=h.hub):
        assert TeamMembership.objects.get(hackathon=h, user=person).team_id == team.pk


def test_a_member_who_is_not_captain_cannot_invite(client, setting):
    h, team, person = setting
    with scope(hub=h.hub):
        member = TeamMembership.objects.filter(team=team).exclude(user=team.captain).get().user
    client.force_login(member)
    page = client.get(reverse("hackathons:teams", kwargs={"slug": h.slug})).content.decode()
    assert invite_url(h, person) not in page
    assert client.post(invite_url(h, person)).status_code == 404
    assert not Notification.objects.filter(kind="hackathon.team_invitation").exists()


def test_a_captain_of_another_hackathon_cannot_invite(client, setting, hub_a):
    h, _team, person = setting
    other = make_team(make_hackathon(hub_a, slug="elsewhere"), size=2, offset=4)
    client.force_login(other.captain)
    assert client.post(invite_url(h, person)).status_code == 404
    assert not Notification.objects.filter(kind="hackathon.team_invitation").exists()


def test_only_people_registered_for_this_hackathon(client, setting, hub_a):
    h, team, _person = setting
    stranger = registered(make_hackathon(hub_a, slug="other"), i=2)
    client.force_login(team.captain)
    assert client.post(invite_url(h, stranger)).status_code == 404
    assert not Notification.objects.filter(kind="hackathon.team_invitation").exists()


def test_someone_already_in_a_team_is_not_invited(client, setting):
    h, team, _person = setting
    other = make_team(h, size=2, offset=6)
    client.force_login(team.captain)
    r = client.post(invite_url(h, other.captain), follow=True)
    assert "already in a team" in r.content.decode()
    assert not Notification.objects.filter(kind="hackathon.team_invitation").exists()
