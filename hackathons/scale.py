"""Scale data for hackathons: at large size 5 hackathons with 1,500 teams (3 members each, all
registered), 1,500 submitted submissions, 3,000 judge assignments and 15,000 scores (2 judges
× 5 criteria per submission). Built by the app's factories, inserted in bulk; idempotent by
slug prefix ``scale-``."""

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from hubs.models import Hub

from .factories import (
    ChallengeFactory,
    HackathonCriterionFactory,
    HackathonFactory,
    JudgeAssignmentFactory,
    PanelJudgeFactory,
    RegistrationFactory,
    ScoreFactory,
    SubmissionFactory,
    TeamFactory,
    TeamMembershipFactory,
)
from .models import (
    Challenge,
    Criterion,
    Hackathon,
    HackathonStatus,
    JudgeAssignment,
    PanelJudge,
    Registration,
    RegistrationStatus,
    Score,
    Submission,
    SubmissionStatus,
    Team,
    TeamMembership,
    TeamStatus,
)

TEAM_SIZE = 3
JUDGES_PER_SUBMISSION = 2
CRITERIA = ["Creativity", "Impact", "Feasibility", "Craft", "Pitch"]


JUDGE_EMAIL = "judge@creaconnect.test"
JUDGE_ASSIGNMENTS = 250  # the size of pretalx's reviewer page in the issue 20 comparison


def seed(factor, log):
    if Hackathon.objects.filter(slug__startswith="scale-").exists():
        log("hackathon scale data already there")
    else:
        _seed(factor, log)
    _busy_judge(log)


def _busy_judge(log):
    """The demo judge (the bench's judge queue) gets up to 250 scale submissions to score,
    half of them scored: the queue then has pretalx's reviewer-page size at ``large`` (the
    ``small`` data set has fewer submissions than that: all of them)."""
    judge = get_user_model().objects.filter(email=JUDGE_EMAIL).first()
    if judge is None:
        return
    have = JudgeAssignment.objects.filter(judge=judge, hackathon__slug__startswith="scale-")
    missing = JUDGE_ASSIGNMENTS - have.count()
    if missing <= 0:
        return
    submissions = list(Submission.objects.filter(hackathon__slug__startswith="scale-")
                       .exclude(assignments__judge=judge)
                       .order_by("pk").values_list("pk", "hackathon_id")[:missing])
    now = timezone.now()
    PanelJudge.objects.bulk_create(
        [PanelJudgeFactory.build_with_ids({"hackathon": h}, judge=judge)
         for h in {h for _, h in submissions}],
        ignore_conflicts=True)
    JudgeAssignment.objects.bulk_create(
        [JudgeAssignmentFactory.build_with_ids(
            {"hackathon": h, "submission": pk}, judge=judge,
            scored_at=(now - timedelta(days=3)) if i % 2 else None)
         for i, (pk, h) in enumerate(submissions)], batch_size=1000)
    log(f"the demo judge got {len(submissions)} more assignments")


def _seed(factor, log):
    rng = random.Random(11)
    now = timezone.now()
    n_hackathons = max(1, round(5 * factor))
    n_teams = max(n_hackathons, int(1500 * factor))
    per_hackathon = n_teams // n_hackathons
    judges_per_hackathon = max(JUDGES_PER_SUBMISSION, per_hackathon // 30)
    users = list(get_user_model().objects.filter(email__startswith="scale.")
                 .order_by("pk").values_list("pk", flat=True))
    needed = per_hackathon * TEAM_SIZE + judges_per_hackathon
    if len(users) < needed:
        log(f"hackathons: {needed} scale users needed, {len(users)} there: skipped")
        return
    hubs = list(Hub.objects.order_by("pk"))
    hackathons = [HackathonFactory.build(
        hub=hubs[i % len(hubs)], title=f"Scale hackathon {i}", slug=f"scale-{i}",
        theme="Scale", summary="Scale data", description="Scale data", place="Online",
        is_online=True, starts_at=now - timedelta(days=12), ends_at=now - timedelta(days=10),
        registration_opens=now - timedelta(days=40), registration_closes=now - timedelta(days=13),
        submission_deadline=now - timedelta(days=10), judging_opens=now - timedelta(days=10),
        judging_closes=now - timedelta(days=2), capacity=per_hackathon * TEAM_SIZE,
        status=HackathonStatus.RESULTS_PUBLISHED, results_published_at=now - timedelta(days=1))
        for i in range(n_hackathons)]
    Hackathon.objects.bulk_create(hackathons)
    challenges = Challenge.objects.bulk_create(
        [ChallengeFactory.build(hackathon=h, title=f"Challenge {h.pk}") for h in hackathons])
    criteria = Criterion.objects.bulk_create(
        [HackathonCriterionFactory.build(hackathon=h, name=name, weight=Decimal("1.00"),
                                         scale_max=10, order=j)
         for h in hackathons for j, name in enumerate(CRITERIA)])
    criteria_of = {}
    for c in criteria:
        criteria_of.setdefault(c.hackathon_id, []).append(c)
    registrations, teams, members_of, judges_of = [], [], {}, {}
    for h, challenge in zip(hackathons, challenges, strict=True):
        # Each hackathon draws its people from the scale users: distinct within it.
        pool = rng.sample(users, per_hackathon * TEAM_SIZE + judges_per_hackathon)
        judges_of[h.pk] = pool[per_hackathon * TEAM_SIZE:]
        for t in range(per_hackathon):
            people = pool[t * TEAM_SIZE:(t + 1) * TEAM_SIZE]
            team = TeamFactory.build_with_ids(
                {"captain": people[0]}, hackathon=h, name=f"Team {t}", challenge=challenge,
                pitch="Scale pitch", status=TeamStatus.LOCKED, looking_for_members=False)
            teams.append(team)
            members_of[id(team)] = people
            registrations += [RegistrationFactory.build_with_ids(
                {"user": u}, hackathon=h, status=RegistrationStatus.REGISTERED, country="BE",
                motivation="Scale", looking_for_team=False) for u in people]
    Registration.objects.bulk_create(registrations, batch_size=5000)
    Team.objects.bulk_create(teams, batch_size=2000)
    TeamMembership.objects.bulk_create(
        [TeamMembershipFactory.build_with_ids({"user": u}, team=t, hackathon=t.hackathon)
         for t in teams for u in members_of[id(t)]], batch_size=5000)
    by_pk = {h.pk: h for h in hackathons}
    PanelJudge.objects.bulk_create(
        [PanelJudgeFactory.build_with_ids({"judge": j}, hackathon=by_pk[hid])
         for hid, js in judges_of.items() for j in js])
    submissions = Submission.objects.bulk_create(
        [SubmissionFactory.build(team=t, hackathon=t.hackathon, challenge=t.challenge,
                                 title=f"Submission of {t.name}", summary="Scale submission",
                                 status=SubmissionStatus.SUBMITTED, version=1,
                                 submitted_at=now - timedelta(days=10, hours=1))
         for t in teams],
        batch_size=2000)
    assignments, scores = [], []
    for s in submissions:
        for judge in rng.sample(judges_of[s.hackathon_id], JUDGES_PER_SUBMISSION):
            assignments.append(JudgeAssignmentFactory.build_with_ids(
                {"judge": judge}, submission=s, hackathon=s.hackathon,
                scored_at=now - timedelta(days=3), comment_to_team="Scale feedback"))
            scores += [ScoreFactory.build_with_ids(
                {"judge": judge}, submission=s, hackathon=s.hackathon, criterion=c,
                value=rng.randint(3, 10)) for c in criteria_of[s.hackathon_id]]
    JudgeAssignment.objects.bulk_create(assignments, batch_size=5000)
    Score.objects.bulk_create(scores, batch_size=10000)
    log(f"{len(hackathons)} hackathons, {len(teams)} teams, {len(submissions)} submissions, "
        f"{len(assignments)} judge assignments, {len(scores)} scores")
