"""A person's path across the three actions: on their dashboard, and at
``/consortium/people/<id>/`` for programme admins (everything) and the staff of each hub
involved (only what their hub touched); everyone else gets 404."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from hackathons.models import HackathonStatus, Prize, TeamMembership
from programme.models import ApplicationState, Milestone, MilestoneState, MilestoneSubmission
from showcase.models import CreditedMember, ProjectState, ShowcaseProject
from showcase.queries import person_path
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CohortFactory,
    CohortMemberFactory,
    HubFactory,
    MembershipFactory,
    UserFactory,
    make_hackathon,
    make_submission,
    make_team,
)

pytestmark = pytest.mark.django_db


def walk(person, programme_hub, hackathon_hub, n=1):
    """``n`` rounds of: applied and accepted in ``programme_hub``, a cohort with a met
    milestone there; a prize-winning team at a hackathon of ``hackathon_hub``, and a
    showcase project of that hub grown from the team."""
    now = timezone.now()
    for i in range(n):
        with scopes_disabled():
            call = CallFactory(hub=programme_hub, title=f"Call {programme_hub.slug} {i}")
            application = ApplicationFactory(
                call=call, applicant=person, state=ApplicationState.CONFIRMED,
                submitted_at=now - timedelta(days=300), decided_at=now - timedelta(days=280))
            cohort = CohortFactory(hub=programme_hub, name=f"Cohort {programme_hub.slug} {i}")
            member = CohortMemberFactory(cohort=cohort, user=person, application=application)
            milestone = Milestone.objects.create(cohort=cohort, title=f"Prototype {i}",
                                                 due_on=now.date())
            MilestoneSubmission.objects.create(milestone=milestone, member=member,
                                               state=MilestoneState.APPROVED, reviewed_at=now)
        hackathon = make_hackathon(hackathon_hub, status=HackathonStatus.RESULTS_PUBLISHED,
                                   results_published_at=now)
        team = make_team(hackathon, name=f"Team {hackathon_hub.slug} {i}")
        with scopes_disabled():
            TeamMembership.objects.create(team=team, hackathon=hackathon, user=person)
            make_submission(team, title=f"Loom {i}")
            Prize.objects.create(hackathon=hackathon, name=f"Jury prize {i}", winner=team)
            project = ShowcaseProject.objects.create(
                hub=hackathon_hub, title=f"Loom project {i}", slug=f"loom-{hackathon_hub.slug}-{i}",
                tagline="t", theme="climate", state=ProjectState.PUBLISHED,
                published_at=now, from_team=team, from_cohort_member=member)
            CreditedMember.objects.create(project=project, user=person, display_name="P")
    return person


@pytest.fixture
def person(hub_a, hub_b):
    return walk(UserFactory(display_name="Ana Path"), hub_a, hub_b)


def url(user):
    return reverse("consortium:person", kwargs={"pk": user.pk})


def test_admin_sees_the_whole_cross_hub_path(client, admin_user, person):
    client.force_login(admin_user)
    html = client.get(url(person)).content.decode()
    for text in ("Call hub-a 0", "Cohort hub-a 0", "Prototype 0", "Team hub-b 0", "Loom 0",
                 "Jury prize 0", "Loom project 0", "Hub Alpha", "Hub Beta"):
        assert text in html, text
    kinds = [s["kind"] for s in person_path(person)]
    assert kinds[:2] == ["applied", "accepted"]
    assert {"cohort", "milestone", "team", "submission", "prize", "showcase"} <= set(kinds)


def test_hub_staff_see_only_what_their_hub_touched(client, person, staff_a, staff_b):
    client.force_login(staff_a)
    html = client.get(url(person)).content.decode()
    assert "Call hub-a 0" in html
    assert "Cohort hub-a 0" in html
    assert "Team hub-b 0" not in html
    assert "Loom project 0" not in html
    client.force_login(staff_b)
    html = client.get(url(person)).content.decode()
    assert "Team hub-b 0" in html
    assert "Loom project 0" in html
    assert "Jury prize 0" in html
    assert "Call hub-a 0" not in html
    assert "Cohort hub-a 0" not in html


def test_uninvolved_hub_staff_others_and_unknown_ids_get_404(client, person, admin_user,
                                                             participant):
    with scopes_disabled():
        outsider = MembershipFactory(hub=HubFactory(slug="hub-c", name="Hub Gamma")).user
    client.force_login(outsider)
    assert client.get(url(person)).status_code == 404
    client.force_login(participant)
    assert client.get(url(person)).status_code == 404
    client.force_login(person)  # not even their own console page: the dashboard is theirs
    assert client.get(url(participant)).status_code == 404
    client.force_login(admin_user)
    assert client.get(reverse("consortium:person", kwargs={"pk": 987654})).status_code == 404
    client.logout()
    assert client.get(url(person)).status_code == 404


def test_participant_sees_their_own_path_on_the_dashboard(client, person):
    client.force_login(person)
    html = client.get(reverse("accounts:dashboard")).content.decode()
    assert "My path" in html
    for text in ("Call hub-a 0", "Team hub-b 0", "Jury prize 0", "Loom project 0"):
        assert text in html, text


def test_path_takes_the_same_number_of_queries_at_two_sizes(hub_a, hub_b):
    small = walk(UserFactory(), hub_a, hub_b, n=1)
    large = walk(UserFactory(), hub_b, hub_a, n=3)
    counts = []
    for user in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            steps = person_path(user)
        counts.append(len(ctx.captured_queries))
    assert len(steps) > 10
    assert counts[0] == counts[1]
