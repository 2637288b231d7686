"""Training sessions: sign-up with capacity (also under real concurrency), attendance, feed."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from creaconnect.notifications.models import Notification
from programme.cohorts.services import training
from programme.cohorts.services.training import TrainingError, calendar_token
from programme.models import MemberStatus, SessionSignup, TrainingSession
from tests.factories import CohortFactory, CohortMemberFactory, HubFactory, attend, make_session

# Shared fixtures of the cohorts half, made visible to pytest in this module.


@pytest.fixture
def session_a(cohort_a):
    return make_session(cohort_a, capacity=2, place="Studio 3")


def test_sign_up_and_cancel(in_hub_a, session_a, member_a):
    signup = training.sign_up(session=session_a, member=member_a, actor=member_a.user)
    assert signup.attended is None
    with pytest.raises(TrainingError):
        training.sign_up(session=session_a, member=member_a, actor=member_a.user)
    training.cancel_signup(session=session_a, member=member_a, actor=member_a.user)
    assert not SessionSignup.objects.filter(session=session_a).exists()
    with pytest.raises(TrainingError):
        training.cancel_signup(session=session_a, member=member_a, actor=member_a.user)


def test_full_session_refuses(in_hub_a, session_a, cohort_a):
    members = [CohortMemberFactory(cohort=cohort_a) for _ in range(3)]
    for m in members[:2]:
        training.sign_up(session=session_a, member=m, actor=m.user)
    with pytest.raises(TrainingError, match="full"):
        training.sign_up(session=session_a, member=members[2], actor=members[2].user)


def test_illegal_moves_are_refused(in_hub_a, cohort_a, member_a, hub_a):
    past = make_session(cohort_a, days=-1)
    with pytest.raises(TrainingError, match="started"):
        training.sign_up(session=past, member=member_a, actor=member_a.user)
    other_cohort = CohortFactory(hub=hub_a)
    elsewhere = make_session(other_cohort)
    with pytest.raises(TrainingError):
        training.sign_up(session=elsewhere, member=member_a, actor=member_a.user)
    attend(past, member_a, attended=None)
    with pytest.raises(TrainingError, match="started"):
        training.cancel_signup(session=past, member=member_a, actor=member_a.user)
    future = make_session(cohort_a, days=3)
    training.sign_up(session=future, member=member_a, actor=member_a.user)
    with pytest.raises(TrainingError, match="started"):
        training.take_attendance(session=future, present_member_ids=[member_a.pk],
                                 actor=member_a.user)
    stranger = CohortMemberFactory(cohort=cohort_a)
    with pytest.raises(TrainingError, match="not signed up"):
        training.take_attendance(session=past, present_member_ids=[stranger.pk],
                                 actor=member_a.user)
    # Capacity cannot drop below the places taken; a session with attendance stays.
    with pytest.raises(TrainingError):
        training.update_session(session=future, actor=member_a.user, capacity=0)
    training.take_attendance(session=past, present_member_ids=[member_a.pk], actor=None)
    with pytest.raises(TrainingError):
        training.cancel_session(session=past, actor=None)


def test_left_member_cannot_sign_up(in_hub_a, session_a, member_a):
    member_a.status = MemberStatus.LEFT
    member_a.save()
    with pytest.raises(TrainingError):
        training.sign_up(session=session_a, member=member_a, actor=member_a.user)


def test_take_attendance_marks_present_and_absent(in_hub_a, cohort_a, staff_a):
    past = make_session(cohort_a, days=-2)
    a, b = CohortMemberFactory(cohort=cohort_a), CohortMemberFactory(cohort=cohort_a)
    attend(past, a, attended=None)
    attend(past, b, attended=None)
    assert training.take_attendance(session=past, present_member_ids=[a.pk],
                                    actor=staff_a) == {"present": 1, "absent": 1}
    assert dict(SessionSignup.objects.values_list("member_id", "attended")) == {a.pk: True,
                                                                                b.pk: False}


def test_changed_time_notifies_people_signed_up(in_hub_a, session_a, member_a, staff_a):
    training.sign_up(session=session_a, member=member_a, actor=member_a.user)
    training.update_session(session=session_a, actor=staff_a,
                            starts_at=session_a.starts_at + timedelta(hours=2))
    assert Notification.objects.filter(recipient=member_a.user,
                                       kind="programme.session.changed").count() == 1
    training.update_session(session=session_a, actor=staff_a, trainer="Someone")
    assert Notification.objects.filter(kind="programme.session.changed").count() == 1


def test_reminders_go_out_once(in_hub_a, cohort_a, member_a):
    soon = make_session(cohort_a, days=0, title="Soon")
    TrainingSession.objects.filter(pk=soon.pk).update(starts_at=timezone.now() +
                                                      timedelta(hours=5))
    attend(soon, member_a, attended=None)
    assert training.send_session_reminders() == 1
    assert training.send_session_reminders() == 0


@pytest.mark.django_db(transaction=True)
def test_capacity_holds_under_concurrent_sign_ups():
    """Twelve people press "sign up" at the same moment for three places."""
    with scopes_disabled():
        hub = HubFactory(slug="race-hub")
        cohort = CohortFactory(hub=hub)
        session = make_session(cohort, capacity=3)
        members = [CohortMemberFactory(cohort=cohort) for _ in range(12)]
    barrier = threading.Barrier(len(members))
    results, errors = [], []

    def attempt(member):
        try:
            with scope(hub=hub):
                barrier.wait(timeout=10)
                try:
                    training.sign_up(session=session, member=member, actor=member.user)
                    results.append(member.pk)
                except TrainingError:
                    errors.append(member.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(m,)) for m in members]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    with scopes_disabled():
        taken = SessionSignup.objects.filter(session=session).count()
    assert taken == 3 == len(results)
    assert len(errors) == 9


# --- Views ---------------------------------------------------------------------------------

def cohort_page(cohort):
    return reverse("programme:cohort", kwargs={"hub": cohort.hub.slug, "cohort": cohort.slug})


def test_participant_signs_up_from_the_page_with_htmx(client, session_a, member_a):
    client.force_login(member_a.user)
    url = reverse("programme:session_signup", kwargs={
        "hub": session_a.cohort.hub.slug, "cohort": session_a.cohort.slug,
        "session": session_a.pk})
    leave = reverse("programme:session_leave", kwargs={
        "hub": session_a.cohort.hub.slug, "cohort": session_a.cohort.slug,
        "session": session_a.pk})
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="session-{session_a.pk}"' in body
    assert "Cancel my place" in body
    assert f'hx-post="{leave}"' in body
    assert "<html" not in body
    response = client.post(leave, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Retarget"] == "body"
    assert "data-confirmation" in response.content.decode()  # asked first, nothing changed
    with scopes_disabled():
        assert SessionSignup.objects.exists()
    response = client.post(leave, {"confirmed": "1"})
    assert response.status_code == 302
    with scopes_disabled():
        assert not SessionSignup.objects.exists()


def test_non_member_gets_404_on_the_cohort_and_its_sessions(client, session_a, member_b):
    client.force_login(member_b.user)
    cohort = session_a.cohort
    assert client.get(cohort_page(cohort)).status_code == 404
    url = reverse("programme:session_signup", kwargs={
        "hub": cohort.hub.slug, "cohort": cohort.slug, "session": session_a.pk})
    assert client.post(url).status_code == 404
    assert client.post(url.replace("/signup/", "/leave/"), {"confirmed": "1"}).status_code == 404


def test_session_of_another_cohort_is_404_from_my_cohort(client, member_a, cohort_b):
    other = make_session(cohort_b)
    client.force_login(member_a.user)
    url = reverse("programme:session_signup", kwargs={
        "hub": member_a.cohort.hub.slug, "cohort": member_a.cohort.slug, "session": other.pk})
    assert client.post(url).status_code == 404


def test_attendance_checklist_one_post(client, staff_a, cohort_a):
    past = make_session(cohort_a, days=-1)
    with scopes_disabled():
        a, b = CohortMemberFactory(cohort=cohort_a), CohortMemberFactory(cohort=cohort_a)
    attend(past, a, attended=None)
    attend(past, b, attended=None)
    client.force_login(staff_a)
    url = reverse("programme_console:attendance", kwargs={"hub_slug": "hub-a", "pk": past.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert 'type="checkbox" name="present"' in page.content.decode()
    assert client.post(url, {"present": [a.pk]}).status_code == 302
    with scopes_disabled():
        assert set(SessionSignup.objects.filter(attended=True).values_list("member_id",
                                                                          flat=True)) == {a.pk}


def test_console_schedules_a_session(client, staff_a, cohort_a, member_a):
    client.force_login(staff_a)
    url = reverse("programme_console:sessions", kwargs={"hub_slug": "hub-a", "pk": cohort_a.pk})
    when = (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"title": "Pitch training", "starts_at": when,
                                 "duration_minutes": 90, "capacity": 12})
    assert response.status_code == 302, response.content.decode()[:2000]
    with scopes_disabled():
        assert TrainingSession.objects.filter(cohort=cohort_a, title="Pitch training").exists()
        assert Notification.objects.filter(recipient=member_a.user,
                                           kind="programme.session.scheduled").exists()


def test_calendar_feed_by_secret_token(client, session_a, member_a, cohort_b):
    attend(session_a, member_a, attended=None)
    token = calendar_token(member_a.user)
    response = client.get(reverse("programme:calendar", kwargs={"token": token}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body
    assert session_a.title in body
    assert "LOCATION:Studio 3" in body
    assert body.count("BEGIN:VEVENT") == 1
    bad = token[:-1] + ("0" if token[-1] != "0" else "1")
    assert client.get(reverse("programme:calendar", kwargs={"token": bad})).status_code == 404
    assert client.get(reverse("programme:calendar", kwargs={"token": "x-y"})).status_code == 404


def test_participant_page_shows_attended_missed_and_pending_sessions(client, member_a):
    cohort = member_a.cohort
    came = make_session(cohort, days=-3, title="Pitch clinic")
    missed = make_session(cohort, days=-2, title="Budget basics")
    pending = make_session(cohort, days=-1, title="User tests")
    attend(came, member_a, attended=True)
    attend(missed, member_a, attended=False)
    attend(pending, member_a, attended=None)
    client.force_login(member_a.user)
    html = client.get(cohort_page(cohort)).content.decode()

    def row(session):
        start = html.index(f'id="session-{session.pk}"')
        return html[start:html.index("</li>", start)]

    assert "Attended" in row(came)
    assert "Missed" in row(missed)
    assert "Signed up" not in row(missed)
    assert "attendance not taken yet" in row(pending)
