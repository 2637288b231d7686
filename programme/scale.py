"""Scale data for the programme: calls, applications with answers and reviews, cohorts,
training sessions with attendance. Built by the app's factories, inserted in bulk; idempotent
by slug prefix ``scale-``."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from hubs.models import Hub

from .calls.demo import CRITERIA, QUESTIONS
from .factories import (
    AnswerFactory,
    ApplicationFactory,
    CallFactory,
    CohortFactory,
    CohortMemberFactory,
    CriterionFactory,
    QuestionFactory,
    ReviewFactory,
    ReviewScoreFactory,
    SessionSignupFactory,
    TrainingSessionFactory,
)
from .models import (
    Answer,
    Application,
    Call,
    CallStatus,
    Cohort,
    CohortMember,
    Criterion,
    Question,
    Review,
    ReviewScore,
    SessionSignup,
    TrainingSession,
)
from .models import (
    ApplicationState as S,
)

STATES = [S.SUBMITTED] * 5 + [S.ACCEPTED, S.WAITLISTED, S.REJECTED, S.REJECTED, S.CONFIRMED]


def seed(factor, log):  # noqa: C901  a linear seeding script, one block per table
    if Call.objects.filter(slug__startswith="scale-").exists():
        log("programme scale data already there")
        return
    rng = random.Random(7)
    now = timezone.now()
    users = list(get_user_model().objects.filter(email__startswith="scale.")
                 .values_list("pk", flat=True))
    hubs = list(Hub.objects.order_by("pk"))
    reviewers = {h.pk: list(h.memberships.values_list("user_id", flat=True)) for h in hubs}
    n_calls = max(6, int(60 * factor))
    n_apps = int(30_000 * factor)
    n_sessions = int(3_000 * factor)
    cohorts, calls = [], []
    for i in range(n_calls):
        hub = hubs[i % len(hubs)]
        cohort = CohortFactory.build(hub=hub, name=f"Scale cohort {i}", slug=f"scale-{i}",
                        starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
        cohorts.append(cohort)
    Cohort.objects.bulk_create(cohorts)
    for i, cohort in enumerate(cohorts):
        calls.append(CallFactory.build(hub=cohort.hub, cohort=cohort, title=f"Scale call {i}",
                          slug=f"scale-{i}", summary="Scale data", description="Scale data",
                          eligibility="All", opens_at=now - timedelta(days=60),
                          closes_at=now + timedelta(days=30), status=CallStatus.PUBLISHED))
    Call.objects.bulk_create(calls)
    questions, criteria = [], []
    for call in calls:
        for j, (step, kind, label, _h, required, choices, words) in enumerate(QUESTIONS[:3]):
            questions.append(QuestionFactory.build(
                call=call, step=step, order=j, kind=kind, label=label, required=required,
                choices=choices, word_limit=words))
        for j, (name, _d, weight) in enumerate(CRITERIA):
            criteria.append(CriterionFactory.build(call=call, name=name, weight=weight,
                                                   scale_max=5, order=j))
    Question.objects.bulk_create(questions)
    Criterion.objects.bulk_create(criteria)
    q_by_call, c_by_call = {}, {}
    for q in questions:
        q_by_call.setdefault(q.call_id, []).append(q)
    for c in criteria:
        c_by_call.setdefault(c.call_id, []).append(c)
    # The first call gets 1,000 applications at large size (the console table benchmark).
    big = calls[0]
    assignments = []
    pool = users[:]
    rng.shuffle(pool)
    per_call = max(1, (n_apps - min(1000, n_apps)) // max(1, len(calls) - 1))
    for call in calls:
        count = min(1000, n_apps) if call is big else per_call
        for k in range(count):
            assignments.append((call, pool[(hash((call.pk, k)) & 0x7FFFFFFF) % len(pool)]))
    seen, apps = set(), []
    for call, user_id in assignments:
        if (call.pk, user_id) in seen:
            continue
        seen.add((call.pk, user_id))
        apps.append(ApplicationFactory.build_with_ids(
            {"applicant": user_id}, call=call, state=rng.choice(STATES),
            project_title=f"Project {len(apps)}", submitted_at=now))
    Application.objects.bulk_create(apps, batch_size=5000)
    answers, reviews = [], []
    for a in apps:
        for q in q_by_call[a.call_id]:
            answers.append(AnswerFactory.build(application=a, question=q,
                                  value="Scale answer" if q.kind != "single_choice" else "Idea"))
        revs = reviewers[a.call.hub_id]
        if revs:
            reviews.append(ReviewFactory.build_with_ids(
                {"reviewer": rng.choice(revs)}, application=a,
                total=Decimal(rng.randint(20, 95))))
    Answer.objects.bulk_create(answers, batch_size=10000)
    Review.objects.bulk_create(reviews, batch_size=5000)
    scores = [ReviewScoreFactory.build(review=r, criterion=c, score=rng.randint(1, 5))
              for r in reviews for c in c_by_call[r.application.call_id]]
    ReviewScore.objects.bulk_create(scores, batch_size=10000)
    members = [CohortMemberFactory.build_with_ids({"user": a.applicant_id}, cohort=a.call.cohort)
               for a in apps if a.state == S.CONFIRMED]
    CohortMember.objects.bulk_create(members, batch_size=5000, ignore_conflicts=True)
    members = list(CohortMember.objects.filter(cohort__slug__startswith="scale-"))
    by_cohort = {}
    for m in members:
        by_cohort.setdefault(m.cohort_id, []).append(m)
    sessions = [TrainingSessionFactory.build(cohort=cohorts[i % len(cohorts)],
                                             title=f"Session {i}",
                                             starts_at=now - timedelta(days=rng.randint(1, 200)),
                                             capacity=40) for i in range(n_sessions)]
    TrainingSession.objects.bulk_create(sessions, batch_size=5000)
    signups = [SessionSignupFactory.build(session=s, member=m, attended=rng.random() < 0.8)
               for s in sessions for m in by_cohort.get(s.cohort_id, [])[:40]]
    SessionSignup.objects.bulk_create(signups, batch_size=10000, ignore_conflicts=True)
    log(f"{len(calls)} calls, {len(apps)} applications, {len(answers)} answers, "
        f"{len(reviews)} reviews, {len(sessions)} sessions, {len(signups)} sign-ups")
