"""Journeys 5 and 6, by visible labels, each person in their own browser: mentors, judges and
hub staff take a hackathon from draft feedback to published results; a visitor browses the
showcase and writes to a team. Also proves that axe audits the page after every htmx swap."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from creaconnect.notifications.models import Notification
from hackathons.models import (
    HackathonStatus,
    MentorAssignment,
    Submission,
    SubmissionStatus,
    TeamMembership,
    TeamStatus,
)
from showcase.models import (
    CONSENT_TEXT_VERSION,
    ConsentState,
    CreditedMember,
    ProjectState,
    ShowcaseProject,
)
from tests.factories import (
    PASSWORD,
    UserFactory,
    make_hackathon,
    make_judge,
    make_submission,
    make_team,
)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Several people per journey; the password hash is not what these tests are about."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def results_heading(page):
    return page.locator("#results-title")


# --- Journey 6: the showcase ------------------------------------------------------------------

def showcase_project(hub, *, title, slug, theme="climate", stage="prototype", story="",
                     members=()):
    """A published project whose credited members all consented."""
    with scopes_disabled():
        project = ShowcaseProject.objects.create(
            hub=hub, title=title, slug=slug, tagline=f"{title}: a tagline", story=story,
            theme=theme, stage=stage, countries=["FR"], looking_for=["partners"],
            state=ProjectState.PUBLISHED, published_at=timezone.now())
        for i, user in enumerate(members):
            CreditedMember.objects.create(
                project=project, user=user, display_name=user.display_name, role="Maker",
                order=i, consent=ConsentState.APPROVED, consent_version=CONSENT_TEXT_VERSION)
    return project


@pytest.fixture
def gallery(hub_a, hub_b):
    team = [UserFactory(email="ines.team@studio.example", display_name="Inès Moreau"),
            UserFactory(email="paolo.team@studio.example", display_name="Paolo Ricci")]
    showcase_project(hub_a, title="Atelier Céramique", slug="atelier-ceramique",
                     story="Une coopérative de céramique qui réemploie l'argile.",
                     members=team)
    showcase_project(hub_a, title="Kiln Commons", slug="kiln-commons", theme="inclusion",
                     members=[UserFactory()])
    showcase_project(hub_a, title="Loom Lab", slug="loom-lab", stage="idea",
                     members=[UserFactory()])
    showcase_project(hub_b, title="Urban Weave", slug="urban-weave", members=[UserFactory()])
    return team


@pytest.mark.django_db(transaction=True)
def test_visitor_filters_searches_opens_a_project_and_writes_to_the_team(visitor, gallery):
    page = visitor.go("/showcase/")
    assert results_heading(page).inner_text() == "4 projects"

    # Filters update the results in place (htmx); each swap is audited with axe.
    page.get_by_label("Hub", exact=True).select_option(label="Hub Alpha")
    visitor.settle(swaps=1)
    assert results_heading(page).inner_text() == "3 projects"
    assert "hub=hub-a" in page.url  # the filtered address is in the history
    page.get_by_label("Theme").select_option(label="Climate and circular design")
    visitor.settle(swaps=1)
    assert results_heading(page).inner_text() == "2 projects"

    # Search without the accent finds the accented title and story.
    page.get_by_label("Search").fill("ceramique")
    visitor.settle(swaps=1)
    assert results_heading(page).inner_text() == "1 project"
    results = page.locator("#results")
    assert results.get_by_role("link", name="Atelier Céramique").is_visible()
    assert results.get_by_role("link", name="Loom Lab").count() == 0
    assert visitor.swaps_checked == 3
    visitor.screenshot("journey6-gallery")

    results.get_by_role("link", name="Atelier Céramique").click()
    visitor.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Atelier Céramique"
    assert "Inès Moreau" in page.content()

    # A wrong address is refused next to the field, then the message goes out.
    page.get_by_label("Your name").fill("Vera Visitor")
    page.get_by_label("Organisation").fill("Théâtre du Port")
    page.get_by_label("Your e-mail address").fill("not-an-address")
    page.get_by_label("Kind of interest").select_option(index=1)
    page.get_by_label("Message").fill("We would love to host your work in our foyer.")
    page.get_by_role("button", name="Send to the team").click()
    visitor.settle(swaps=1)
    email = page.get_by_label("Your e-mail address")
    assert email.get_attribute("aria-invalid") == "true"
    assert "valid email" in page.locator("#interest").inner_text()
    email.fill("vera@theatre.example")
    page.get_by_role("button", name="Send to the team").click()
    visitor.settle(swaps=1)
    status = page.locator("#interest [role=status]")
    assert status.inner_text() == "Thank you. Your message was sent to the team."
    visitor.screenshot("journey6-showcase")

    with scopes_disabled():
        sent = Notification.objects.filter(kind="showcase.interest")
        assert sorted(n.recipient.email for n in sent) == sorted(u.email for u in gallery)
        assert all(n.context["visitor_email"] == "vera@theatre.example" for n in sent)
    # The team's addresses never reach the visitor, on the page or in the fragments.
    visitor.go("/showcase/atelier-ceramique/")
    html = page.content()
    assert not [u.email for u in gallery if u.email in html]
    assert "studio.example" not in html


# --- The axe-after-swap mechanism ------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_every_htmx_swap_is_audited_and_a_violation_in_a_fragment_fails(visitor, gallery):
    page = visitor.go("/showcase/")
    assert page.evaluate("() => window.__cc.swaps") == 0
    page.get_by_label("Stage").select_option(label="Idea")
    visitor.settle(swaps=1)
    assert page.evaluate("() => [window.__cc.swaps, window.__cc.audits]") == [1, 1]
    assert visitor.swaps_checked == visitor.swaps_seen == 1
    assert visitor.swap_audits[0]["target"] == "#results"
    assert visitor.swap_audits[0]["violations"] == []

    # The same product fragment with an image that has no text alternative.
    def tamper(route):
        response = route.fetch()
        body = response.text()
        if route.request.headers.get("hx-request"):
            body = body.replace("</h2>", '</h2><img src="/static/img/favicon.svg">', 1)
        route.fulfill(response=response, body=body)

    page.route(re.compile(r".*/showcase/\?.*"), tamper)
    page.get_by_label("Stage").select_option(label="Any stage")
    with pytest.raises(AssertionError, match=r"(?s)htmx swap of #results.*image-alt"):
        visitor.settle(swaps=1)
    assert visitor.swaps_checked == 2
    page.unroute(re.compile(r".*/showcase/\?.*"))


# --- Journey 5: mentor feedback, judging, results -------------------------------------------

def flash(page) -> str:
    """The messages shown at the top of the page."""
    return " ".join(page.locator(".messages, [role=status], [role=alert]").all_inner_texts())


@pytest.mark.django_db(transaction=True)
def test_mentor_comments_judge_scores_staff_publish_and_the_team_reads_feedback(
        new_visitor, hub_a, staff_a):
    now = timezone.now()
    h = make_hackathon(hub_a, slug="circular", status=HackathonStatus.RUNNING,
                       title="Circular Futures", starts_at=now - timedelta(days=2),
                       submission_deadline=now + timedelta(hours=2),
                       judging_opens=now + timedelta(hours=2),
                       judging_closes=now + timedelta(days=7), judges_per_submission=1)
    clay = make_team(h, name="Clay Loop", status=TeamStatus.LOCKED)
    weave = make_team(h, name="Weave Works", status=TeamStatus.LOCKED, offset=2)
    draft = make_submission(clay, submitted=False, title="Kiln sharing network")
    make_submission(weave, title="Offcut looms")
    mentor = UserFactory(email="mira@mentors.example", display_name="Mira Jovanović")
    judge = make_judge(h)
    with scope(hub=hub_a):
        MentorAssignment.objects.create(hackathon=h, team=clay, mentor=mentor)
        member = TeamMembership.objects.filter(team=clay).exclude(
            user=clay.captain).select_related("user").get().user

    # The mentor reads the draft and leaves feedback.
    mira = new_visitor()
    mira.login(mentor.email, PASSWORD)
    page = mira.go("/mentor/")
    page.get_by_role("link", name="Feedback page").click()
    mira.check()
    page.get_by_role("link", name="Read the draft").click()
    mira.check()
    assert page.get_by_role("heading", name="Kiln sharing network").is_visible()
    assert page.get_by_role("button", name="Save the draft").count() == 0  # read only
    page.go_back()
    mira.check()
    page.get_by_label("Message").fill("Strong idea. Show who runs the kiln at night.")
    page.get_by_role("button", name="Post").click()
    mira.check()
    assert "Message posted." in flash(page)

    # The team submits (journey 4 drives that page); the organisers open judging.
    with scope(hub=hub_a):
        Submission.objects.filter(pk=draft.pk).update(status=SubmissionStatus.SUBMITTED,
                                                      submitted_at=timezone.now())
    staff = new_visitor()
    staff.login(staff_a.email, PASSWORD)
    page = staff.go(f"/manage/{hub_a.slug}/hackathons/circular/")
    page.get_by_role("button", name="Move to “Judging”").click()
    staff.check()
    assert "The hackathon is now: Judging." in flash(page)
    page = staff.go(f"/manage/{hub_a.slug}/hackathons/circular/judging/")
    page.get_by_role("button", name=re.compile("Assign automatically")).click()
    staff.check()

    # The judge scores both assigned submissions.
    jo = new_visitor()
    jo.login(judge.email, PASSWORD)
    page = jo.go("/judge/")
    assert "0 of 2 submissions scored." in page.content()
    for title, innovation, impact in (("Kiln sharing network", "9", "8"),
                                      ("Offcut looms", "6", "5")):
        page.get_by_role("link", name=title).click()
        jo.check()
        page.get_by_label(re.compile("^Innovation")).fill(innovation)
        page.get_by_label(re.compile("^Impact")).fill(impact)
        page.get_by_label("Comment to the team").fill(f"Comment on {title}: keep going.")
        if title == "Offcut looms":
            jo.screenshot("journey5-score")
        page.get_by_role("button", name="Save my scores").click()
        jo.check()
        assert "Your scores are saved." in flash(page)
        page = jo.go("/judge/")
    assert "2 of 2 submissions scored." in page.content()

    # Hub staff check the ranking and publish the results.
    page = staff.go(f"/manage/{hub_a.slug}/hackathons/circular/results/")
    rows = page.locator("table tbody tr")
    assert "Kiln sharing network" in rows.nth(0).inner_text()  # 9×2+8 beats 6×2+5
    page.get_by_role("button", name="Publish the results").click()
    staff.check()
    assert "The hackathon is now: Results published." in flash(page)
    page = staff.go(f"/manage/{hub_a.slug}/hackathons/circular/results/")
    assert page.get_by_role("button", name="Publish the results").count() == 0
    staff.screenshot("journey5-results")

    # A team member goes from the dashboard to the team's feedback and results.
    ana = new_visitor()
    ana.login(member.email, PASSWORD)
    page = ana.go("/dashboard/")
    page.get_by_role("link", name="My team").click()
    ana.check()
    page.get_by_role("link", name="Feedback and results").click()
    ana.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Feedback"
    results = page.locator("section", has=page.get_by_role("heading", name="Our results"))
    assert "Rank 1" in results.inner_text()
    assert "Comment on Kiln sharing network: keep going." in results.inner_text()
    assert "Offcut looms" not in page.content()  # another team's comment stays theirs
    assert "Strong idea. Show who runs the kiln at night." in page.content()
    ana.screenshot("journey5-judging")
