"""Expo judging: judges compare two projects at a time; Crowd-BT ranks them.

How it stays safe when a judge taps twice or judges on two phones: every change of a judge's
walk first locks that judge's ``PanelJudge`` row (one writer per judge and hackathon); a pair
is decided once (``decided_at``, checked under the lock), the database allows one open pair
per judge and one answer per pair and criterion, so a repeated POST records nothing.

Which pair comes next is decided by :class:`creaconnect.review.pairwise.CrowdBT`, rebuilt from
the stored judgements: the judge stays at the project they just saw (the pair's second) and is
shown the project whose comparison with it carries the most expected information. A judge
never sees a project of a team they are in conflict with (their own hub or organisation, a
declared conflict, membership: :func:`.assignment.conflicts_for`), nor a project they have
already been shown.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from creaconnect.core import audit
from creaconnect.review.pairwise import RELIABILITY_FLAG, CrowdBT

from ..models import (
    Criterion,
    ExpoJudgement,
    ExpoPair,
    HackathonStatus,
    PanelJudge,
    Submission,
    SubmissionStatus,
)
from . import HackathonError
from .assignment import conflicts_for
from .common import now

FIRST, SECOND = "first", "second"
#: A judge is flagged when their expected reliability falls below this, with at least
#: ``FLAG_AFTER`` answers (fewer say too little either way).
FLAG_AFTER = 3


def expo_open(hackathon, at=None) -> bool:
    """Judges may walk the expo: the hackathon judges by pairs and judging is open."""
    return (hackathon.has_expo and hackathon.status == HackathonStatus.JUDGING
            and (at or now()) < hackathon.judging_closes)


def _submitted(hackathon):
    return (Submission.objects.filter(hackathon=hackathon, status=SubmissionStatus.SUBMITTED)
            .order_by("pk").values_list("pk", flat=True))


def candidates_for(hackathon, judge) -> list[int]:
    """The submissions ``judge`` may be shown: submitted, no conflict with their team."""
    blocked = {team for _j, team in conflicts_for(hackathon, [judge.pk])}
    return list(_submitted(hackathon).exclude(team_id__in=blocked))


def _judgements(hackathon) -> list[tuple]:
    """Every answer of the hackathon, oldest first: (judge, winner, loser, criterion)."""
    return list(ExpoJudgement.objects.filter(hackathon=hackathon).order_by("created", "pk")
                .values_list("judge_id", "winner_id", "loser_id", "criterion_id"))


def model_for(hackathon, rows=None, items=None) -> CrowdBT:
    """Crowd-BT's beliefs rebuilt from the judgements (every one of the hackathon by
    default, oldest first). Answers per criterion each count as one comparison."""
    rows = _judgements(hackathon) if rows is None else rows
    items = list(_submitted(hackathon)) if items is None else items
    return CrowdBT.replay([(j, w, lo) for j, w, lo, _c in rows], items=items)


def open_pair(hackathon, judge) -> ExpoPair | None:
    return (ExpoPair.objects.filter(hackathon=hackathon, judge=judge, decided_at__isnull=True)
            .select_related("first__team", "second__team").first())


def _lock_judge(hackathon, judge) -> PanelJudge:
    panel = PanelJudge.objects.select_for_update().filter(hackathon=hackathon, judge=judge).first()
    if panel is None:
        raise HackathonError(_("Only judges of the panel walk the expo."))
    return panel


def _check_open(hackathon):
    if not hackathon.has_expo:
        raise HackathonError(_("This hackathon is not judged at an expo."))
    if not expo_open(hackathon):
        raise HackathonError(_("Expo judging is closed."))


def _choose(hackathon, judge, current) -> tuple[int, int] | None:
    """The next pair for ``judge`` (see the module text), or None when nothing is left."""
    allowed = candidates_for(hackathon, judge)
    shown = set()
    for a, b in ExpoPair.objects.filter(hackathon=hackathon, judge=judge).values_list(
            "first_id", "second_id"):
        shown |= {a, b}
    model = model_for(hackathon)
    if current not in allowed:
        fresh = [i for i in allowed if i not in shown]
        current = model.next_item(judge=judge.pk, current=None, candidates=fresh)
        if current is None:
            return None
    pool = [i for i in allowed if i not in shown and i != current]
    following = model.next_item(judge=judge.pk, current=current, candidates=pool)
    return None if following is None else (current, following)


def _new_pair(hackathon, judge, current) -> ExpoPair | None:
    chosen = _choose(hackathon, judge, current)
    if chosen is None:
        return None
    return ExpoPair.objects.create(hackathon=hackathon, judge=judge, first_id=chosen[0],
                                   second_id=chosen[1])


def start_walk(*, hackathon, actor) -> ExpoPair | None:
    """Show the judge a pair: the open one if there is one, else a new one. ``None`` when the
    judge has seen every project they may judge."""
    with transaction.atomic():
        _lock_judge(hackathon, actor)
        _check_open(hackathon)
        pair = open_pair(hackathon, actor)
        if pair is None:
            last = ExpoPair.objects.filter(hackathon=hackathon, judge=actor).last()
            pair = _new_pair(hackathon, actor, last.second_id if last else None)
    return pair


def _locked_pair(pair, actor) -> ExpoPair:
    _lock_judge(pair.hackathon, actor)
    locked = ExpoPair.objects.select_for_update().get(pk=pair.pk)
    if locked.judge_id != actor.pk:
        raise HackathonError(_("This pair was shown to another judge."))
    if locked.decided_at is not None:
        raise HackathonError(_("Your answer for this pair is already recorded."))
    return locked


def judge_pair(*, pair: ExpoPair, answers: dict, actor) -> ExpoPair | None:
    """Record which of the two is better: ``answers`` maps a criterion id (``None`` for the
    overall answer) to ``"first"`` or ``"second"``. With ``expo_per_criterion`` every
    criterion needs an answer; otherwise only the overall one. Then the next pair is chosen
    (returned; ``None`` when nothing is left). One audit entry."""
    hackathon = pair.hackathon
    with transaction.atomic():
        pair = _locked_pair(pair, actor)
        _check_open(hackathon)
        if hackathon.expo_per_criterion:
            needed = list(Criterion.objects.filter(hackathon=hackathon)
                          .values_list("pk", flat=True)) or [None]
        else:
            needed = [None]
        if any(answers.get(key) not in (FIRST, SECOND) for key in needed):
            raise HackathonError(_("Please say which project is better on every question."))
        rows = []
        for key in needed:
            first_wins = answers[key] == FIRST
            winner, loser = ((pair.first_id, pair.second_id) if first_wins
                             else (pair.second_id, pair.first_id))
            rows.append(ExpoJudgement(pair=pair, hackathon=hackathon, judge=actor,
                                      criterion_id=key, winner_id=winner, loser_id=loser))
        try:
            with transaction.atomic():
                ExpoJudgement.objects.bulk_create(rows)
        except IntegrityError as exc:  # the constraint's word, should the lock be bypassed
            raise HackathonError(_("Your answer for this pair is already recorded.")) from exc
        pair.decided_at = now()
        pair.save(update_fields=["decided_at"])
        audit.record(actor=actor, action="expo.judged", target=hackathon, hub=hackathon.hub,
                     data={"pair": pair.pk, "answers": len(rows)})
        return _new_pair(hackathon, actor, pair.second_id)


def skip_pair(*, pair: ExpoPair, actor) -> ExpoPair | None:
    """The judge cannot compare these two (a project is not at its table): nothing is
    recorded about the projects; the judge goes on from the first of the pair."""
    hackathon = pair.hackathon
    with transaction.atomic():
        pair = _locked_pair(pair, actor)
        _check_open(hackathon)
        pair.decided_at, pair.skipped = now(), True
        pair.save(update_fields=["decided_at", "skipped"])
        audit.record(actor=actor, action="expo.skipped", target=hackathon, hub=hackathon.hub,
                     data={"pair": pair.pk})
        return _new_pair(hackathon, actor, pair.first_id)


# --- the ranking --------------------------------------------------------------------------

@dataclass(frozen=True)
class RankedSubmission:
    rank: int
    submission: Submission
    mu: float
    sigma: float
    comparisons: int
    tied_with_next: bool
    criterion_ranks: tuple = ()  # the rank on each criterion, with answers per criterion


@dataclass(frozen=True)
class JudgeAgreement:
    judge: object
    reliability: float
    answers: int
    flagged: bool


@dataclass(frozen=True)
class ExpoRanking:
    rows: list
    judges: list
    comparisons: int
    #: With answers per criterion: [(criterion, {submission id: rank on it})].
    by_criterion: list = field(default_factory=list)

    @property
    def flagged_judges(self) -> list:
        return [j for j in self.judges if j.flagged]


def expo_ranking(hackathon) -> ExpoRanking:
    """Every submitted project by Crowd-BT's mean quality (mu ± sigma), near-ties flagged
    (the intervals of neighbours overlap), and each judge's agreement with the crowd (their
    expected reliability; flagged under ``RELIABILITY_FLAG`` after ``FLAG_AFTER`` answers).
    A fixed number of queries, whatever the numbers of projects and judgements."""
    subs = {s.pk: s for s in Submission.objects.filter(
        hackathon=hackathon, status=SubmissionStatus.SUBMITTED).select_related("team")}
    all_answers = _judgements(hackathon)
    model = model_for(hackathon, all_answers, sorted(subs))
    by_criterion = []
    if hackathon.expo_per_criterion:
        for criterion in Criterion.objects.filter(hackathon=hackathon):
            own = [a for a in all_answers if a[3] == criterion.pk]
            ranks = {r.item: r.rank for r in model_for(hackathon, own, sorted(subs)).ranking()}
            by_criterion.append((criterion, ranks))
    rows = [RankedSubmission(rank=r.rank, submission=subs[r.item], mu=r.mu, sigma=r.sigma,
                             comparisons=r.comparisons, tied_with_next=r.tied_with_next,
                             criterion_ranks=tuple(ranks.get(r.item) for _c, ranks
                                                   in by_criterion))
            for r in model.ranking() if r.item in subs]
    answers = Counter(judge_id for judge_id, *_rest in model.history)
    people = {p.judge_id: p.judge for p in PanelJudge.objects.filter(
        hackathon=hackathon, judge_id__in=list(answers)).select_related("judge")}
    judges = []
    for judge_id, count in answers.items():
        reliability = model.reliability(judge_id)
        judges.append(JudgeAgreement(
            judge=people.get(judge_id, judge_id), reliability=reliability, answers=count,
            flagged=count >= FLAG_AFTER and reliability < RELIABILITY_FLAG))
    judges.sort(key=lambda j: (j.reliability, str(j.judge)))
    return ExpoRanking(rows=rows, judges=judges, comparisons=len(model.history),
                       by_criterion=by_criterion)
