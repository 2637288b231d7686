"""Mentor office hours: publishing, booking in each side's language and time zone with a
calendar entry, the weekly limit, cancel and move up to the cut-off, held → one mentoring
session, no-show, rating, reminders, who may book, other hubs' and people's objects → 404,
and the console's per-mentor use at a fixed query count."""

import zoneinfo
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from creaconnect.notifications.models import Notification
from creaconnect.notifications.services import _attachments, render
from programme.cohorts.services import office_hours as oh
from programme.cohorts.services.office_hours_mail import send_office_hours_reminders
from programme.cohorts.services.office_hours_queries import mentor_use
from programme.models import BookingStatus, MentoringSession, OfficeHourBooking, OfficeHourSlot
from programme.queries import office_hour_ratings
from tests.factories import CohortMemberFactory, MentorAssignmentFactory, UserFactory

B = BookingStatus


def publish(mentor, hub, *, days=3, weeks=1, zone="Europe/Belgrade", **extra):
    start = (timezone.now() + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    values = {"duration_minutes": 45, "time_zone": zone, "weeks": weeks,
              "online_url": "https://meet.example.org/mona", "weekly_limit": 1}
    values.update(extra)
    return oh.publish_slots(actor=mentor, hub=hub, first_start=start, **values)


def book(slot, person, zone="Europe/Lisbon"):
    return oh.book_slot(slot_id=slot.pk, actor=person, topic="Pricing", time_zone=zone)


def move_slot(slot, starts_at):
    with scopes_disabled():
        OfficeHourSlot.objects.filter(pk=slot.pk).update(starts_at=starts_at)
        slot.refresh_from_db()


def midweek():
    """10:00 in Belgrade on a Wednesday at least three days ahead: hours after it stay in
    the same week, whenever the test runs."""
    day = timezone.localdate() + timedelta(days=3)
    while day.weekday() != 2:
        day += timedelta(days=1)
    return datetime.combine(day, time(10), zoneinfo.ZoneInfo("Europe/Belgrade"))


def started(slot):
    move_slot(slot, timezone.now() - timedelta(minutes=50))


def test_weekly_slots_keep_their_local_time(assignment_a, hub_a, mentor):
    slots = publish(mentor, hub_a, weeks=3)
    zone = zoneinfo.ZoneInfo("Europe/Belgrade")
    times = {timezone.localtime(s.starts_at, zone).time() for s in slots}
    assert len(slots) == 3
    assert len(times) == 1
    assert len({s.series for s in slots}) == 1
    assert slots[0].series is not None
    with pytest.raises(oh.OfficeHoursError):  # the same time again overlaps
        publish(mentor, hub_a)


def test_only_a_mentor_of_the_hub_can_offer(hub_a, hub_b, assignment_a, mentor):
    with pytest.raises(oh.OfficeHoursError):
        publish(UserFactory(), hub_a)
    with pytest.raises(oh.OfficeHoursError):  # mentors at hub A, not at hub B
        publish(mentor, hub_b)


def test_booking_mails_both_sides_in_their_language_and_zone_with_calendar(
        assignment_a, hub_a, mentor, participant):
    mentor.preferred_language = "fr"
    mentor.save(update_fields=["preferred_language"])
    participant.preferred_language = "es"
    participant.save(update_fields=["preferred_language"])
    slot = publish(mentor, hub_a)[0]
    booking = book(slot, participant)
    assert booking.member == assignment_a.member
    assert booking.status == B.BOOKED
    to_person = Notification.objects.get(kind="programme.office_hours.booked")
    to_mentor = Notification.objects.get(kind="programme.office_hours.booked_mentor")
    assert (to_person.recipient, to_mentor.recipient) == (participant, mentor)
    lisbon = timezone.localtime(slot.starts_at, zoneinfo.ZoneInfo("Europe/Lisbon"))
    belgrade = timezone.localtime(slot.starts_at, zoneinfo.ZoneInfo("Europe/Belgrade"))
    subject, text, html = render(to_person)
    assert f"{lisbon:%H:%M}" in text
    assert "Pricing" in text
    assert "<html" in html.lower()
    assert "Mona Mentor" in subject
    m_subject, m_text, _html = render(to_mentor)
    assert f"{belgrade:%H:%M}" in m_text
    assert participant.name in m_subject
    assert subject != m_subject
    [(name, person_ics, mime)] = _attachments(to_person)
    [(_n, mentor_ics, _m)] = _attachments(to_mentor)
    assert name.endswith(".ics")
    assert mime == "text/calendar"
    assert b"TZID=Europe/Lisbon" in person_ics
    assert b"TZID=Europe/Belgrade" in mentor_ics
    assert b"Mona Mentor" in person_ics
    assert b"meet.example.org" in person_ics


def test_weekly_limit_per_person(assignment_a, hub_a, mentor, participant):
    first, second = publish(mentor, hub_a, days=20), publish(mentor, hub_a, days=22)
    # Two slots in the same week (one hour apart).
    move_slot(first[0], midweek())
    move_slot(second[0], midweek() + timedelta(hours=1))
    book(first[0], participant)
    with pytest.raises(oh.OfficeHoursError, match="this week"):
        book(second[0], participant)


def test_a_taken_slot_cannot_be_booked_again(assignment_a, hub_a, mentor, participant):
    slot = publish(mentor, hub_a)[0]
    other = CohortMemberFactory(cohort=assignment_a.member.cohort)
    MentorAssignmentFactory(member=other, mentor=mentor)
    book(slot, participant)
    with pytest.raises(oh.OfficeHoursError, match="just booked"):
        book(slot, other.user)


def test_who_may_book_follows_the_hub_policy(assignment_a, hub_a, mentor, staff_a):
    slot = publish(mentor, hub_a)[0]
    classmate = CohortMemberFactory(cohort=assignment_a.member.cohort).user
    outsider = UserFactory()
    assert oh.free_slots_for_user(classmate) == []
    with pytest.raises(oh.OfficeHoursError):
        book(slot, classmate)
    with scope(hub=hub_a):
        oh.set_policy(hub=hub_a, open_to_cohorts=True, actor=staff_a)
    assert [s.pk for s in oh.free_slots_for_user(classmate)] == [slot.pk]
    assert oh.free_slots_for_user(outsider) == []
    assert book(slot, classmate).member.cohort == assignment_a.member.cohort


def test_cancel_and_move_up_to_the_cutoff(assignment_a, hub_a, mentor, participant):
    slot, later = publish(mentor, hub_a, weeks=2)
    booking = book(slot, participant)
    moved = oh.reschedule_booking(booking=booking, slot_id=later.pk, actor=participant)
    booking.refresh_from_db()
    assert booking.status == B.CANCELLED
    assert moved.slot == later
    assert Notification.objects.filter(kind="programme.office_hours.moved").count() == 2
    oh.cancel_booking(booking=moved, actor=participant)
    assert Notification.objects.filter(kind="programme.office_hours.cancelled",
                                       recipient=mentor).exists()
    again = book(slot, participant)  # the slot is free again
    move_slot(slot, timezone.now() + timedelta(hours=5))
    with pytest.raises(oh.OfficeHoursError, match="12 hours"):
        oh.cancel_booking(booking=again, actor=participant)
    with pytest.raises(oh.OfficeHoursError):
        oh.cancel_booking(booking=again, actor=mentor)


def test_held_becomes_exactly_one_mentoring_session(assignment_a, hub_a, mentor, participant):
    slot = publish(mentor, hub_a)[0]
    booking = book(slot, participant)
    with pytest.raises(oh.OfficeHoursError, match="not started"):
        oh.mark_held(booking=booking, actor=mentor)
    started(slot)
    with pytest.raises(oh.OfficeHoursError):
        oh.mark_held(booking=booking, actor=participant)
    oh.mark_held(booking=booking, actor=mentor)
    with pytest.raises(oh.OfficeHoursError):
        oh.mark_held(booking=booking, actor=mentor)
    with scopes_disabled():
        sessions = list(MentoringSession.objects.filter(assignment=assignment_a))
    assert len(sessions) == 1
    assert sessions[0].duration_minutes == 45
    booking.refresh_from_db()
    assert booking.session == sessions[0]


def test_held_links_a_session_the_mentor_already_logged(assignment_a, hub_a, mentor,
                                                       participant):
    slot = publish(mentor, hub_a)[0]
    booking = book(slot, participant)
    started(slot)
    day = timezone.localtime(slot.starts_at, zoneinfo.ZoneInfo("Europe/Belgrade")).date()
    with scopes_disabled():
        logged = MentoringSession.objects.create(assignment=assignment_a, date=day,
                                                 duration_minutes=60, topics="Pricing")
    oh.mark_held(booking=booking, actor=mentor)
    booking.refresh_from_db()
    with scopes_disabled():
        assert booking.session == logged
        assert MentoringSession.objects.filter(assignment=assignment_a).count() == 1


def test_no_show_then_rating_only_when_held(assignment_a, hub_a, mentor, participant):
    slot = publish(mentor, hub_a)[0]
    booking = book(slot, participant)
    started(slot)
    oh.mark_no_show(booking=booking, actor=mentor)
    with pytest.raises(oh.OfficeHoursError, match="took place"):
        oh.rate_booking(booking=booking, actor=participant, rating=4)
    oh.mark_held(booking=booking, actor=mentor)  # the mentor corrects a mistaken no-show
    oh.rate_booking(booking=booking, actor=participant, rating=4, comment="Useful")
    with pytest.raises(oh.OfficeHoursError, match="already rated"):
        oh.rate_booking(booking=booking, actor=participant, rating=5)
    with scope(hub=hub_a):
        [row] = mentor_use(hub_a)
    assert (row["offered"], row["booked"], row["held"], row["no_show"]) == (1, 1, 1, 0)
    assert row["mean_rating"] == 4
    assert office_hour_ratings()[hub_a.pk] == {"satisfaction_office_hours_n": 1,
                                               "satisfaction_office_hours_sum": 4}


def test_reminders_go_once_to_both_sides(assignment_a, hub_a, mentor, participant):
    slot = publish(mentor, hub_a)[0]
    book(slot, participant)
    move_slot(slot, timezone.now() + timedelta(hours=20))
    with scopes_disabled():
        assert send_office_hours_reminders() == 2
        assert send_office_hours_reminders() == 0
    assert set(Notification.objects.filter(kind="programme.office_hours.reminder")
               .values_list("recipient_id", flat=True)) == {mentor.pk, participant.pk}


def test_withdrawing_a_booked_slot_tells_the_person(assignment_a, hub_a, mentor,
                                                   participant):
    slot = publish(mentor, hub_a)[0]
    booking = book(slot, participant)
    oh.withdraw_slot(slot=slot, actor=mentor)
    booking.refresh_from_db()
    assert booking.status == B.CANCELLED
    assert Notification.objects.filter(kind="programme.office_hours.cancelled",
                                       recipient=participant).exists()


# --- Pages ------------------------------------------------------------------------------------

def test_book_cancel_through_the_pages(client, assignment_a, hub_a, mentor, participant):
    slot = publish(mentor, hub_a)[0]
    client.force_login(participant)
    page = client.get(reverse("programme:office_hours") + "?tz=Europe/Lisbon")
    assert page.status_code == 200
    assert reverse("programme:office_hours_book",
                                               kwargs={"pk": slot.pk}) in page.text
    url = reverse("programme:office_hours_book", kwargs={"pk": slot.pk})
    assert client.get(url).status_code == 405
    client.post(url, {"topic": "Pricing", "time_zone": "Europe/Lisbon"})
    with scopes_disabled():
        booking = OfficeHourBooking.objects.get(person=participant)
    cancel = reverse("programme:office_hours_cancel", kwargs={"pk": booking.pk})
    asked = client.post(cancel)
    assert asked.status_code == 200
    assert "confirmed" in asked.text
    booking.refresh_from_db()
    assert booking.status == B.BOOKED
    client.post(cancel, {"confirmed": "1"})
    booking.refresh_from_db()
    assert booking.status == B.CANCELLED


def test_other_peoples_and_hubs_objects_are_not_found(client, assignment_a, hub_a, hub_b,
                                                       mentor, participant, staff_b):
    slot = publish(mentor, hub_a)[0]
    booking = book(slot, participant)
    stranger = UserFactory()
    client.force_login(stranger)
    for name in ("office_hours_cancel", "office_hours_rate", "office_hours_move"):
        assert client.post(reverse(f"programme:{name}", kwargs={"pk": booking.pk})
                           ).status_code == 404
    assert client.get(reverse("programme:office_hours_reschedule",
                              kwargs={"pk": booking.pk})).status_code == 404
    assert client.post(reverse("programme:office_hours_book", kwargs={"pk": slot.pk}),
                       {"topic": "x", "time_zone": "UTC"}).status_code == 404
    for name in ("office_hours_held", "office_hours_no_show"):
        assert client.post(reverse(f"programme:{name}", kwargs={"pk": booking.pk})
                           ).status_code == 404
    assert client.post(reverse("programme:office_hours_withdraw", kwargs={"pk": slot.pk})
                       ).status_code == 404
    client.force_login(staff_b)
    assert client.get(reverse("programme_console:office_hours",
                              kwargs={"hub_slug": hub_a.slug})).status_code == 404


def test_mentor_page_publishes_and_lists(client, assignment_a, hub_a, mentor):
    client.force_login(mentor)
    start = (timezone.now() + timedelta(days=4)).astimezone(zoneinfo.ZoneInfo("Europe/Rome"))
    response = client.post(reverse("programme:mentor_office_hours"), {
        "hub": hub_a.pk, "starts_at": f"{start:%Y-%m-%dT10:00}", "time_zone": "Europe/Rome",
        "duration_minutes": 30, "weeks": 2, "place": "Studio 2", "weekly_limit": 1})
    assert response.status_code == 302
    with scopes_disabled():
        slots = list(OfficeHourSlot.objects.filter(mentor=mentor).order_by("starts_at"))
    assert len(slots) == 2
    assert timezone.localtime(slots[0].starts_at, zoneinfo.ZoneInfo("Europe/Rome")).hour == 10
    page = client.get(reverse("programme:mentor_office_hours"))
    assert page.status_code == 200
    assert "10:00" in page.text


def test_console_use_query_count_is_fixed(client, hub_a, staff_a, cohort_a):
    def grow(n):
        for _i in range(n):
            mentor = UserFactory()
            member = CohortMemberFactory(cohort=cohort_a)
            MentorAssignmentFactory(member=member, mentor=mentor)
            slot = publish(mentor, hub_a)[0]
            book(slot, member.user)

    client.force_login(staff_a)
    url = reverse("programme_console:office_hours", kwargs={"hub_slug": hub_a.slug})
    grow(2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(5)
    with CaptureQueriesContext(connection) as large:
        page = client.get(url)
    assert page.status_code == 200
    assert page.text.count('<th scope="row">') == 7
    assert len(small) == len(large)


@pytest.mark.django_db(transaction=True)
def test_parallel_bookings_of_one_slot_make_exactly_one(hub_a, cohort_a, mentor):
    """Six people assigned to the mentor book the same slot at once, each on its own database
    connection: one booking, five clear refusals, never two."""
    import threading

    people = []
    for _i in range(6):
        member = CohortMemberFactory(cohort=cohort_a)
        MentorAssignmentFactory(member=member, mentor=mentor)
        people.append(member.user)
    slot = publish(mentor, hub_a)[0]
    barrier = threading.Barrier(len(people))
    outcomes = []

    def attempt(person):
        from django.db import connection as conn

        try:
            barrier.wait()
            book(slot, person)
            outcomes.append("booked")
        except oh.OfficeHoursError:
            outcomes.append("refused")
        finally:
            conn.close()

    threads = [threading.Thread(target=attempt, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked"] + ["refused"] * 5
    with scopes_disabled():
        assert OfficeHourBooking.objects.filter(slot=slot).count() == 1


def test_demo_mentor_has_weekly_office_hours_and_sections_link_to_them(db, client):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    with scopes_disabled():
        slots = OfficeHourSlot.objects.filter(mentor__email="mentor@creaconnect.test")
        statuses = set(OfficeHourBooking.objects.filter(slot__in=slots)
                       .values_list("status", flat=True))
        held = OfficeHourBooking.objects.get(slot__in=slots, status=B.HELD)
        assert held.session is not None
        assert held.rating == 5
    assert slots.filter(series__isnull=False).count() == 4
    assert statuses == {B.BOOKED, B.HELD, B.NO_SHOW}
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(email="mentor@creaconnect.test"))
    assert reverse("programme:mentor_office_hours") in client.get(reverse("programme:mentor")).text
    client.force_login(held.person)
    assert reverse("programme:office_hours") in client.get("/dashboard/").text


@pytest.mark.django_db(transaction=True)
def test_parallel_bookings_by_one_person_keep_the_weekly_limit(hub_a, cohort_a, mentor):
    """One person books four of the mentor's hours in the same week at once (limit 1): the
    lock on the person's row lets exactly one through."""
    import threading

    member = CohortMemberFactory(cohort=cohort_a)
    MentorAssignmentFactory(member=member, mentor=mentor)
    slots = []
    for hour in range(4):
        slot = publish(mentor, hub_a, days=20 + hour)[0]
        move_slot(slot, midweek() + timedelta(hours=hour))
        slots.append(slot)
    barrier = threading.Barrier(len(slots))
    outcomes = []

    def attempt(slot):
        from django.db import connection as conn

        try:
            barrier.wait()
            book(slot, member.user)
            outcomes.append("booked")
        except oh.OfficeHoursError:
            outcomes.append("refused")
        finally:
            conn.close()

    threads = [threading.Thread(target=attempt, args=(s,)) for s in slots]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked"] + ["refused"] * 3
    with scopes_disabled():
        assert OfficeHourBooking.objects.filter(person=member.user).count() == 1


def test_mentor_and_person_pages_query_count_is_fixed(client, hub_a, cohort_a, mentor):
    people = []
    for _i in range(6):
        member = CohortMemberFactory(cohort=cohort_a)
        MentorAssignmentFactory(member=member, mentor=mentor)
        people.append(member.user)
    person = people[0]

    def grow(start, n):
        for k in range(start, start + n):
            slot = publish(mentor, hub_a, days=3 + 7 * k)[0]
            book(slot, people[k % len(people)] if k else person)
            publish(mentor, hub_a, days=4 + 7 * k)  # and a free one

    counts = []
    for start, n in ((0, 1), (1, 4)):
        grow(start, n)
        sizes = []
        for user, url in ((mentor, "programme:mentor_office_hours"),
                          (person, "programme:office_hours")):
            client.force_login(user)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(reverse(url)).status_code == 200
            sizes.append(len(ctx))
        counts.append(sizes)
    assert counts[0] == counts[1]


def test_personal_data_export_and_erasure_cover_office_hours(assignment_a, hub_a, mentor,
                                                           participant):
    import io
    import json
    import zipfile

    from creaconnect.accounts import privacy_services

    slot = publish(mentor, hub_a)[0]
    booking = oh.book_slot(slot_id=slot.pk, actor=participant, time_zone="UTC",
                           topic=f"Ask {participant.display_name} about pricing")
    with zipfile.ZipFile(io.BytesIO(privacy_services.build_zip(participant))) as archive:
        data = json.loads(archive.read(next(n for n in archive.namelist()
                                            if n.endswith(".json"))))
    assert "about pricing" in json.dumps(data)
    with zipfile.ZipFile(io.BytesIO(privacy_services.build_zip(mentor))) as archive:
        data = json.loads(archive.read(next(n for n in archive.namelist()
                                            if n.endswith(".json"))))
    assert "office_hours_offered" in json.dumps(data)
    privacy_services.delete_account(user=participant)
    with scopes_disabled():
        booking.refresh_from_db()
    assert booking.topic == ""
