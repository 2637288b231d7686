"""Which hackathon steps of a person's path a hub's staff see: the hackathons their hub
hosted, and those the person took part in as a member of their hub (the hub named in the
registration). A mentor or judge of the team who works at a hub does not open the path to
that hub."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from hackathons.models import HackathonStatus, MentorAssignment, Registration, TeamMembership
from tests.factories import HubFactory, MembershipFactory, UserFactory, make_hackathon, make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub_c(db):
    return HubFactory(slug="hub-c", name="Hub Gamma")


def _team_member(hackathon, person, *, home_hub=None, name="Weavers"):
    team = make_team(hackathon, name=name)
    with scopes_disabled():
        Registration.objects.create(hackathon=hackathon, user=person, home_hub=home_hub,
                                    country="FR", languages=["en"], motivation="Circular design")
        TeamMembership.objects.create(team=team, hackathon=hackathon, user=person)
    return team


def _page(client, viewer, person):
    client.force_login(viewer)
    return client.get(reverse("consortium:person", kwargs={"pk": person.pk}))


def test_the_hub_the_person_registered_with_sees_the_hackathon(client, hub_a, hub_b, hub_c,
                                                               staff_a, staff_b):
    person = UserFactory(display_name="Ivo Path")
    hosted_by_b = make_hackathon(hub_b, status=HackathonStatus.RESULTS_PUBLISHED,
                                 results_published_at=timezone.now(), title="Circular Jam")
    _team_member(hosted_by_b, person, home_hub=hub_a)
    other = make_hackathon(hub_c, title="Heritage Sprint", slug="heritage-sprint")
    _team_member(other, person, name="Archivists")

    as_a = _page(client, staff_a, person)  # the person's own hub: this hackathon only
    assert as_a.status_code == 200
    html = as_a.content.decode()
    assert "Circular Jam" in html
    assert "Weavers" in html
    assert "Heritage Sprint" not in html
    assert "Archivists" not in html

    html = _page(client, staff_b, person).content.decode()  # the host
    assert "Circular Jam" in html
    assert "Heritage Sprint" not in html


def test_a_mentor_from_a_hub_does_not_open_the_path_to_it(client, hub_a, hub_b):
    person = UserFactory(display_name="Noor Path")
    hackathon = make_hackathon(hub_b, title="Reuse Lab")
    team = _team_member(hackathon, person)
    with scopes_disabled():
        mentor = MembershipFactory(hub=hub_a).user  # staff of hub A, mentoring the team
        MentorAssignment.objects.create(hackathon=hackathon, team=team, mentor=mentor)
    assert _page(client, mentor, person).status_code == 404
