"""Journeys 3 and 4, by visible labels: hub staff select and train a cohort; two participants
form a hackathon team and submit their work."""

import email
import email.policy
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from programme.models import (
    Application,
    ApplicationState,
    Certificate,
    CohortMember,
    Review,
    TrainingSession,
)
from tests.browser.conftest import Visitor
from tests.conftest import wait_for
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    CallFactory,
    CohortFactory,
    CriterionFactory,
    UserFactory,
)


def flash(page) -> str:
    """The text of the messages shown at the top of the page."""
    return " ".join(page.locator("[role=status], [role=alert], .messages").all_inner_texts())


def mail_to(smtp_server, address) -> str:
    """Subjects and text bodies of every e-mail the test SMTP server received for ``address``."""
    texts = []
    for raw in smtp_server.to(address):
        message = email.message_from_bytes(raw, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        texts.append(f"{message['Subject']}\n{body.get_content() if body else ''}")
    return "\n".join(texts)


def figure(page, label) -> str:
    """The value of a figure card of the console, by its label."""
    return page.locator(".figure").filter(has_text=label).locator(".figure-value").inner_text()


# --- Journey 3: review, decide, train, certify ----------------------------------------------

@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_staff_review_decide_train_and_certify(visitor, new_visitor, hub_a, staff_a,
                                               celery_worker_process, smtp_server):
    lucia = UserFactory(email="lucia@example.org", display_name="Lucía Ferrer")
    others = [UserFactory(email="marko@example.org", display_name="Marko Ilić"),
              UserFactory(email="jeanne@example.org", display_name="Jeanne Roux")]
    with scope(hub=hub_a):
        cohort = CohortFactory(hub=hub_a, name="Makers 2027", slug="makers-2027",
                               min_attendance_percent=75, require_all_milestones=True)
        call = CallFactory(hub=hub_a, cohort=cohort, slug="makers-call", title="Makers call 2027")
        CriterionFactory(call=call, name="Originality", weight=2, scale_max=5, order=1)
        CriterionFactory(call=call, name="Feasibility", weight=1, scale_max=5, order=2)
        submitted = timezone.now() - timedelta(days=2)
        for person, title in [(lucia, "Clay Commons"), (others[0], "Sound Atlas"),
                              (others[1], "Paper Tide")]:
            ApplicationFactory(call=call, applicant=person, project_title=title,
                               state=ApplicationState.SUBMITTED, submitted_at=submitted)

    # Staff open their console, the call and its applications table.
    visitor.login(staff_a.email, PASSWORD)
    page = visitor.go(f"/manage/{hub_a.slug}/")
    page.get_by_role("navigation", name="Hub console").get_by_role("link", name="Calls").click()
    visitor.check()
    page.get_by_role("link", name="Makers call 2027").click()
    visitor.check()
    page.get_by_role("link", name="Applications", exact=True).click()
    visitor.check()
    table = page.get_by_role("table", name="Applications")
    assert table.locator("tbody tr").count() == 3
    for title in ("Clay Commons", "Sound Atlas", "Paper Tide"):
        assert table.get_by_role("link", name=title).count() == 1

    # Score one application against the two criteria.
    table.get_by_role("link", name="Clay Commons").click()
    visitor.check()
    assert page.get_by_role("heading", name="Clay Commons").count() == 1
    page.get_by_role("group", name="Originality (× 2)").get_by_label("5", exact=True).check()
    page.get_by_role("group", name="Feasibility (× 1)").get_by_label("4", exact=True).check()
    page.get_by_label("Comment for the hub team").fill("A clear plan and a real need.")
    page.get_by_role("button", name="Save my review").click()
    visitor.check()
    assert "Your review is saved." in flash(page)
    # (5×2 + 4×1) / (5×2 + 5×1) = 14/15 → 93.3 out of 100
    assert page.get_by_role("region", name="All reviews").get_by_text("93.3/100").count() == 1
    with scope(hub=hub_a):
        assert Review.objects.filter(application__project_title="Clay Commons",
                                     reviewer=staff_a).count() == 1

    # Accept it: the message is previewed as the applicant will read it, then sent.
    decision = page.get_by_role("region", name="Decision")
    decision.get_by_role("group", name="Decision").get_by_label("Accept").check()
    decision.get_by_label("Message to the applicant").fill(
        "Welcome to {call}, {name}! {project} starts in March.")
    decision.get_by_role("button", name="Record and send").click()
    visitor.check()
    assert page.get_by_role("heading", name="Check before sending").count() == 1
    assert "Welcome to Makers call 2027, Lucía Ferrer! Clay Commons starts in March." in \
        page.locator("blockquote").inner_text()
    with scope(hub=hub_a):
        assert Application.objects.get(applicant=lucia).state == ApplicationState.SUBMITTED
    page.get_by_role("button", name="Send the decision", exact=True).click()
    visitor.check()
    assert "The decision is recorded and sent." in flash(page)
    assert page.get_by_text("Accepted", exact=True).count() >= 1

    # The two others are declined together from the table, after the preview.
    page.get_by_role("link", name="Makers call 2027").click()
    visitor.check()
    page.get_by_label("Select Sound Atlas").check()
    page.get_by_label("Select Paper Tide").check()
    page.get_by_role("group", name="Decide for the selected applications") \
        .get_by_label("Do not select").check()
    page.get_by_role("button", name="Preview").click()
    visitor.check()
    main = page.get_by_role("main").inner_text()
    assert "2 applications will be marked “Not selected”." in main
    assert "thank you for applying to Makers call 2027 with" in main
    page.get_by_role("button", name="Send the decisions").click()
    visitor.check()
    assert "2 decisions recorded and sent." in flash(page)
    with scope(hub=hub_a):
        states = dict(Application.objects.filter(call=call)
                      .values_list("project_title", "state"))
    assert states == {"Clay Commons": "accepted", "Sound Atlas": "rejected",
                      "Paper Tide": "rejected"}
    # The worker e-mails each applicant their decision, with the message as previewed.
    assert wait_for(lambda: "Welcome to Makers call 2027, Lucía Ferrer! Clay Commons starts in "
                    "March." in mail_to(smtp_server, lucia.email), timeout=60)
    assert "Good news about your application to “Makers call 2027”" in \
        mail_to(smtp_server, lucia.email)
    assert wait_for(lambda: "Dear Marko Ilić, thank you for applying to Makers call 2027 with "
                    "Sound Atlas." in mail_to(smtp_server, "marko@example.org"), timeout=60)

    # Lucía, in her own browser, confirms her place from her dashboard.
    member = new_visitor()
    member.login(lucia.email, PASSWORD)
    mpage = member.go("/dashboard/")
    assert "Welcome to Makers call 2027, Lucía Ferrer!" in mpage.content()
    mpage.get_by_role("button", name="Confirm my place").click()
    member.check()
    assert "Your place is confirmed" in mpage.content()

    # Staff schedule a training session in the cohort.
    page.get_by_role("navigation", name="Hub console").get_by_role("link",
                                                                    name="Cohorts").click()
    visitor.check()
    page.get_by_role("link", name="Makers 2027").first.click()
    visitor.check()
    # Nothing has taken place yet: nothing to certify.
    assert "Not yet" in page.get_by_role("row", name=re.compile("Lucía Ferrer")).inner_text()
    assert figure(page, "Ready for a certificate") == "0"
    page.get_by_role("navigation", name="Cohort").get_by_role("link",
                                                              name="Sessions").click()
    visitor.check()
    starts = timezone.localtime() + timedelta(days=3)
    form = page.get_by_role("region", name="Schedule a session")
    form.locator("input[name=title]").fill("Pricing your work")
    form.get_by_label("Starts at").fill(starts.strftime("%Y-%m-%dT10:00"))
    form.get_by_label("Duration").fill("90")
    form.get_by_label("Place").fill("Atelier 2")
    form.get_by_label("Capacity").fill("12")
    form.get_by_label("Trainer").fill("Inès Garcia")
    form.get_by_role("button", name="Schedule").click()
    visitor.check()
    assert "“Pricing your work” is scheduled; the cohort is told." in flash(page)
    assert page.get_by_text("0/12 signed up · 0 attended").count() == 1

    # Lucía signs up from her cohort page.
    mpage = member.go("/dashboard/")
    mpage.get_by_role("link", name="Makers 2027", exact=True).click()
    member.check()
    mpage.get_by_role("button", name="Sign up Pricing your work").click()
    mpage.get_by_text("You are signed up.").wait_for()
    member.check()
    assert mpage.get_by_text("1 / 12 places taken").count() == 1

    # The session takes place (its start moves into the past, as time would).
    with scopes_disabled():
        TrainingSession.objects.filter(cohort=cohort).update(
            starts_at=timezone.now() - timedelta(hours=2))

    # Staff take attendance on the sessions page.
    page.reload()
    visitor.check()
    assert page.get_by_text("1/12 signed up · 0 attended").count() == 1
    page.get_by_role("link", name="Attendance Pricing your work").click()
    visitor.check()
    page.get_by_label("Lucía Ferrer").check()
    page.get_by_role("button", name="Save attendance").click()
    visitor.check()
    assert "Attendance saved: 1 present, 0 absent." in flash(page)
    assert page.get_by_text("1/12 signed up · 1 attended").count() == 1

    # The completion rule is met: the cohort page offers the certificate.
    page.get_by_role("navigation", name="Cohort").get_by_role("link",
                                                              name="At a glance").click()
    visitor.check()
    row = page.get_by_role("row", name=re.compile("Lucía Ferrer"))
    assert "100% (1/1)" in row.inner_text()
    assert figure(page, "Ready for a certificate") == "1"
    row.get_by_role("button", name="Issue certificate Lucía Ferrer").click()
    visitor.check()
    with scope(hub=hub_a):
        certificate = Certificate.objects.get(member__user=lucia)
        assert CohortMember.objects.get(user=lucia).status == "completed"
    assert (f"Certificate {certificate.code} issued to Lucía Ferrer; the PDF is being "
            "prepared.") in flash(page)
    row = page.get_by_role("row", name=re.compile("Lucía Ferrer"))
    assert row.get_by_role("link", name=certificate.code).count() == 1

    # Lucía opens her certificate and, once the worker has rendered it, downloads it.
    mpage.reload()
    member.check()
    assert "1 of 1 past sessions · 75% needed" in \
        mpage.get_by_role("region", name="My progress").inner_text()
    assert mpage.locator("#sessions-title + ul").get_by_text("Attended", exact=True).count() == 1
    mpage.get_by_role("link", name="My certificate").click()
    member.check()
    assert mpage.get_by_role("heading", name="This certificate is genuine").count() == 1
    download = mpage.get_by_role("link", name="Download my certificate (PDF)")
    download.wait_for(timeout=60_000)  # htmx polls every 2 s until the worker is done
    member.check()
    with mpage.expect_download() as info:
        download.click()
    with open(info.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    assert wait_for(lambda: certificate.code in mail_to(smtp_server, lucia.email), timeout=60)

    visitor.screenshot("journey3-staff")


# --- Journey 4: register, team up, submit ---------------------------------------------------

def register_for(person: Visitor, hackathon_title, *, country, discipline, skills):
    """From the hackathons list to the registration form, filled and sent."""
    page = person.go("/hackathons/")
    page.get_by_role("link", name=hackathon_title).first.click()
    person.check()
    page.locator("main").get_by_role("link", name="Register", exact=True).click()
    person.check()
    page.get_by_label("Country you live in").select_option(label=country)
    page.get_by_role("group", name="Your disciplines").get_by_label(discipline).check()
    page.get_by_label("Skills").fill(skills)
    page.get_by_role("group", name="Languages you work in").get_by_label("English").check()
    page.get_by_label("Why do you want to take part?").fill("To build something that lasts.")
    page.locator("main").get_by_role("button", name="Register").click()
    person.check()
    assert "You are registered. Now find or create a team." in flash(page)
    return page


@pytest.mark.django_db(transaction=True)
def test_participants_register_team_up_and_submit(visitor, new_visitor, hub_a, admin_user,
                                                  tmp_path):
    from weasyprint import HTML

    from hackathons.models import Submission, Team
    from hackathons.services.event import start_hackathon
    from tests.factories import make_hackathon

    hackathon = make_hackathon(hub_a, slug="circular", team_min=2, team_max=4)
    amira = UserFactory(email="amira@example.org", display_name="Amira Haddad")
    bruno = UserFactory(email="bruno@example.org", display_name="Bruno Conti")

    # Amira registers, creates a team and copies its invitation link.
    visitor.login(amira.email, PASSWORD)
    page = register_for(visitor, "Circular Futures", country="France", discipline="Design",
                        skills="prototyping, illustration")
    page.locator("main").get_by_role("link", name="Create a team").click()
    visitor.check()
    page.get_by_label("Team name").fill("Loop Makers")
    page.get_by_label("Short pitch").fill("Festival cups that come back.")
    page.get_by_label("Challenge").select_option(label="Zero-waste festival")
    page.get_by_role("button", name="Create the team").click()
    visitor.check()
    assert "Your team is created." in flash(page)
    assert page.get_by_role("heading", name="Loop Makers", level=1).count() == 1
    invite = page.get_by_role("region", name="Invite people").get_by_label("Share this link") \
        .input_value()
    assert "/hackathons/circular/join/" in invite

    # Bruno, in his own browser, opens the link, is asked to register first, then joins.
    other = new_visitor()
    other.login(bruno.email, PASSWORD)
    invite_path = "/" + invite.split("/", 3)[3]
    opage = other.go(invite_path)
    assert "Register for the hackathon first" in opage.get_by_role("main").inner_text()
    register_for(other, "Circular Futures", country="Italy", discipline="Digital",
                 skills="web, video")
    opage = other.go(invite_path)
    assert "Join the team Loop Makers?" in opage.get_by_role("main").inner_text()
    opage.get_by_role("button", name="Join the team").click()
    other.check()
    assert "Welcome to Loop Makers!" in flash(opage)
    assert opage.get_by_role("region", name="Members").locator("p.strong") \
        .all_inner_texts() == ["Amira Haddad · captain", "Bruno Conti"]

    # The organisers start the hackathon: the team is locked and may submit.
    with scope(hub=hub_a):
        start_hackathon(hackathon=hackathon, actor=admin_user)
        assert Team.objects.get(name="Loop Makers").status == "locked"

    # Bruno drafts the submission and attaches the pitch deck (a real PDF).
    opage.reload()
    other.check()
    opage.get_by_role("link", name="Start our submission").click()
    other.check()
    opage.get_by_label("Title").fill("Loop Cups")
    opage.get_by_label("Summary").fill("Deposit cups for festivals, tracked by a QR code.")
    opage.get_by_label("Description").fill("We lend cups, wash them on site and bring "
                                           "them back next year.")
    opage.get_by_label("Repository").fill("https://example.org/loop-cups")
    opage.get_by_role("button", name="Save the draft").click()
    other.check()
    assert "Draft saved." in flash(opage)
    deck = tmp_path / "pitch-deck.pdf"
    HTML(string="<h1>Loop Cups</h1><p>Pitch deck</p>").write_pdf(deck)
    opage.get_by_label("File or image").set_input_files(str(deck))
    opage.get_by_role("button", name="Attach").click()
    other.check()
    assert "File attached." in flash(opage)
    assert opage.get_by_role("link", name="pitch-deck.pdf").count() == 1
    assert opage.get_by_role("button", name="Submit our work").count() == 0  # captain only
    assert "When the work is ready, the captain, Amira Haddad, submits it." in \
        opage.get_by_role("main").inner_text()

    # Amira, the captain, checks the draft and submits it.
    page.reload()
    visitor.check()
    page.get_by_role("link", name="Open our submission").click()
    visitor.check()
    assert page.get_by_label("Title").input_value() == "Loop Cups"
    page.get_by_role("button", name="Submit our work").click()
    visitor.check()
    assert "Submitted. Good luck!" in flash(page)
    with scope(hub=hub_a):
        submission = Submission.objects.get(team__name="Loop Makers")
    assert submission.status == "submitted"
    assert page.get_by_text(f"version {submission.version}").count() >= 1
    assert page.get_by_role("link", name="Repository").get_attribute("href") == \
        "https://example.org/loop-cups"

    # The team page: both members, the submitted version.
    page.get_by_role("link", name="Loop Makers").click()
    visitor.check()
    assert page.get_by_role("region", name="Members").locator("p.strong").all_inner_texts() \
        == ["Amira Haddad · captain", "Bruno Conti"]
    assert "France, Italy · Design, Software and digital technology" in \
        page.get_by_role("region", name="Composition rules").inner_text()
    work = page.get_by_role("region", name="Our work")
    assert f"version {submission.version}" in work.inner_text()
    assert "Submitted" in work.inner_text()
    visitor.screenshot("journey4-hackathon")
