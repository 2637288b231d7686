"""Judging: the panel, conflicts of interest, assignment by expertise, scoring.

Conflicts of interest and affinity are read by :mod:`.assignment` and decided by the review
engine (:mod:`creaconnect.review`); a conflicted pair is never assigned.

Assignment (:func:`assign_judges`): every submitted submission gets
``judges_per_submission`` judges of the panel, chosen by the engine's linear programme, which
maximises the judges' total affinity with the work they get, with every load at most the mean
rounded up (and, where conflicts allow, at least the mean rounded down), no conflict, staff's
pinned pairs kept and forbidden pairs left out. On a re-run, scored assignments, assignments
made by hand and pinned pairs stay; unscored automatic assignments may move, but carry a small
bonus (``INCUMBENT_BONUS``) so a re-run changes only what new facts (a new judge, a pin, a
forbidden pair, a conflict) require. Judges with new work are told.

A judge who declares a conflict is replaced at once by the next best eligible judge: under the
load cap first, then the highest affinity with the submission, then the lightest load.
"""

from collections import Counter

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from creaconnect.core import audit
from creaconnect.core.i18n_content import Localised, LocalisedDate
from creaconnect.notifications.services import notify
from creaconnect.review import assignment as engine

from ..models import (
    AssignmentRule,
    ConflictDeclaration,
    Criterion,
    ExpertProfile,
    HackathonStatus,
    JudgeAssignment,
    PairRule,
    PanelJudge,
    Score,
    Submission,
    SubmissionStatus,
)
from . import HackathonError
from .assignment import affinity_for, conflicts_for, pair_rules, panel_ids, submitted
from .common import lock_hackathon, now

ASSIGNABLE_STATUSES = (HackathonStatus.RUNNING, HackathonStatus.JUDGING)
#: Affinity bonus of a pair already assigned, so a re-run does not reshuffle judges who were
#: told about their work (affinities run from 0 to 1).
INCUMBENT_BONUS = 0.1

__all__ = ["ASSIGNABLE_STATUSES", "INCUMBENT_BONUS", "add_panel_judge", "assign_judge",
           "assign_judges", "clear_pair_rule", "conflicts_for", "declare_conflict",
           "remove_panel_judge", "save_scores", "set_pair_rule", "unassign_judge"]


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


def _infeasible(exc: engine.AssignmentInfeasible, titles: dict) -> HackathonError:
    names = ", ".join(f"“{titles.get(i, i)}”" for i in exc.items)
    if exc.reason == "eligible":
        return HackathonError(ngettext(
            "Not enough judges without a conflict for %(titles)s. Add judges to the panel.",
            "Not enough judges without a conflict for %(titles)s. Add judges to the panel.",
            len(exc.items)) % {"titles": names})
    return HackathonError(ngettext(
        "The judges' load cap leaves %(titles)s without enough judges. Add judges to the "
        "panel.",
        "The judges' load cap leaves %(titles)s without enough judges. Add judges to the "
        "panel.", len(exc.items)) % {"titles": names})


def _plan(hackathon, panel, subs, existing, *, fairness):
    """The engine's answer for this hackathon (raises HackathonError when infeasible)."""
    conflicts = conflicts_for(hackathon, panel)
    blocked = {(j, s.pk) for s in subs for j in panel if (j, s.team_id) in conflicts}
    rules = pair_rules(hackathon)
    forbidden = {pair for pair, r in rules.items() if r.rule == PairRule.FORBID}
    pinned = {pair for pair, r in rules.items() if r.rule == PairRule.PIN}
    on_subs = {s.pk for s in subs}
    fixed = {(a.judge_id, a.submission_id) for a in existing
             if a.submission_id in on_subs and (a.scored_at or not a.automatic)} - forbidden
    movable = {(a.judge_id, a.submission_id) for a in existing
               if a.submission_id in on_subs and (a.judge_id, a.submission_id) not in fixed}
    matrix = affinity_for(panel, subs)
    try:
        return engine.assign(
            reviewers=panel, items=[s.pk for s in subs], affinity=matrix.combined,
            per_item=hackathon.judges_per_submission, conflicts=blocked,
            pinned=(fixed | pinned) - forbidden, forbidden=forbidden, incumbents=movable,
            incumbent_bonus=INCUMBENT_BONUS, fairness=fairness), movable
    except engine.AssignmentInfeasible as exc:
        raise _infeasible(exc, {s.pk: s.title for s in subs}) from exc


def assign_judges(*, hackathon, actor, fairness: bool = False) -> int:
    """(Re-)run the assignment (see the module text); returns how many assignments were
    created. Unscored automatic assignments the new answer leaves out are removed; judges with
    new work are told; one audit entry."""
    with transaction.atomic():
        hackathon = lock_hackathon(hackathon)  # one assignment run at a time
        if hackathon.status not in ASSIGNABLE_STATUSES:
            raise HackathonError(_("Judges are assigned while the hackathon runs or is judged."))
        n = hackathon.judges_per_submission
        panel, subs = panel_ids(hackathon), submitted(hackathon)
        if not subs:
            raise HackathonError(_("No submission has been submitted yet."))
        if len(panel) < n:
            raise HackathonError(_("The panel has %(have)s judges; each submission needs %(n)s.")
                                 % {"have": len(panel), "n": n})
        existing = list(JudgeAssignment.objects.filter(hackathon=hackathon))
        result, movable = _plan(hackathon, panel, subs, existing, fairness=fairness)
        chosen = {(p.reviewer, p.item) for p in result.pairs}
        dropped = movable - chosen
        for judge_id, sub_id in dropped:
            JudgeAssignment.objects.filter(hackathon=hackathon, judge_id=judge_id,
                                           submission_id=sub_id, scored_at__isnull=True).delete()
        have = {(a.judge_id, a.submission_id) for a in existing}
        new = sorted(chosen - have)
        JudgeAssignment.objects.bulk_create(
            [JudgeAssignment(hackathon=hackathon, submission_id=s, judge_id=j) for j, s in new])
        audit.record(actor=actor, action="judging.assigned", target=hackathon,
                     hub=hackathon.hub, data={"created": len(new), "removed": len(dropped),
                                              "per_submission": n, "method": result.method,
                                              "total_affinity": round(result.total_affinity, 3)})
        _tell_judges(hackathon, {j for j, _s in new})
    return len(new)


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
        _check_pair(submission, judge)
        if AssignmentRule.objects.filter(submission=submission, judge=judge,
                                         rule=PairRule.FORBID).exists():
            raise HackathonError(_("%(name)s is forbidden for this submission. Clear the rule "
                                   "first.") % {"name": judge})
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
    is given at once to the next best eligible judge of the panel (see the module text).
    Returns the new assignment, or ``None`` when no judge is left for it."""
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
        judge_id = _replacement(hackathon, sub)
        if judge_id is None:
            return None
        new = JudgeAssignment.objects.create(hackathon=hackathon, submission=sub,
                                             judge_id=judge_id)
        audit.record(actor=actor, action="judging.reassigned", target=sub, hub=hackathon.hub,
                     data={"judge_id": judge_id})
        _tell_judges(hackathon, {judge_id})
    return new


def _replacement(hackathon, sub) -> int | None:
    """The next best eligible judge for ``sub`` (the engine's ``next_best``)."""
    panel = panel_ids(hackathon)
    conflicts = conflicts_for(hackathon, panel)
    taken = set(JudgeAssignment.objects.filter(submission=sub).values_list("judge_id",
                                                                             flat=True))
    forbidden = {j for (j, s), r in pair_rules(hackathon).items()
                 if s == sub.pk and r.rule == PairRule.FORBID}
    excluded = taken | forbidden | {j for j in panel if (j, sub.team_id) in conflicts}
    loads = Counter(JudgeAssignment.objects.filter(hackathon=hackathon).values_list(
        "judge_id", flat=True))
    matrix = affinity_for(panel, [sub])
    cap = engine.default_cap(per_item=hackathon.judges_per_submission,
                             items=len(submitted(hackathon)), reviewers=len(panel))
    return engine.next_best(
        item=sub.pk, reviewers=panel, loads=loads, caps=dict.fromkeys(panel, cap),
        affinity={j: matrix.combined[row, 0] for row, j in enumerate(panel)}, excluded=excluded)


def _check_pair(submission: Submission, judge) -> None:
    hackathon = submission.hackathon
    if hackathon.status not in ASSIGNABLE_STATUSES:
        raise HackathonError(_("Judges are assigned while the hackathon runs or is judged."))
    if submission.status != SubmissionStatus.SUBMITTED:
        raise HackathonError(_("Only submitted work is judged."))
    if not PanelJudge.objects.filter(hackathon=hackathon, judge=judge).exists():
        raise HackathonError(_("Add %(name)s to the panel first.") % {"name": judge})


def set_pair_rule(*, submission: Submission, judge, rule: PairRule, actor) -> AssignmentRule:
    """Pin (always assign) or forbid (never assign) ``judge`` on ``submission`` in the next
    assignment runs; replaces an earlier rule on the pair. Assignments change only when
    assignment is run again. Refused for a conflicted pin and for forbidding a judge who
    already scored the submission. One audit entry."""
    rule = PairRule(rule)
    hackathon = submission.hackathon
    with transaction.atomic():
        lock_hackathon(hackathon)
        _check_pair(submission, judge)
        if rule == PairRule.PIN and (judge.pk, submission.team_id) in conflicts_for(
                hackathon, [judge.pk]):
            raise HackathonError(_("%(name)s has a conflict of interest with this team.")
                                 % {"name": judge})
        if rule == PairRule.FORBID and JudgeAssignment.objects.filter(
                submission=submission, judge=judge, scored_at__isnull=False).exists():
            raise HackathonError(_("%(name)s has already scored this submission. Remove the "
                                   "assignment first.") % {"name": judge})
        row, _created = AssignmentRule.objects.update_or_create(
            hackathon=hackathon, submission=submission, judge=judge,
            defaults={"rule": rule, "created_by": actor})
        audit.record(actor=actor, target=submission, hub=hackathon.hub,
                     action=("judging.pair_pinned" if rule == PairRule.PIN
                             else "judging.pair_forbidden"),
                     data={"judge": judge.email})
    return row


def clear_pair_rule(*, rule: AssignmentRule, actor) -> None:
    """Forget a pin or a forbidden pair (the next run decides freely). One audit entry."""
    with transaction.atomic():
        audit.record(actor=actor, action="judging.pair_rule_cleared", target=rule.submission,
                     hub=rule.hackathon.hub, data={"judge": rule.judge.email,
                                                   "rule": rule.rule})
        rule.delete()


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
