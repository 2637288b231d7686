"""Office hours for hackathon teams: a mentor assigned to a team offers office hours at the
hackathon's hub and the team's members book them (another team cannot, another hub's person
gets 404); a hub may open its office hours to its hackathons' participants. programme reaches
the teams through ``office_hours_booker_providers`` (hackathons registers it)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from programme.cohorts.services import office_hours as oh
from programme.models import (
    BookingStatus,
    OfficeHourBooking,
    OfficeHourSlot,
    OfficeHoursPolicy,
)
from tests.factories import (
    TeamMentorAssignmentFactory,
    UserFactory,
    make_hackathon,
    make_team,
    registered,
)


@pytest.fixture
def hackathon_a(hub_a):
    return make_hackathon(hub_a)


@pytest.fixture
def team(hackathon_a, mentor):
    team = make_team(hackathon_a, size=2, name="Loom")
    TeamMentorAssignmentFactory(team=team, mentor=mentor)
    return team


@pytest.fixture
def other_team(hackathon_a):
    return make_team(hackathon_a, size=2, name="Kiln", offset=2)


def members(team):
    with scopes_disabled():
        return [m.user for m in team.memberships.select_related("user")]


def publish(mentor, hub):
    start = (timezone.now() + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    return oh.publish_slots(actor=mentor, hub=hub, first_start=start, duration_minutes=30,
                            time_zone="Europe/Belgrade", online_url="https://meet.example.org/t")


def book_url(slot):
    return reverse("programme:office_hours_book", kwargs={"pk": slot.pk})


def test_a_team_mentor_offers_office_hours_at_the_hackathons_hub(team, hub_a, hub_b, mentor):
    assert list(oh.mentor_hubs(mentor)) == [hub_a]
    with pytest.raises(oh.OfficeHoursError, match="where you mentor"):
        publish(mentor, hub_b)
    assert len(publish(mentor, hub_a)) == 1


def test_a_member_of_the_assigned_team_books(client, team, hub_a, mentor):
    slot = publish(mentor, hub_a)[0]
    member = members(team)[1]
    assert [s.pk for s in oh.free_slots_for_user(member)] == [slot.pk]
    client.force_login(member)
    page = client.get(reverse("programme:office_hours"))
    assert book_url(slot) in page.text
    response = client.post(book_url(slot), {"topic": "Our prototype", "time_zone": "UTC"})
    assert response.status_code == 302
    with scopes_disabled():
        booking = OfficeHourBooking.objects.get(person=member)
    assert booking.slot == slot
    assert booking.member is None  # booked as a team member, not through a cohort


def test_another_team_cannot_book_the_mentor(client, team, other_team, hub_a, mentor):
    slot = publish(mentor, hub_a)[0]
    outsider = members(other_team)[0]
    assert oh.free_slots_for_user(outsider) == []
    with pytest.raises(oh.OfficeHoursError, match="cannot book"):
        oh.book_slot(slot_id=slot.pk, actor=outsider, topic="x", time_zone="UTC")
    client.force_login(outsider)
    assert book_url(slot) not in client.get(reverse("programme:office_hours")).text
    assert client.post(book_url(slot), {"topic": "x", "time_zone": "UTC"}).status_code == 404
    with scopes_disabled():
        assert not OfficeHourBooking.objects.filter(slot=slot).exists()


def test_another_hubs_person_gets_404(client, team, hub_a, hub_b, mentor, staff_a):
    slot = publish(mentor, hub_a)[0]
    with scope(hub=hub_a):
        oh.set_policy(hub=hub_a, open_to_cohorts=True, open_to_hackathons=True, actor=staff_a)
    elsewhere = make_team(make_hackathon(hub_b), size=1, name="Far")
    TeamMentorAssignmentFactory(team=elsewhere, mentor=UserFactory())
    person = members(elsewhere)[0]
    client.force_login(person)
    assert client.post(book_url(slot), {"topic": "x", "time_zone": "UTC"}).status_code == 404
    assert oh.free_slots_for_user(person) == []


def test_the_hub_may_open_office_hours_to_its_hackathons(client, team, hackathon_a, hub_a,
                                                        mentor, staff_a):
    slot = publish(mentor, hub_a)[0]
    solo = registered(hackathon_a)  # registered, in no team
    assert oh.free_slots_for_user(solo) == []
    client.force_login(staff_a)
    response = client.post(reverse("programme_console:office_hours_policy",
                                   kwargs={"hub_slug": hub_a.slug}),
                           {"open_to_hackathons": "on"})
    assert response.status_code == 302
    with scopes_disabled():
        policy = OfficeHoursPolicy.objects.get(hub=hub_a)
    assert policy.open_to_hackathons
    assert not policy.open_to_cohorts
    assert [s.pk for s in oh.free_slots_for_user(solo)] == [slot.pk]
    booking = oh.book_slot(slot_id=slot.pk, actor=solo, topic="Pitch", time_zone="UTC")
    assert booking.status == BookingStatus.BOOKED
    # Opening to hackathons does not open to someone who takes part in nothing here.
    assert oh.free_slots_for_user(UserFactory()) == []


def test_a_held_team_booking_is_held_without_a_cohort_session(team, hub_a, mentor):
    slot = publish(mentor, hub_a)[0]
    booking = oh.book_slot(slot_id=slot.pk, actor=members(team)[0], topic="Demo",
                           time_zone="UTC")
    with scopes_disabled():
        type(slot).objects.filter(pk=slot.pk).update(
            starts_at=timezone.now() - timedelta(minutes=40))
    held = oh.mark_held(booking=booking, actor=mentor)
    assert held.status == BookingStatus.HELD
    assert held.session_id is None


def test_the_team_mentor_publishes_from_their_page(client, team, hub_a, hub_b, mentor):
    client.force_login(mentor)
    page = client.get(reverse("programme:mentor_office_hours"))
    assert page.status_code == 200
    assert f'<option value="{hub_a.pk}"' in page.text
    assert f'<option value="{hub_b.pk}"' not in page.text
    start = (timezone.now() + timedelta(days=5)).strftime("%Y-%m-%dT10:00")
    response = client.post(reverse("programme:mentor_office_hours"), {
        "hub": hub_a.pk, "starts_at": start, "time_zone": "Europe/Rome",
        "duration_minutes": 30, "weeks": 1, "place": "Lab", "weekly_limit": 1})
    assert response.status_code == 302
    refused = client.post(reverse("programme:mentor_office_hours"), {
        "hub": hub_b.pk, "starts_at": start, "time_zone": "Europe/Rome",
        "duration_minutes": 30, "weeks": 1, "place": "Lab", "weekly_limit": 1})
    assert refused.status_code == 422
    with scopes_disabled():
        assert set(OfficeHourSlot.objects.filter(mentor=mentor)
                   .values_list("hub_id", flat=True)) == {hub_a.pk}
