"""Demo cohort life: sessions, attendance, mentoring, milestones, certificates.

Runs after the calls demo (``programme.calls.demo``): makes each hub's 2026 cohort, links the
closed call that selected for it and seats that call's confirmed applicants, then fills the
cohorts' life. Idempotent:
every row is found by a natural key (cohort + title, session + member, pairing + topic).
Rows are written directly rather than through the services so the demo does not send a
flood of notifications; the one certificate goes through ``issue_certificate`` and its PDF
is rendered at once with ``run_report``.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from creaconnect.accounts.choices import ConsentKind
from creaconnect.accounts.models import ConsentRecord
from creaconnect.reports.services import run_report
from hubs.demo import ensure_user
from hubs.models import Hub, HubMembership

from ..calls.demo import SELECTION_COHORT_STARTS, THEMES, selection_call_slug
from ..calls.models import Application, ApplicationState, Call
from .models import (
    Certificate,
    Cohort,
    CohortMember,
    MemberStatus,
    MentorAssignment,
    MentoringSession,
    Milestone,
    MilestoneState,
    MilestoneSubmission,
    SessionSignup,
    TrainingSession,
)
from .services.certificates import issue_certificate

# (title, days from today, minutes, trainer, description)
SESSIONS = [
    ("Business models for creative projects", -49, 180, "Anna Keller",
     "From the value you create to the people who pay for it: canvas, costs and revenue mix."),
    ("Storytelling and audiences", -28, 150, "Youssef Benali",
     "Who is your project for, and how do you tell them about it in two minutes?"),
    ("Funding mixes: grants, sales and crowdfunding", -9, 180, "Marta Vidal",
     "Reading a grant call, pricing a service, running a fair crowdfunding campaign."),
    ("Prototyping and testing with users", 8, 180, "Anna Keller",
     "Build the smallest thing that answers your riskiest question, then test it."),
    ("Pitching to partners and funders", 29, 120, "Youssef Benali",
     "Rehearse your pitch in small groups and get feedback from peers and staff."),
]
MILESTONES = [
    ("Business model canvas", -20, "One page: value, audiences, channels, costs, revenue."),
    ("Prototype and first user test", 15, "A prototype and what you learnt from five users."),
    ("Public pitch", 40, "A five-minute pitch at the hub's demo evening."),
]
MENTOR_TOPICS = [
    ("Priorities for the first months", 60, "Pick one audience to test first.",
     "Very motivated; needs help to say no to side projects."),
    ("Pricing the workshops", 90, "Draft three price levels and test them with two clients.",
     "Underprices their work: come back to this."),
    ("Finding a first venue", 45, "List three venues and ask each for a trial evening.",
     "Good contacts in the neighbourhood; slow to follow up."),
    ("Grant application review", 75, "Rewrite the impact section with two numbers.",
     "The budget is realistic; the story is not clear yet."),
    ("Partners for the pilot", 60, "Meet the library and the social centre before May.",
     "Ask the hub for an introduction to the city's culture office."),
]


def _cohorts(log):
    """Each hub's 2026 cohort, the closed call that selected for it, and a seat for each of
    that call's confirmed applicants (the demo participant among them, at pali pali)."""
    for hub in Hub.objects.order_by("name"):
        name, focus = THEMES.get(hub.slug, ("Creative Programme", "creative projects"))
        cohort, _ = Cohort.objects.get_or_create(hub=hub, slug=f"{hub.slug}-2026", defaults={
            "name": f"{name} 2026", "starts_on": SELECTION_COHORT_STARTS,
            "ends_on": date(2027, 3, 31),
            "description": f"The 2026 cohort of {hub.name}: {focus}."})
        Call.objects.filter(slug=selection_call_slug(hub), cohort__isnull=True).update(
            cohort=cohort)
        confirmed = (Application.objects.filter(call__cohort=cohort,
                                                state=ApplicationState.CONFIRMED)
                     .order_by("pk"))
        for application in confirmed:
            member, _ = CohortMember.objects.get_or_create(
                cohort=cohort, user_id=application.applicant_id,
                defaults={"application": application})
            if member.application_id is None:
                CohortMember.objects.filter(pk=member.pk).update(application=application)
    # The demo participant belongs to pali pali's cohort even without a place (an older
    # demo database), so their login shows the programme's core.
    cohort = Cohort.objects.filter(slug="pali-pali-2026").first()
    if cohort is not None:
        CohortMember.objects.get_or_create(
            cohort=cohort, user=ensure_user(DEMO_PARTICIPANT, "Lucía Ferrer"))


def _at(days: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _members(hub, cohort, log):
    members = list(CohortMember.objects.filter(cohort=cohort)
                   .exclude(status=MemberStatus.LEFT).select_related("user")
                   .order_by("joined_at", "pk"))
    if members or hub.slug != "pali-pali":
        return members
    # No confirmed applicants yet: two members from the demo people so the pages have life.
    people = [ensure_user("participant@creaconnect.test", "Lucía Ferrer"),
              ensure_user("participant.two@creaconnect.test", "Tomás Navarro")]
    log("pali pali cohort had no members: added the demo participant and one more person")
    return [CohortMember.objects.get_or_create(cohort=cohort, user=u)[0] for u in people]


DEMO_PARTICIPANT = "participant@creaconnect.test"


def _seed_cohort(hub, cohort, mentor, log, hub_index=0) -> int:
    members = _members(hub, cohort, log)
    # The demo participant's login shows every part of the cohort: sessions, a milestone
    # signed off and one waiting for review, and a mentor with logged sessions.
    featured = [m for m in members if m.user.email == DEMO_PARTICIPANT]
    for member in members[::2]:
        # Half of the demo members agreed to anonymous statistics (the cohort report's charts).
        ConsentRecord.objects.get_or_create(user=member.user, kind=ConsentKind.DEMOGRAPHICS,
                                            defaults={"version": "2026-01"})
    sessions = []
    for title, days, minutes, trainer, description in SESSIONS:
        session, _ = TrainingSession.objects.get_or_create(cohort=cohort, title=title, defaults={
            "starts_at": _at(days), "duration_minutes": minutes, "trainer": trainer,
            "description": description, "capacity": max(20, len(members)),
            "place": f"{hub.name}, {hub.city}" if days % 2 else "",
            "online_url": "" if days % 2 else "https://meet.example.org/creaconnect"})
        sessions.append(session)
    for i, member in enumerate(members):
        for j, session in enumerate(sessions):
            past = session.starts_at < timezone.now()
            if not past and (i + j) % 2:
                continue  # about half the cohort has signed up for each future session
            SessionSignup.objects.get_or_create(session=session, member=member, defaults={
                # Most came; every third person missed the second session.
                "attended": (not (i % 3 == 2 and j == 1)) if past else None})
    milestones = [Milestone.objects.get_or_create(cohort=cohort, title=title, defaults={
        "due_on": timezone.localdate() + timedelta(days=days), "description": text,
        "order": n})[0] for n, (title, days, text) in enumerate(MILESTONES)]
    # Mixed states: signed off, waiting, changes asked, nothing yet.
    ok, waiting, changes = MilestoneState.APPROVED, MilestoneState.SUBMITTED, MilestoneState.CHANGES
    plans = [[ok, ok, ok], [ok, waiting], [changes], [ok], [waiting]]
    staff = HubMembership.objects.filter(hub=hub).select_related("user").first()
    reviewer = staff.user if staff else None
    planned = list(zip([m for m in members if m not in featured], plans, strict=False))
    planned += [(m, [ok, waiting]) for m in featured]
    for member, plan in planned:
        for milestone, state in zip(milestones, plan, strict=False):
            reviewed = state != waiting
            MilestoneSubmission.objects.get_or_create(milestone=milestone, member=member,
                                                      defaults={
                "text": f"{member.user.name}: {milestone.description}",
                "link": "https://example.org/evidence", "state": state,
                "feedback": "Add the costs of the first year." if state == changes else
                ("Clear and convincing." if reviewed else ""),
                "reviewed_by": reviewer if reviewed else None,
                "reviewed_at": timezone.now() if reviewed else None})
    mentored = members[:2 if hub.slug == "pali-pali" else 1]
    for n, member in enumerate(mentored + [m for m in featured if m not in mentored]):
        assignment, _ = MentorAssignment.objects.get_or_create(member=member, mentor=mentor)
        # Two sessions per pairing, different topics and days per person (not one log
        # repeated for everyone).
        person = 3 * hub_index + n
        topics = [MENTOR_TOPICS[(person + k) % len(MENTOR_TOPICS)] for k in range(2)]
        for k, (topic, minutes, shared, private) in enumerate(topics):
            MentoringSession.objects.get_or_create(assignment=assignment, topics=topic, defaults={
                "date": timezone.localdate() - timedelta(days=60 - 14 * k - 2 * person),
                "duration_minutes": minutes, "shared_notes": shared, "private_notes": private})
    return len(members)


def _certificate(hub, cohort, log):
    """One issued certificate: pali pali's first member, who met the rule."""
    if Certificate.objects.filter(member__cohort=cohort).exists():
        return
    members = list(CohortMember.objects.filter(cohort=cohort, status=MemberStatus.ACTIVE)
                   .order_by("joined_at", "pk")[:1])
    staff = HubMembership.objects.filter(hub=hub).select_related("user").first()
    if not members or staff is None:
        return
    certificate = issue_certificate(member=members[0], actor=staff.user)
    run_report(certificate.report_id)
    log(f"certificate {certificate.code} issued to {members[0].user}")


def seed(log):
    _cohorts(log)
    mentor = ensure_user("mentor@creaconnect.test", "Marco Bellini")
    total = 0
    for hub_index, hub in enumerate(Hub.objects.order_by("name")):
        cohort = Cohort.objects.filter(hub=hub, slug=f"{hub.slug}-2026").first()
        if cohort is None and hub.slug == "pali-pali":
            cohort, _ = Cohort.objects.get_or_create(hub=hub, slug="pali-pali-2026", defaults={
                "name": "pali pali 2026", "starts_on": date(2026, 9, 15),
                "ends_on": date(2027, 3, 31)})
        if cohort is None:
            continue
        total += _seed_cohort(hub, cohort, mentor, log, hub_index)
        if hub.slug == "pali-pali":
            _certificate(hub, cohort, log)
    log(f"cohort life for {total} members: sessions, attendance, mentoring, milestones")
