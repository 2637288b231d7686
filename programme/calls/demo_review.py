"""Demo of call review on the shared engine: pali pali's 2026 selection call reviewed in two
rounds ("Eligibility", then "Expert scoring") by its staff and two external experts, with
scores far enough apart that the round's table shows normalised figures, medians and a
disagreement flag, and one comment chosen for the applicant.

The two experts are the pool's Klara Novak and Marta Kowalska. Their expert profiles are
seeded by the hackathons demo, which runs after this one (INSTALLED_APPS order) and finds the
same people by e-mail address, so here they are only made (or found) as people.
"""

from datetime import timedelta

from django.utils import timezone

from creaconnect.review.scores import total as weighted_total
from hubs.demo import ensure_user

from .models import (
    Application,
    Call,
    CallReviewer,
    Review,
    ReviewAssignment,
    ReviewRound,
    ReviewScore,
)
from .models import ApplicationState as S

EXPERTS = [("hack.expert.klara@creaconnect.test", "Klara Novak"),
           ("hack.expert.marta@creaconnect.test", "Marta Kowalska")]
#: Expert scoring: (reviewer index, application index) → score on each criterion (0–5).
#: Reviewer 0 is the hub's staff member, 1 Klara (harsh), 2 Marta (lenient).
SCORES = {
    (0, 0): 4, (1, 0): 2, (2, 0): 5,   # 40 vs 100 points apart: flagged
    (0, 1): 3, (1, 1): 3,
    (1, 2): 1, (2, 2): 4,
    (0, 3): 5, (2, 3): 5,
    (0, 4): 2, (2, 4): 3,
}
COMMENTS = {
    (1, 0): "The idea is strong; the budget for the second year needs more detail.",
    (2, 0): "Convincing team and a clear audience.",
}


def _review(application, reviewer, review_round, criteria, score, comment=""):
    ReviewAssignment.objects.get_or_create(application=application, reviewer=reviewer,
                                           round=review_round, defaults={"automatic": True})
    review, _ = Review.objects.get_or_create(application=application, reviewer=reviewer,
                                             round=review_round,
                                             defaults={"comment": comment})
    for c in criteria:
        ReviewScore.objects.get_or_create(review=review, criterion=c, defaults={"score": score})
    value = weighted_total(criteria=criteria,
                           scores={s.criterion_id: s.score for s in review.scores.all()})
    review.total = value
    review.shared_with_applicant = comment.startswith("The idea")
    review.save(update_fields=["total", "shared_with_applicant"])


def seed(log):
    call = Call.objects.filter(slug="pali-pali-2026-selection").select_related("hub").first()
    if call is None:
        return
    now = timezone.now()
    staff = ensure_user(f"staff.{call.hub.slug}@creaconnect.test", "")
    experts = [ensure_user(email, name) for email, name in EXPERTS]
    for user in experts:
        CallReviewer.objects.get_or_create(call=call, user=user)
    criteria = list(call.criteria.all())
    eligibility, created = ReviewRound.objects.get_or_create(call=call, name="Eligibility",
                                                             defaults={
        "order": 1, "deadline": now - timedelta(days=91), "per_application": 1})
    if created:
        eligibility.criteria.set(criteria[:1])
    scoring, _ = ReviewRound.objects.get_or_create(call=call, name="Expert scoring", defaults={
        "order": 2, "deadline": now + timedelta(days=2), "per_application": 2})
    apps = list(Application.objects.filter(call=call).exclude(
        state__in=[S.DRAFT, S.WITHDRAWN]).order_by("submitted_at", "pk"))
    for app in apps:
        _review(app, staff, eligibility, criteria[:1], 1)
    reviewers = [staff, *experts]
    for (r, a), score in SCORES.items():
        if a < len(apps):
            _review(apps[a], reviewers[r], scoring, criteria, score, COMMENTS.get((r, a), ""))
    # Marta still has one to do before the deadline (the reminder's case).
    if len(apps) > 5:
        ReviewAssignment.objects.get_or_create(application=apps[5], reviewer=experts[1],
                                               round=scoring, defaults={"automatic": True})
    log(f"call review: 2 rounds, {len(experts)} experts on “{call.title}”")
