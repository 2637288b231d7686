"""The facts the review engine needs about a call's review, read in a few queries.

Read-only: nothing here writes. :mod:`.review_rounds` turns the engine's answers into
assignments and the console's tables. The rules themselves live in :mod:`creaconnect.review`
(the same module hackathon judging uses):

* **Reviewers** of a call are the hub's staff and the experts of the pool staff added to the
  call (:class:`~programme.calls.models.CallReviewer`). Experts come through
  :mod:`creaconnect.review.pool` (the pool belongs to hackathons; programme never imports it).
* **Conflicts** (:mod:`creaconnect.review.conflicts`): declared (``ReviewConflict``, or the
  expert's own list naming the project or an applicant's organisation), the reviewer is the
  applicant or a co-applicant, same hub (the expert's hub, or a hub where reviewer and an
  applicant are both staff), same organisation (profiles).
* **Affinity** (:mod:`creaconnect.review.affinity`): the reviewer's expertise tags (skills for
  staff) and bio against the project title and the application's text answers.
"""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django_scopes import scopes_disabled

from creaconnect.review import pool
from creaconnect.review.affinity import AffinityMatrix, Profile, affinity_matrix
from creaconnect.review.conflicts import ConflictReason, Item, Reviewer, find_conflicts
from hubs.models import HubMembership

from ..models import Answer, Application, CallReviewer, CoApplicant, ReviewConflict
from ..models import ApplicationState as S

#: The states whose applications are reviewed (:mod:`.reviews` uses the same list).
REVIEWABLE = [S.SUBMITTED, S.WAITLISTED, S.ACCEPTED, S.REJECTED, S.CONFIRMED, S.DECLINED]


def reviewer_ids(call) -> list[int]:
    """The call's reviewers (hub staff, then the call's experts), ids ascending."""
    staff = set(HubMembership.objects.filter(hub=call.hub).values_list("user_id", flat=True))
    experts = set(CallReviewer.objects.filter(call=call).values_list("user_id", flat=True))
    return sorted(staff | experts)


def reviewers_by_id(ids) -> dict:
    return {u.pk: u for u in get_user_model().objects.filter(pk__in=list(ids))
            .select_related("profile")}


def reviewable(call) -> list[Application]:
    return list(Application.objects.filter(call=call, state__in=REVIEWABLE)
                .select_related("applicant").order_by("pk"))


def _people(applications) -> dict[int, set]:
    """Application id → user ids of its applicant and joined co-applicants."""
    people = {a.pk: {a.applicant_id} for a in applications}
    for app_id, user_id in CoApplicant.objects.filter(
            application__in=[a.pk for a in applications], user__isnull=False,
            accepted_at__isnull=False).values_list("application_id", "user_id"):
        people[app_id].add(user_id)
    return people


def _staff_hubs(user_ids) -> dict[int, set]:
    hubs = defaultdict(set)
    # A person's staff roles span hubs by nature.
    with scopes_disabled():
        for user_id, hub_id in HubMembership.objects.filter(
                user_id__in=list(user_ids)).values_list("user_id", "hub_id"):
            hubs[user_id].add(hub_id)
    return hubs


def _organisations(user_ids) -> dict[int, str]:
    return dict(get_user_model().objects.filter(pk__in=list(user_ids))
                .values_list("pk", "profile__organisation"))


def pool_experts(ids) -> dict[int, pool.Expert]:
    """The pool's facts of the reviewers ``ids`` who are experts (inactive ones too)."""
    return pool.experts(user_ids=ids, active_only=False)


def conflict_reasons(call, ids, applications, *, experts=None
                     ) -> dict[tuple[int, int], ConflictReason]:
    """``{(reviewer id, application id): reason}`` for every pair never to be assigned.
    ``experts`` (:func:`pool_experts` of ``ids``) when the caller already has them."""
    people = _people(applications)
    everyone = {u for us in people.values() for u in us} | set(ids)
    hubs, orgs = _staff_hubs(everyone), _organisations(everyone)
    experts = pool_experts(ids) if experts is None else experts
    reviewers = []
    for rid in ids:
        expert = experts.get(rid)
        reviewer_hubs = set(hubs.get(rid, set()))
        if expert is not None and expert.hub_id is not None:
            reviewer_hubs.add(expert.hub_id)
        reviewers.append(Reviewer(
            id=rid, person_id=rid, hub_ids=reviewer_hubs,
            organisations={orgs.get(rid) or "", expert.organisation if expert else ""},
            declared_text=expert.declared_conflicts if expert else ""))
    items = []
    for a in applications:
        members = people[a.pk]
        items.append(Item(id=a.pk, people=members,
                          hub_ids={h for u in members for h in hubs.get(u, ())},
                          organisations={orgs.get(u) or "" for u in members},
                          names={a.project_title} if a.project_title else set()))
    declared = ReviewConflict.objects.filter(
        application__in=[a.pk for a in applications]).values_list("reviewer_id",
                                                                   "application_id")
    return find_conflicts(reviewers, items, declared=declared)


def _texts(applications) -> dict[int, list[str]]:
    texts = defaultdict(list)
    for app_id, value in Answer.objects.filter(
            application__in=[a.pk for a in applications]).values_list("application_id",
                                                                      "value"):
        if isinstance(value, str):
            texts[app_id].append(value)
        elif isinstance(value, list):
            texts[app_id].extend(str(v) for v in value)
    return texts


def affinity_for(ids, applications, *, experts=None, users=None) -> AffinityMatrix:
    """Reviewers (rows, in ``ids`` order) × applications (columns). ``experts``
    (:func:`pool_experts`) and ``users`` (:func:`reviewers_by_id`) of ``ids`` when the caller
    already has them."""
    experts = pool_experts(ids) if experts is None else experts
    users = reviewers_by_id(ids) if users is None else users
    rows = []
    for rid in ids:
        expert, user = experts.get(rid), users.get(rid)
        profile = getattr(user, "profile", None)
        skills = list(getattr(profile, "skills", None) or [])
        tags = list(expert.tags) if expert else skills
        text = " ".join([expert.text if expert else "", " ".join(skills),
                         getattr(profile, "bio", "") or ""])
        rows.append(Profile(id=rid, tags=tags, text=text))
    texts = _texts(applications)
    cols = [Profile(id=a.pk, tags=[], text=" ".join([a.project_title, *texts.get(a.pk, [])]))
            for a in applications]
    return affinity_matrix(rows, cols)
