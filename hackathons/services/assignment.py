"""The facts the review engine needs about a hackathon's judging, read in a few queries.

Read-only: nothing here writes. :mod:`.judging` turns the engine's answer into assignments;
the console's assignment page shows :func:`assignment_overview`.

* **Conflicts** (decided by :mod:`creaconnect.review.conflicts`): a judge is in conflict with
  a team when they declared it (``ConflictDeclaration``, or their profile's list of conflicts
  names the team or a member's organisation), are one of its members, are affiliated with a
  hub a member names as theirs or is staff of, or share an organisation with a member
  (registration or profile).
* **Affinity** (:mod:`creaconnect.review.affinity`): the judge's expertise tags, profile skills
  and bios against the submission's challenge (as a tag), title, summary and description.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django_scopes import scopes_disabled

from creaconnect.review import assignment as engine
from creaconnect.review.affinity import AffinityMatrix, Profile, affinity_matrix
from creaconnect.review.conflicts import ConflictReason, Item, Reviewer, find_conflicts
from hubs.models import HubMembership

from ..models import (
    AssignmentRule,
    ConflictDeclaration,
    ExpertProfile,
    JudgeAssignment,
    PanelJudge,
    Registration,
    Submission,
    SubmissionStatus,
    Team,
    TeamMembership,
)


def panel_ids(hackathon) -> list[int]:
    return list(PanelJudge.objects.filter(hackathon=hackathon).order_by("judge_id")
                .values_list("judge_id", flat=True))


def _experts(judge_ids) -> dict:
    return {e.user_id: e for e in ExpertProfile.objects.filter(user_id__in=judge_ids)
            .select_related("user__profile")}


def _team_items(hackathon) -> list[Item]:
    """Each team as the engine's :class:`Item`: its people, their hubs and organisations."""
    members = defaultdict(set)  # team id → user ids
    for team_id, user_id in TeamMembership.objects.filter(hackathon=hackathon).values_list(
            "team_id", "user_id"):
        members[team_id].add(user_id)
    everyone = {u for us in members.values() for u in us}
    regs = {r.user_id: r for r in Registration.objects.filter(
        hackathon=hackathon, user_id__in=everyone).select_related("user__profile")}
    staff_hubs = defaultdict(set)
    # A person's hub staff roles span hubs by nature.
    with scopes_disabled():
        for user_id, hub_id in HubMembership.objects.filter(user_id__in=everyone).values_list(
                "user_id", "hub_id"):
            staff_hubs[user_id].add(hub_id)
    items = []
    for team_id, name in Team.objects.filter(hackathon=hackathon).values_list("pk", "name"):
        hubs, orgs = set(), set()
        for user_id in members.get(team_id, ()):
            hubs |= staff_hubs.get(user_id, set())
            reg = regs.get(user_id)
            if reg is not None:
                hubs.add(reg.home_hub_id)
                orgs.add(reg.organisation)
                profile = getattr(reg.user, "profile", None)
                if profile is not None:
                    orgs.add(profile.organisation)
        items.append(Item(id=team_id, people=members.get(team_id, set()), hub_ids=hubs,
                          organisations=orgs, names={name}))
    return items


def conflict_reasons(hackathon, judge_ids=None) -> dict[tuple[int, int], ConflictReason]:
    """``{(judge id, team id): reason}`` for every pair that must never be assigned."""
    judge_ids = panel_ids(hackathon) if judge_ids is None else list(judge_ids)
    experts = _experts(judge_ids)
    reviewers = []
    for judge_id in judge_ids:
        expert = experts.get(judge_id)
        reviewers.append(Reviewer(
            id=judge_id, person_id=judge_id,
            hub_ids={expert.hub_id} if expert else set(),
            organisations={expert.organisation} if expert else set(),
            declared_text=expert.declared_conflicts if expert else ""))
    declared = ConflictDeclaration.objects.filter(hackathon=hackathon).values_list("judge_id",
                                                                                   "team_id")
    return find_conflicts(reviewers, _team_items(hackathon), declared=declared)


def conflicts_for(hackathon, judge_ids=None) -> set[tuple[int, int]]:
    """``{(judge_id, team_id)}`` pairs that must never be assigned, in a few queries."""
    return set(conflict_reasons(hackathon, judge_ids))


def submitted(hackathon) -> list[Submission]:
    return list(Submission.objects.filter(hackathon=hackathon, status=SubmissionStatus.SUBMITTED)
                .select_related("team", "challenge").order_by("pk"))


def affinity_for(judge_ids, submissions) -> AffinityMatrix:
    """Judges (rows, in ``judge_ids`` order) × submissions (columns)."""
    experts = _experts(judge_ids)
    rows = []
    for judge_id in judge_ids:
        expert = experts.get(judge_id)
        profile = getattr(expert.user, "profile", None) if expert else None
        tags = list(expert.expertise) if expert else []
        text = " ".join([expert.bio if expert else "",
                         " ".join(profile.skills) if profile else "",
                         profile.bio if profile else ""])
        rows.append(Profile(id=judge_id, tags=tags, text=text))
    cols = [Profile(id=s.pk, tags=[s.challenge.title] if s.challenge else [],
                    text=" ".join([s.title, s.summary, s.description]))
            for s in submissions]
    return affinity_matrix(rows, cols)


def pair_rules(hackathon) -> dict[tuple[int, int], AssignmentRule]:
    """``{(judge id, submission id): rule}``."""
    return {(r.judge_id, r.submission_id): r
            for r in AssignmentRule.objects.filter(hackathon=hackathon)}


@dataclass
class PairView:
    """One judge on one submission, with what the engine saw."""

    judge: object
    affinity: float
    tag_part: float
    text_part: float
    shared_tags: list
    assignment: JudgeAssignment | None = None
    rule: AssignmentRule | None = None

    @property
    def percent(self) -> int:
        return round(100 * self.affinity)


@dataclass
class SubmissionPlan:
    submission: Submission
    pairs: list[PairView] = field(default_factory=list)       # assigned judges
    ruled: list[PairView] = field(default_factory=list)       # pinned or forbidden, not shown above
    choices: list = field(default_factory=list)               # judges staff may pin or forbid
    conflicted: int = 0


@dataclass
class Overview:
    submissions: list[SubmissionPlan]
    loads: list[dict]  # per judge: judge, load, cap
    cap: int
    tag_weight: float
    text_weight: float


def assignment_overview(hackathon) -> Overview:
    """What the assignment page shows: each submission's judges with their affinity (tags and
    text) and rule, each judge's load against the cap. A fixed number of queries."""
    judge_ids = panel_ids(hackathon)
    subs = submitted(hackathon)
    judges = {p.judge_id: p.judge for p in PanelJudge.objects.filter(hackathon=hackathon)
              .select_related("judge")}
    matrix = affinity_for(judge_ids, subs)
    reasons = conflict_reasons(hackathon, judge_ids)
    rules = pair_rules(hackathon)
    assignments = defaultdict(dict)
    loads = defaultdict(int)
    for a in JudgeAssignment.objects.filter(hackathon=hackathon):
        assignments[a.submission_id][a.judge_id] = a
        loads[a.judge_id] += 1
    cap = engine.default_cap(per_item=hackathon.judges_per_submission, items=len(subs),
                             reviewers=len(judge_ids))
    plans = []
    for col, sub in enumerate(subs):
        plan = SubmissionPlan(submission=sub)
        for row, judge_id in enumerate(judge_ids):
            if (judge_id, sub.team_id) in reasons:
                plan.conflicted += 1
                continue
            view = PairView(judge=judges.get(judge_id),
                            affinity=float(matrix.combined[row, col]),
                            tag_part=float(matrix.tags[row, col]),
                            text_part=float(matrix.text[row, col]),
                            shared_tags=matrix.shared_tags(row, col),
                            assignment=assignments[sub.pk].get(judge_id),
                            rule=rules.get((judge_id, sub.pk)))
            if view.assignment is not None:
                plan.pairs.append(view)
            elif view.rule is not None:
                plan.ruled.append(view)
            else:
                plan.choices.append(view)
        plan.pairs.sort(key=lambda v: -v.affinity)
        plan.choices.sort(key=lambda v: -v.affinity)
        plans.append(plan)
    load_rows = [{"judge": judges.get(j), "load": loads.get(j, 0), "cap": cap}
                 for j in judge_ids]
    return Overview(submissions=plans, loads=load_rows, cap=cap,
                    tag_weight=matrix.tag_weight, text_weight=matrix.text_weight)
