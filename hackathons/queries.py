"""Read-side queries of the hackathons app (public lists, team finder, queues).

Every list loads its related rows in a fixed number of queries, whatever its length.
"""

from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum
from django.utils import timezone
from django_scopes import scopes_disabled

from .models import (
    Hackathon,
    HackathonStatus,
    JudgeAssignment,
    MentorAssignment,
    PanelJudge,
    Registration,
    RegistrationStatus,
    Submission,
    SubmissionStatus,
    Team,
    TeamMembership,
    TeamStatus,
)
from .services.teams import rule_problems


def public_hackathons():
    """Every public hackathon of every hub, for the public list. Crosses hubs on purpose."""
    with scopes_disabled():
        return list(Hackathon.objects.filter(status__in=Hackathon.PUBLIC_STATUSES)
                    .select_related("hub").annotate(
                        n_teams=Count("teams", distinct=True))
                    .order_by("starts_at"))


def hackathon_by_slug(slug):
    """The hackathon for a public URL (the hub scope is entered after this lookup)."""
    with scopes_disabled():  # resolving the URL's hackathon: its hub is not known yet
        return Hackathon.objects.select_related("hub").filter(slug=slug).first()


def registration_for(hackathon, user):
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(hackathon=hackathon, user=user).first()


def membership_for(hackathon, user):
    if not user.is_authenticated:
        return None
    return (TeamMembership.objects.filter(hackathon=hackathon, user=user)
            .select_related("team").first())


def registrations_by_user(hackathon) -> dict:
    return {r.user_id: r for r in Registration.objects.filter(hackathon=hackathon)}


def teams_with_members(qs):
    """Teams with their members (and users) and challenge loaded: three queries."""
    return qs.select_related("challenge", "captain").prefetch_related(
        Prefetch("memberships", queryset=TeamMembership.objects.select_related("user")))


def decorate_teams(hackathon, teams, regs=None):
    """Attach members' registrations, countries, disciplines, languages, skills and rule
    problems to each team, from one bulk query of registrations."""
    regs = regs if regs is not None else registrations_by_user(hackathon)
    for team in teams:
        team.hackathon = hackathon
        members = list(team.memberships.all())
        ids = [m.user_id for m in members]
        member_regs = [regs[i] for i in ids if i in regs]
        for m in members:
            m.registration = regs.get(m.user_id)
        team.member_list = members
        team.countries = sorted({str(r.country) for r in member_regs if r.country})
        team.disciplines = sorted({d for r in member_regs for d in r.disciplines})
        team.languages = sorted({lang for r in member_regs for lang in r.languages})
        team.skills = sorted({s for r in member_regs for s in r.skills})
        team.missing_skills = [s for s in team.wanted_skills if s not in team.skills]
        team.problems = (team.rule_problems if team.status != TeamStatus.FORMING
                         else rule_problems(team, regs, ids))
        team.free_places = max(0, hackathon.team_max - len(members))
    return teams


def team_finder(hackathon, *, skill="", discipline="", language="", country=""):
    """Teams looking for members and people looking for a team, filtered alike."""
    teams = Team.objects.filter(hackathon=hackathon, status=TeamStatus.FORMING,
                                looking_for_members=True)
    people = (Registration.objects.filter(hackathon=hackathon,
                                          status=RegistrationStatus.REGISTERED,
                                          looking_for_team=True)
              .exclude(user__in=TeamMembership.objects.filter(hackathon=hackathon)
                       .values("user")).select_related("user"))
    member_regs = Registration.objects.filter(
        hackathon=hackathon, user__hackathon_team_memberships__team=OuterRef("pk"))
    if skill:
        skill = skill.strip().lower()
        teams = teams.filter(wanted_skills__contains=[skill])
        people = people.filter(skills__contains=[skill])
    if discipline:
        teams = teams.filter(Exists(member_regs.filter(disciplines__contains=[discipline])))
        people = people.filter(disciplines__contains=[discipline])
    if language:
        teams = teams.filter(Exists(member_regs.filter(languages__contains=[language])))
        people = people.filter(languages__contains=[language])
    if country:
        teams = teams.filter(Exists(member_regs.filter(country=country)))
        people = people.filter(country=country)
    return teams_with_members(teams.order_by("name")), people.order_by("created")


def suggestions(*, teams, people, my_team=None, my_registration=None, limit=5):
    """Matches that fill a team's missing skills: for a team, the people with the most of its
    missing skills (new countries and disciplines break ties); for a person without a team,
    the teams missing the most of their skills. Works on lists already loaded."""
    if my_team is not None:
        missing = set(my_team.missing_skills)
        if not missing:
            return []
        scored = []
        for p in people:
            overlap = missing & set(p.skills)
            if overlap:
                bonus = (str(p.country) not in my_team.countries) + bool(
                    set(p.disciplines) - set(my_team.disciplines))
                scored.append((len(overlap), bonus, p, sorted(overlap)))
        scored.sort(key=lambda t: (-t[0], -t[1], t[2].created))
        return [{"person": p, "skills": o} for _n, _b, p, o in scored[:limit]]
    if my_registration is not None:
        mine = set(my_registration.skills)
        scored = []
        for t in teams:
            overlap = mine & set(t.missing_skills)
            if overlap and t.free_places:
                scored.append((len(overlap), t, sorted(overlap)))
        scored.sort(key=lambda x: (-x[0], x[1].name))
        return [{"team": t, "skills": o} for _n, t, o in scored[:limit]]
    return []


def hackathon_people(hackathon):
    """Mentors and judges shown on the public page (two queries)."""
    mentors = {a.mentor_id: a.mentor for a in MentorAssignment.objects.filter(
        hackathon=hackathon).select_related("mentor__profile")}
    judges = [p.judge for p in PanelJudge.objects.filter(hackathon=hackathon)
              .select_related("judge__expert_profile__hub")]
    return sorted(mentors.values(), key=str), judges


def winners(hackathon):
    return list(hackathon.prizes.filter(winner__isnull=False).select_related(
        "winner", "challenge"))


def ranked_submissions(hackathon):
    return list(Submission.objects.filter(hackathon=hackathon, rank__isnull=False)
                .select_related("team", "challenge").order_by("rank"))


def judge_queue(user):
    """A judge's assignments in every hackathon. Crosses hubs on purpose: a judge's own
    list spans the programme."""
    with scopes_disabled():
        return list(JudgeAssignment.objects.filter(judge=user)
                    .select_related("submission__team", "hackathon__hub")
                    .order_by("hackathon__judging_closes", "pk"))


def mentored_teams(user):
    """Teams ``user`` mentors, across hubs (the mentor's own list)."""
    with scopes_disabled():
        assignments = list(MentorAssignment.objects.filter(mentor=user)
                           .select_related("team__hackathon__hub")
                           .annotate(n_feedback=Count("team__feedback", distinct=True))
                           .order_by("-hackathon__starts_at", "team__name"))
    return assignments


def my_hackathons(user):
    """The participant's registrations and teams, across hubs (their own dashboard)."""
    with scopes_disabled():
        regs = list(Registration.objects.filter(user=user)
                    .exclude(status=RegistrationStatus.CANCELLED)
                    .select_related("hackathon__hub").order_by("-hackathon__starts_at"))
        teams = {m.hackathon_id: m.team for m in TeamMembership.objects.filter(user=user)
                 .select_related("team")}
    for r in regs:
        r.team = teams.get(r.hackathon_id)
    return regs


def open_hackathons():
    """Hackathons open for registration now, across hubs (home page 'open now')."""
    now = timezone.now()
    with scopes_disabled():
        return list(Hackathon.objects.filter(status=HackathonStatus.REGISTRATION,
                                             registration_opens__lte=now,
                                             registration_closes__gt=now)
                    .select_related("hub"))


def judging_progress(hackathon):
    """``{submission_id: (scored, assigned)}`` and totals, in one query."""
    rows = (JudgeAssignment.objects.filter(hackathon=hackathon).values("submission_id")
            .annotate(n=Count("pk"), done=Count("pk", filter=Q(scored_at__isnull=False))))
    per = {r["submission_id"]: (r["done"], r["n"]) for r in rows}
    done = sum(d for d, _n in per.values())
    total = sum(n for _d, n in per.values())
    return per, done, total


def judge_loads(hackathon):
    loads = defaultdict(lambda: [0, 0])
    for judge_id, scored in JudgeAssignment.objects.filter(hackathon=hackathon).values_list(
            "judge_id", "scored_at"):
        loads[judge_id][0] += 1
        loads[judge_id][1] += scored is not None
    return loads


# --- Programme-wide figures and the expert pool (read by the consortium console) ---------

def hackathon_figures(*, start=None, end=None) -> dict[int, dict]:
    """``{hub_id: {figure: value}}`` for every hub over ``[start, end]`` (dates, optional):
    registrations (not cancelled) by date, teams by creation, submitted submissions by
    submission date, team mentoring minutes by date. Four queries."""
    from creaconnect.core.periods import period_q

    from .models import MentoringLog

    figures: dict[int, dict] = {}

    def merge(rows, hub_key="hackathon__hub_id"):
        for row in rows:
            figures.setdefault(row.pop(hub_key), {}).update(row)

    # Programme-wide aggregates for the consortium console: crossing hubs by design.
    with scopes_disabled():
        merge(Registration.objects.exclude(status=RegistrationStatus.CANCELLED)
              .filter(period_q("created__date", start, end))
              .values("hackathon__hub_id").annotate(registrations=Count("id")).order_by())
        merge(Team.objects.filter(period_q("created__date", start, end))
              .values("hackathon__hub_id").annotate(teams=Count("id")).order_by())
        merge(Submission.objects.filter(submitted_at__isnull=False)
              .filter(period_q("submitted_at__date", start, end))
              .values("hackathon__hub_id").annotate(submissions=Count("id")).order_by())
        merge(MentoringLog.objects.filter(period_q("date", start, end))
              .values("assignment__hackathon__hub_id")
              .annotate(team_mentoring_minutes=Sum("minutes")).order_by(),
              "assignment__hackathon__hub_id")
    return figures


def experts_for_pool(*, q="", active=None, pk=None):
    """The expert pool with each expert's current load: open judging assignments (in
    hackathons not yet published or archived), panels they sit on in such hackathons, and
    conflicts they declared. Three subqueries in one query; ``user`` and ``hub`` joined."""
    from django.db.models import IntegerField, Subquery
    from django.db.models.functions import Coalesce

    from .models import ConflictDeclaration, ExpertProfile

    open_states = [HackathonStatus.DRAFT, HackathonStatus.REGISTRATION,
                   HackathonStatus.RUNNING, HackathonStatus.JUDGING]

    def count_of(model, **filters):
        rows = (model.objects.filter(**filters).values("judge")
                .annotate(n=Count("id")).values("n"))
        return Coalesce(Subquery(rows[:1], output_field=IntegerField()), 0)

    qs = ExpertProfile.objects.select_related("user", "hub")
    if active is not None:
        qs = qs.filter(is_active=active)
    if pk is not None:
        qs = qs.filter(pk=pk)
    if q:
        qs = qs.filter(Q(user__display_name__icontains=q) | Q(user__email__icontains=q)
                       | Q(organisation__icontains=q) | Q(expertise__contains=[q]))
    # The pool and its load span every hub by nature.
    with scopes_disabled():
        return list(qs.annotate(
            open_assignments=count_of(JudgeAssignment, judge=OuterRef("user_id"),
                                      hackathon__status__in=open_states,
                                      scored_at__isnull=True),
            panels=count_of(PanelJudge, judge=OuterRef("user_id"),
                            hackathon__status__in=open_states),
            conflicts=count_of(ConflictDeclaration, judge=OuterRef("user_id")),
        ).order_by("user__display_name", "user__email"))


def open_expert_invitations():
    from .models import ExpertInvitation

    return list(ExpertInvitation.objects.filter(accepted_at__isnull=True)
                .select_related("invited_by").order_by("-created"))


def expert_invitation_by_token(token: str):
    from .models import ExpertInvitation

    return ExpertInvitation.objects.filter(token=token).first()


# --- for the showcase (it reads hackathons only through these) ---------------------------------

def submitted_project(hub, submission_id) -> dict | None:
    """A submitted team project of a hackathon hosted by ``hub``, as the showcase pre-fills a
    project from it: ``title``, ``summary``, ``description``, ``video_url``, ``theme`` (the
    hackathon's wording), ``label`` ("hackathon — team") and ``members`` (users)."""
    submission = (Submission.objects.select_related("hackathon", "team")
                  .filter(hackathon__hub=hub, pk=submission_id,
                          status=SubmissionStatus.SUBMITTED).first())
    if submission is None:
        return None
    return {
        "title": submission.title, "summary": submission.summary,
        "description": submission.description, "video_url": submission.video_url,
        "theme": submission.hackathon.theme,
        "label": f"{submission.hackathon.title} — {submission.team}",
        "team_id": submission.team_id,
        "members": [m.user for m in submission.team.memberships.select_related("user")],
    }


def submission_challenge_title(submission_id) -> str:
    """The title of the challenge a submission answered ("" when none)."""
    with scopes_disabled():  # the showcase project's own hub owns the row; no request scope
        return (Submission.objects.filter(pk=submission_id)
                .values_list("challenge__title", flat=True).first()) or ""


def published_results():
    """Hackathons of every hub whose results are published (or archived), newest first, each
    with ``ranked`` (ranked submissions, team and challenge loaded) and ``prize_list``
    (prizes, winner loaded). Published results are public by definition: crosses hubs."""
    from .models import Prize

    with scopes_disabled():
        return list(Hackathon.objects.filter(
            status__in=[HackathonStatus.RESULTS_PUBLISHED, HackathonStatus.ARCHIVED])
            .select_related("hub").order_by("-results_published_at", "slug")
            .prefetch_related(
                Prefetch("submissions", queryset=Submission.objects.filter(
                    rank__isnull=False).select_related("team", "challenge")
                    .order_by("rank"), to_attr="ranked"),
                Prefetch("prizes", queryset=Prize.objects.select_related("winner"),
                         to_attr="prize_list")))


def teams_for_showcase(hub):
    """The teams of ``hub``'s hackathons a showcase project may grow from (form choices)."""
    return (Team.objects.filter(hackathon__hub=hub).select_related("hackathon")
            .order_by("-hackathon__starts_at", "name"))


def submissions_for_showcase(hub):
    """The submitted projects of ``hub``'s hackathons a showcase project may grow from."""
    return (Submission.objects.filter(hackathon__hub=hub, status=SubmissionStatus.SUBMITTED)
            .select_related("hackathon", "team").order_by("-hackathon__starts_at", "title"))


# --- a person's path (read by the dashboard and the consortium's person page) ------------------

PUBLISHED_RESULTS = (HackathonStatus.RESULTS_PUBLISHED, HackathonStatus.ARCHIVED)


def path_steps_for_person(user, *, hub_ids=None) -> list[dict]:
    """The hackathon steps of ``user``'s path: registered, the team, the submitted project and
    the prizes it won (once results are published). Steps are dicts like
    :func:`programme.queries.path_steps_for_person`'s, plus ``hub_ids``: the hubs that touched
    the step, that is the host hub and the hub the person registered with (the "CreaConnect
    hub you work with" of their registration), which sent or supports them. ``hub_ids`` (the
    argument) keeps the hackathons one of those hubs touched (``None``: every hub). Three
    queries, whatever the number of steps."""
    from .models import Prize

    steps = []
    # Crossing hubs on purpose: one person's path; the caller decides which hubs it may see.
    with scopes_disabled():
        registrations = list(Registration.objects.filter(user=user)
                             .select_related("hackathon__hub"))
        touched = {r.hackathon_id: {r.hackathon.hub_id} | ({r.home_hub_id} - {None})
                   for r in registrations}
        members = list(TeamMembership.objects.filter(user=user)
                       .select_related("team__submission", "hackathon__hub"))
        for m in members:
            touched.setdefault(m.hackathon_id, {m.hackathon.hub_id})
        if hub_ids is not None:
            touched = {h: hubs for h, hubs in touched.items() if hubs & set(hub_ids)}

        def base(h):
            return {"hub_id": h.hub_id, "hub_name": h.hub.name,
                    "hub_ids": touched[h.pk]}

        for r in registrations:
            h = r.hackathon
            if h.pk not in touched:
                continue
            # Demo and imported rows may be written after the event: never later than it.
            steps.append({**base(h), "kind": "registered", "at": min(r.created, h.starts_at),
                          "title": h.title, "detail": r.get_status_display()})
        teams = {m.hackathon_id: m for m in members if m.hackathon_id in touched}
        for m in teams.values():
            h, team = m.hackathon, m.team
            steps.append({**base(h), "kind": "team", "at": min(m.joined, h.starts_at),
                          "title": team.name, "detail": h.title})
            submission = getattr(team, "submission", None)
            if submission is not None and submission.status == SubmissionStatus.SUBMITTED:
                steps.append({**base(h), "kind": "submission",
                              "at": submission.submitted_at or submission.updated,
                              "title": submission.title, "detail": h.title})
        for p in (Prize.objects.filter(winner_id__in=[m.team_id for m in teams.values()],
                                       hackathon__status__in=PUBLISHED_RESULTS)
                  .select_related("hackathon__hub", "winner")):
            h = p.hackathon
            steps.append({**base(h), "kind": "prize", "at": h.results_published_at or h.ends_at,
                          "title": p.name, "detail": f"{h.title} — {p.winner.name}"})
    return steps


def team_lineage(team_id) -> dict | None:
    """Where a showcase project that grew from team ``team_id`` came from: ``hackathon``,
    ``hackathon_url``, ``hub_name``, ``team``, ``challenge`` and ``prizes`` (names, once the
    results are published). Two queries."""
    from .models import Prize

    if not team_id:
        return None
    # The showcase project's hub may differ from the host hub: no single request scope.
    with scopes_disabled():
        team = (Team.objects.select_related("hackathon__hub", "challenge")
                .filter(pk=team_id).first())
        if team is None:
            return None
        h = team.hackathon
        prizes = list(Prize.objects.filter(winner=team, hackathon__status__in=PUBLISHED_RESULTS)
                      .values_list("name", flat=True))
    return {"hackathon": h.title, "hackathon_url": h.get_absolute_url(),
            "hub_name": h.hub.name, "team": team.name,
            "challenge": team.challenge.title if team.challenge else "", "prizes": prizes}


# --- satisfaction surveys (read by the surveys app) ----------------------------------------------

def hackathons_with_results(*, since=None):
    """Every hub's hackathons whose results were published (from ``since`` on, optional):
    their participants are asked for a satisfaction survey. Crosses hubs: the survey job."""
    with scopes_disabled():
        qs = Hackathon.objects.filter(status__in=PUBLISHED_RESULTS,
                                      results_published_at__isnull=False)
        if since is not None:
            qs = qs.filter(results_published_at__gte=since)
        return list(qs.select_related("hub"))


def hackathons_without_results(hub):
    """``hub``'s hackathons whose results are not published yet (a survey can be prepared)."""
    return Hackathon.objects.filter(hub=hub).exclude(status__in=PUBLISHED_RESULTS)


def participant_ids(hackathon_id) -> list[int]:
    """The people in a team of the hackathon (the ones who took part)."""
    with scopes_disabled():  # called by the survey job, which has no request scope
        return list(TeamMembership.objects.filter(hackathon_id=hackathon_id)
                    .values_list("user_id", flat=True).distinct())


# --- Office hours (booked through the programme's pages, via the core registry) -------------

def team_mentor_hub_ids(user) -> set[int]:
    """Hubs whose hackathons ``user`` mentors a team of: where they may offer office hours."""
    with scopes_disabled():  # the mentor's own assignments, across hubs
        return set(MentorAssignment.objects.filter(mentor_id=user.pk)
                   .values_list("hackathon__hub_id", flat=True))


def team_mentor_pairs(user) -> set[tuple[int, int]]:
    """``(hub_id, mentor_id)`` of the mentors assigned to ``user``'s teams, across hubs."""
    with scopes_disabled():  # the person's own teams
        team_ids = TeamMembership.objects.filter(user_id=user.pk).values("team_id")
        return set(MentorAssignment.objects.filter(team_id__in=team_ids)
                   .values_list("hackathon__hub_id", "mentor_id"))


def participant_hub_ids(user) -> set[int]:
    """Hubs whose hackathons ``user`` takes part in: registered (not waiting, not cancelled)
    or in a team."""
    with scopes_disabled():  # the person's own registrations and teams, across hubs
        registered = set(Registration.objects.filter(user_id=user.pk,
                                                     status=RegistrationStatus.REGISTERED)
                         .values_list("hackathon__hub_id", flat=True))
        in_team = set(TeamMembership.objects.filter(user_id=user.pk)
                      .values_list("hackathon__hub_id", flat=True))
    return registered | in_team
