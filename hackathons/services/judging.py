"""Judging: the panel, conflicts of interest, balanced assignment, scoring.

Conflict of interest between a judge and a team (never assigned):
  * the judge declared one (``ConflictDeclaration``), or is a member of the team;
  * a member works with the judge's hub: the registration names it as their hub, or they are
    on its staff;
  * a member's organisation (registration or profile) is the judge's organisation.

Balanced assignment: every submitted submission gets ``judges_per_submission`` judges of the
panel; the slots are handed out one round at a time to the eligible judge with the lowest load,
then loads are evened out by moving unscored automatic assignments until the most and the
least loaded judges differ by at most one. Existing assignments are kept.
"""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from creaconnect.core import audit
from creaconnect.core.i18n_content import Localised, LocalisedDate
from creaconnect.notifications.services import notify
from hubs.models import HubMembership

from ..models import (
    ConflictDeclaration,
    Criterion,
    ExpertProfile,
    HackathonStatus,
    JudgeAssignment,
    PanelJudge,
    Registration,
    Score,
    Submission,
    SubmissionStatus,
    TeamMembership,
)
from . import HackathonError
from .common import lock_hackathon, now

ASSIGNABLE_STATUSES = (HackathonStatus.RUNNING, HackathonStatus.JUDGING)


def add_panel_judge(*, hackathon, judge, actor) -> PanelJudge:
    if not ExpertProfile.objects.filter(user=judge, is_active=True).exists():
        raise HackathonError(_("%(name)s is not in the expert pool.") % {"name": judge})
    try:
        with transaction.atomic():
            panel = PanelJudge.objects.create(hackathon=hackathon, judge=judge)
            audit.record(actor=actor, action="hackathon.judge_added", target=hackathon,
                         hub=hackathon.hub, data={"judge": judge.email})
    except IntegrityError as exc:
        raise HackathonError(_("%(name)s is already on the panel.") % {"name": judge}) from exc
    return panel


def remove_panel_judge(*, panel: PanelJudge, actor) -> None:
    with transaction.atomic():
        if JudgeAssignment.objects.filter(hackathon=panel.hackathon, judge=panel.judge).exists():
            raise HackathonError(_("Remove this judge's assignments first."))
        audit.record(actor=actor, action="hackathon.judge_removed", target=panel.hackathon,
                     hub=panel.hackathon.hub, data={"judge": panel.judge.email})
        panel.delete()


def conflicts_for(hackathon, judge_ids=None) -> set[tuple[int, int]]:
    """``{(judge_id, team_id)}`` pairs that must never be assigned, in a few queries."""
    panel = judge_ids if judge_ids is not None else list(
        PanelJudge.objects.filter(hackathon=hackathon).values_list("judge_id", flat=True))
    experts = {e.user_id: e for e in ExpertProfile.objects.filter(user_id__in=panel)}
    members = defaultdict(set)  # team_id -> user ids
    for team_id, user_id in TeamMembership.objects.filter(hackathon=hackathon).values_list(
            "team_id", "user_id"):
        members[team_id].add(user_id)
    all_members = {u for us in members.values() for u in us}
    regs = {r.user_id: r for r in Registration.objects.filter(
        hackathon=hackathon, user_id__in=all_members).select_related("user__profile")}
    # A person's hub staff roles span hubs by nature.
    with scopes_disabled():
        staff_hubs = defaultdict(set)
        for user_id, hub_id in HubMembership.objects.filter(user_id__in=all_members).values_list(
                "user_id", "hub_id"):
            staff_hubs[user_id].add(hub_id)
    declared = set(ConflictDeclaration.objects.filter(hackathon=hackathon).values_list(
        "judge_id", "team_id"))
    pairs = set(declared)
    for judge_id in panel:
        expert = experts.get(judge_id)
        org = (expert.organisation.strip().lower() if expert else "")
        hub_id = expert.hub_id if expert else None
        for team_id, users in members.items():
            if judge_id in users:
                pairs.add((judge_id, team_id))
                continue
            for user_id in users:
                reg = regs.get(user_id)
                orgs = set()
                if reg is not None:
                    orgs.add(reg.organisation.strip().lower())
                    profile = getattr(reg.user, "profile", None)
                    if profile is not None:
                        orgs.add(profile.organisation.strip().lower())
                orgs.discard("")
                same_hub = hub_id is not None and (
                    (reg is not None and reg.home_hub_id == hub_id)
                    or hub_id in staff_hubs.get(user_id, ()))
                if same_hub or (org and org in orgs):
                    pairs.add((judge_id, team_id))
                    break
    return pairs


def _state(hackathon):
    panel = list(PanelJudge.objects.filter(hackathon=hackathon).values_list("judge_id",
                                                                               flat=True))
    subs = list(Submission.objects.filter(hackathon=hackathon,
                                          status=SubmissionStatus.SUBMITTED).order_by("pk"))
    assignments = list(JudgeAssignment.objects.filter(hackathon=hackathon))
    return panel, subs, assignments


def assign_judges(*, hackathon, actor) -> int:
    """Give every submitted submission N judges with balanced loads; returns how many
    assignments were created. Judges with new work are told."""
    with transaction.atomic():
        hackathon = lock_hackathon(hackathon)  # one assignment run at a time
        if hackathon.status not in ASSIGNABLE_STATUSES:
            raise HackathonError(_("Judges are assigned while the hackathon runs or is judged."))
        n = hackathon.judges_per_submission
        panel, subs, existing = _state(hackathon)
        if not subs:
            raise HackathonError(_("No submission has been submitted yet."))
        if len(panel) < n:
            raise HackathonError(_("The panel has %(have)s judges; each submission needs %(n)s.")
                                 % {"have": len(panel), "n": n})
        conflicts = conflicts_for(hackathon, panel)
        load = {j: 0 for j in panel}
        on = defaultdict(set)  # submission id -> judge ids
        movable = set()  # (judge, submission) pairs the balancing may move
        for a in existing:
            load[a.judge_id] = load.get(a.judge_id, 0) + 1
            on[a.submission_id].add(a.judge_id)
        for a in existing:
            if a.automatic and a.scored_at is None and a.judge_id in panel:
                movable.add((a.judge_id, a.submission_id))
        team_of = {s.pk: s.team_id for s in subs}
        new = set()
        for _round in range(n):
            for sub in sorted(subs, key=lambda s: (len(on[s.pk]), s.pk)):
                if len(on[sub.pk]) >= n:
                    continue
                candidates = [j for j in panel if j not in on[sub.pk]
                              and (j, sub.team_id) not in conflicts]
                if not candidates:
                    raise HackathonError(
                        _("Not enough judges without a conflict for “%(title)s”. Add judges "
                          "to the panel.") % {"title": sub.title})
                judge = min(candidates, key=lambda j: (load[j], j))
                on[sub.pk].add(judge)
                load[judge] += 1
                new.add((judge, sub.pk))
                movable.add((judge, sub.pk))
        _balance(panel, load, on, movable, new, conflicts, team_of)
        created = [JudgeAssignment(hackathon=hackathon, submission_id=s, judge_id=j)
                   for j, s in sorted(new)]
        JudgeAssignment.objects.bulk_create(created)
        audit.record(actor=actor, action="judging.assigned", target=hackathon,
                     hub=hackathon.hub, data={"created": len(created), "per_submission": n})
        _tell_judges(hackathon, {j for j, _s in new})
    return len(created)


def _balance(panel, load, on, movable, new, conflicts, team_of):
    """Move movable assignments from the most to the least loaded judges."""
    state = {"load": load, "on": on, "movable": movable, "new": new, "conflicts": conflicts,
             "team_of": team_of}
    for _step in range(10_000):
        hi = max(panel, key=lambda j: (load[j], j))
        lo = min(panel, key=lambda j: (load[j], j))
        if load[hi] - load[lo] <= 1:
            return
        if not _move_one(panel, lo, **state):
            raise HackathonError(_("The conflicts of interest leave no balanced assignment. "
                                   "Add judges to the panel or assign by hand."))


def _move_one(panel, lo, *, load, on, movable, new, conflicts, team_of) -> bool:
    """Move one movable assignment from a heavier to a lighter judge; ``False`` if none can."""
    for heavy in sorted(panel, key=lambda j: -load[j]):
        if load[heavy] - load[lo] <= 1:
            return False
        for light in sorted(panel, key=lambda j: load[j]):
            if load[heavy] - load[light] <= 1:
                break
            for j, s in sorted(movable):
                if j != heavy or light in on[s] or (light, team_of.get(s)) in conflicts:
                    continue
                movable.discard((j, s))
                on[s].discard(j)
                on[s].add(light)
                load[j] -= 1
                load[light] += 1
                if (j, s) in new:
                    new.discard((j, s))
                else:  # an existing unscored automatic assignment moves
                    JudgeAssignment.objects.filter(judge_id=j, submission_id=s).delete()
                new.add((light, s))
                movable.add((light, s))
                return True
    return False


def _tell_judges(hackathon, judge_ids):
    for judge in get_user_model().objects.filter(pk__in=judge_ids):
        notify(user=judge, kind="hackathon.judge_assigned", hub=hackathon.hub,
               url=reverse("hackathons:judge_queue"),
               context={"hackathon": Localised(hackathon, "title"),
                        "closes": LocalisedDate(hackathon.judging_closes)})


def assign_judge(*, submission: Submission, judge, actor) -> JudgeAssignment:
    """Staff assign one judge by hand; conflicts are refused."""
    hackathon = submission.hackathon
    with transaction.atomic():
        lock_hackathon(hackathon)
        if hackathon.status not in ASSIGNABLE_STATUSES:
            raise HackathonError(_("Judges are assigned while the hackathon runs or is judged."))
        if submission.status != SubmissionStatus.SUBMITTED:
            raise HackathonError(_("Only submitted work is judged."))
        if not PanelJudge.objects.filter(hackathon=hackathon, judge=judge).exists():
            raise HackathonError(_("Add %(name)s to the panel first.") % {"name": judge})
        if (judge.pk, submission.team_id) in conflicts_for(hackathon, [judge.pk]):
            raise HackathonError(_("%(name)s has a conflict of interest with this team.")
                                 % {"name": judge})
        try:
            with transaction.atomic():
                a = JudgeAssignment.objects.create(hackathon=hackathon, submission=submission,
                                                   judge=judge, automatic=False)
        except IntegrityError as exc:
            raise HackathonError(_("%(name)s already judges this submission.")
                                 % {"name": judge}) from exc
        audit.record(actor=actor, action="judging.assigned_by_hand", target=submission,
                     hub=hackathon.hub, data={"judge": judge.email})
        _tell_judges(hackathon, {judge.pk})
    return a


def unassign_judge(*, assignment: JudgeAssignment, actor) -> None:
    with transaction.atomic():
        hackathon = assignment.hackathon
        if hackathon.status not in ASSIGNABLE_STATUSES:
            raise HackathonError(_("Assignments can no longer change."))
        Score.objects.filter(submission=assignment.submission, judge=assignment.judge).delete()
        audit.record(actor=actor, action="judging.unassigned", target=assignment.submission,
                     hub=hackathon.hub, data={"judge": assignment.judge.email})
        assignment.delete()


def declare_conflict(*, assignment: JudgeAssignment, reason: str, actor) -> JudgeAssignment | None:
    """The judge declares a conflict: the assignment (and any score) goes, and the submission
    is given to the least loaded eligible judge of the panel. Returns the new assignment."""
    with transaction.atomic():
        hackathon = lock_hackathon(assignment.hackathon)
        a = JudgeAssignment.objects.select_for_update().select_related("submission").get(
            pk=assignment.pk)
        if a.judge_id != actor.pk:
            raise HackathonError(_("Only the assigned judge can declare a conflict."))
        if hackathon.status not in ASSIGNABLE_STATUSES:
            raise HackathonError(_("Judging is over."))
        sub = a.submission
        ConflictDeclaration.objects.get_or_create(hackathon=hackathon, judge=actor,
                                                  team_id=sub.team_id,
                                                  defaults={"reason": reason[:300]})
        Score.objects.filter(submission=sub, judge=actor).delete()
        a.delete()
        audit.record(actor=actor, action="judging.conflict_declared", target=sub,
                     hub=hackathon.hub, data={"reason": reason[:300]})
        panel = list(PanelJudge.objects.filter(hackathon=hackathon).values_list("judge_id",
                                                                                   flat=True))
        conflicts = conflicts_for(hackathon, panel)
        taken = set(JudgeAssignment.objects.filter(submission=sub).values_list("judge_id",
                                                                                 flat=True))
        loads = defaultdict(int)
        for j in JudgeAssignment.objects.filter(hackathon=hackathon).values_list("judge_id",
                                                                                  flat=True):
            loads[j] += 1
        candidates = [j for j in panel if j not in taken and j != actor.pk
                      and (j, sub.team_id) not in conflicts]
        if not candidates:
            return None
        judge_id = min(candidates, key=lambda j: (loads[j], j))
        new = JudgeAssignment.objects.create(hackathon=hackathon, submission=sub,
                                             judge_id=judge_id)
        audit.record(actor=actor, action="judging.reassigned", target=sub, hub=hackathon.hub,
                     data={"judge_id": judge_id})
        _tell_judges(hackathon, {judge_id})
    return new


def save_scores(*, assignment: JudgeAssignment, values: dict[int, int], comment: str,
                note: str, actor) -> JudgeAssignment:
    """Write the judge's score on every criterion (one row per judge, submission and
    criterion: a unique constraint); editable until judging closes (server clock)."""
    with transaction.atomic():
        a = JudgeAssignment.objects.select_for_update().select_related(
            "hackathon__hub", "submission").get(pk=assignment.pk)
        hackathon = a.hackathon
        if a.judge_id != actor.pk:
            raise HackathonError(_("Only the assigned judge can score."))
        if hackathon.status != HackathonStatus.JUDGING:
            raise HackathonError(_("Scoring is open only while the hackathon is being judged."))
        if now() >= hackathon.judging_closes:
            raise HackathonError(_("The judging window has closed."))
        criteria = list(Criterion.objects.filter(hackathon=hackathon))
        for c in criteria:
            v = values.get(c.pk)
            if v is None or not 0 <= v <= c.scale_max:
                raise HackathonError(_("Please give “%(name)s” a score from 0 to %(max)s.")
                                     % {"name": c.name, "max": c.scale_max})
        for c in criteria:
            Score.objects.update_or_create(
                submission=a.submission, judge=actor, criterion=c,
                defaults={"value": values[c.pk], "hackathon": hackathon})
        first = a.scored_at is None
        a.comment_to_team, a.private_note, a.scored_at = comment.strip(), note.strip(), now()
        a.save(update_fields=["comment_to_team", "private_note", "scored_at"])
        audit.record(actor=actor, action="judging.scored" if first else "judging.rescored",
                     target=a.submission, hub=hackathon.hub)
    return a
