"""State machines refuse illegal moves; registration cap, waiting list, teams, deadlines."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope

from creaconnect.core.models import AuditEntry
from creaconnect.notifications.models import Notification
from hackathons.models import (
    HackathonStatus,
    Registration,
    RegistrationStatus,
    Submission,
    SubmissionStatus,
    Team,
    TeamMembership,
    TeamStatus,
)
from hackathons.services import HackathonError, event, submissions, teams
from tests.factories import UserFactory, make_hackathon, make_submission, make_team, registered

pytestmark = pytest.mark.django_db


def test_hackathon_moves_follow_the_table(hub_a, staff_a):
    h = make_hackathon(hub_a, status=HackathonStatus.DRAFT)
    with scope(hub=hub_a):
        with pytest.raises(HackathonError):
            event.start_judging(hackathon=h, actor=staff_a)
        with pytest.raises(HackathonError):
            event.publish_results(hackathon=h, actor=staff_a)
        event.open_registration(hackathon=h, actor=staff_a)
        with pytest.raises(HackathonError):
            event.open_registration(hackathon=h, actor=staff_a)
        event.start_hackathon(hackathon=h, actor=staff_a)
        event.start_judging(hackathon=h, actor=staff_a)
        with pytest.raises(HackathonError):  # nothing scored: nothing to publish
            event.publish_results(hackathon=h, actor=staff_a)
        h.refresh_from_db()
        assert h.status == HackathonStatus.JUDGING
    actions = set(AuditEntry.objects.filter(hub_id=hub_a.pk).values_list("action", flat=True))
    assert {"hackathon.registration", "hackathon.running", "hackathon.judging"} <= actions


def test_start_locks_teams_and_marks_rule_failures(hub_a, staff_a, hackathon):
    good = make_team(hackathon, size=2, name="Good")
    alone = make_team(hackathon, size=1, name="Alone", offset=10)
    with scope(hub=hub_a):
        event.start_hackathon(hackathon=hackathon, actor=staff_a)
        good.refresh_from_db()
        alone.refresh_from_db()
        assert good.status == TeamStatus.LOCKED
        assert alone.status == TeamStatus.INELIGIBLE
        assert len(alone.rule_problems) == 3
        with pytest.raises(HackathonError):  # a locked team cannot be locked again
            teams.lock_team(team=good, actor=staff_a)
    assert Notification.objects.filter(kind="hackathon.team_locked").count() == 3


def test_locked_team_refuses_new_members(hub_a, hackathon):
    team = make_team(hackathon, size=2, status=TeamStatus.LOCKED)
    newcomer = registered(hackathon, i=3)
    with scope(hub=hub_a), pytest.raises(HackathonError, match="locked"):
        teams.join_with_code(hackathon=hackathon, code=team.invite_code, actor=newcomer)


def test_cap_waitlist_and_promotion(hub_a):
    h = make_hackathon(hub_a, capacity=1)
    first, second = UserFactory(), UserFactory()
    data = {"country": "FR", "disciplines": ["design"], "motivation": "yes"}
    with scope(hub=hub_a):
        r1 = teams.register(hackathon=h, actor=first, data=data)
        r2 = teams.register(hackathon=h, actor=second, data=data)
        assert (r1.status, r2.status) == (RegistrationStatus.REGISTERED,
                                          RegistrationStatus.WAITLISTED)
        with pytest.raises(HackathonError):
            teams.register(hackathon=h, actor=first, data=data)
        teams.cancel_registration(registration=r1, actor=first)
        r2.refresh_from_db()
        assert r2.status == RegistrationStatus.REGISTERED
    assert Notification.objects.filter(kind="hackathon.waitlist_promoted",
                                       recipient=second).exists()


def test_registration_closed_is_refused(hub_a):
    h = make_hackathon(hub_a, registration_closes=timezone.now() - timedelta(minutes=1),
                       registration_opens=timezone.now() - timedelta(days=2))
    with scope(hub=hub_a), pytest.raises(HackathonError, match="not open"):
        teams.register(hackathon=h, actor=UserFactory(),
                       data={"country": "FR", "disciplines": ["design"], "motivation": "x"})


def test_waitlisted_cannot_create_team_and_captain_must_hand_over(hub_a, hackathon):
    waiting = registered(hackathon, status=RegistrationStatus.WAITLISTED)
    team = make_team(hackathon, size=2)
    with scope(hub=hub_a):
        with pytest.raises(HackathonError, match="waiting list"):
            teams.create_team(hackathon=hackathon, actor=waiting, name="X", pitch="p")
        with pytest.raises(HackathonError, match="Hand the captaincy"):
            teams.leave_team(team=team, actor=team.captain)
        other = TeamMembership.objects.exclude(user=team.captain).get(team=team).user
        teams.hand_over_captaincy(team=team, new_captain=other, actor=team.captain)
        old = Team.objects.get(pk=team.pk)
        assert old.captain == other
        teams.leave_team(team=old, actor=team.captain)
        assert TeamMembership.objects.filter(team=team).count() == 1


def test_join_request_flow(hub_a, hackathon):
    team = make_team(hackathon, size=2)
    asker = registered(hackathon, i=4)
    with scope(hub=hub_a):
        req = teams.request_to_join(team=team, actor=asker, message="hi")
        with pytest.raises(HackathonError):
            teams.request_to_join(team=team, actor=asker)
        with pytest.raises(HackathonError, match="captain"):
            teams.decide_join_request(join_request=req, accept=True, actor=asker)
        teams.decide_join_request(join_request=req, accept=True, actor=team.captain)
        assert TeamMembership.objects.filter(team=team, user=asker).exists()
        with pytest.raises(HackathonError, match="already been answered"):
            teams.decide_join_request(join_request=req, accept=False, actor=team.captain)
    assert Notification.objects.filter(kind="hackathon.team_join_decided",
                                       recipient=asker).exists()


def test_team_full_is_refused(hub_a, hackathon):
    team = make_team(hackathon, size=4)  # team_max is 4
    with scope(hub=hub_a), pytest.raises(HackathonError, match="full"):
        teams.join_with_code(hackathon=hackathon, code=team.invite_code,
                             actor=registered(hackathon, i=7))


def test_submission_moves(hub_a, staff_a):
    h = make_hackathon(hub_a, status=HackathonStatus.RUNNING)
    team = make_team(h, size=2, status=TeamStatus.LOCKED)
    with scope(hub=hub_a):
        member = TeamMembership.objects.exclude(user=team.captain).get(team=team).user
        sub = submissions.save_draft(team=team, actor=member,
                                     data={"title": "T", "summary": "S", "description": "D"})
        assert sub.version == 1
        sub = submissions.save_draft(team=team, actor=member, data={"summary": "S2"})
        assert sub.version == 2
        assert sub.versions.count() == 2
        with pytest.raises(HackathonError, match="captain"):
            submissions.submit_submission(submission=sub, actor=member)
        submissions.submit_submission(submission=sub, actor=team.captain)
        with pytest.raises(HackathonError, match="already been submitted"):
            submissions.submit_submission(submission=sub, actor=team.captain)
        with pytest.raises(HackathonError):  # a submitted submission is not edited
            submissions.save_draft(team=team, actor=member, data={"title": "New"})
        submissions.reopen_submission(submission=sub, actor=team.captain)
        with pytest.raises(HackathonError, match="already a draft"):
            submissions.reopen_submission(submission=sub, actor=team.captain)
    assert Notification.objects.filter(kind="hackathon.submission_submitted").count() == 2


def test_no_submission_after_deadline_without_extension(hub_a, staff_a):
    h = make_hackathon(hub_a, status=HackathonStatus.RUNNING)
    team = make_team(h, size=2, status=TeamStatus.LOCKED)
    sub = make_submission(team, submitted=False)
    with scope(hub=hub_a):
        type(h).objects.filter(pk=h.pk).update(
            submission_deadline=timezone.now() - timedelta(minutes=1))
        sub = Submission.objects.get(pk=sub.pk)
        with pytest.raises(HackathonError, match="deadline has passed"):
            submissions.submit_submission(submission=sub, actor=team.captain)
        with pytest.raises(HackathonError, match="deadline has passed"):
            submissions.save_draft(team=team, actor=team.captain, data={"title": "late"})
        submissions.grant_extension(team=team, until=timezone.now() + timedelta(hours=2),
                                    actor=staff_a)
        sub = Submission.objects.get(pk=sub.pk)
        submissions.submit_submission(submission=sub, actor=team.captain)
        assert Submission.objects.get(pk=sub.pk).status == SubmissionStatus.SUBMITTED
    assert Notification.objects.filter(kind="hackathon.submission_extension").exists()


def test_extension_must_follow_the_deadline(hub_a, staff_a):
    h = make_hackathon(hub_a, status=HackathonStatus.RUNNING)
    team = make_team(h, size=2, status=TeamStatus.LOCKED)
    with scope(hub=hub_a), pytest.raises(HackathonError):
        submissions.grant_extension(team=team, until=h.submission_deadline - timedelta(hours=1),
                                    actor=staff_a)


def test_ineligible_team_cannot_submit(hub_a):
    h = make_hackathon(hub_a, status=HackathonStatus.RUNNING)
    team = make_team(h, size=2, status=TeamStatus.INELIGIBLE)
    with scope(hub=hub_a), pytest.raises(HackathonError, match="rules"):
        submissions.save_draft(team=team, actor=team.captain, data={"title": "x"})


def test_registration_row_keeps_private_needs(hub_a, hackathon):
    user = registered(hackathon, dietary_needs="vegan")
    with scope(hub=hub_a):
        assert Registration.objects.get(user=user).dietary_needs == "vegan"
