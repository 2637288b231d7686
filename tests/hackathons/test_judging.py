"""Balanced assignment with conflicts, scoring rules, normalisation and tie-breaks."""

import random
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scope

from creaconnect.core.scoring import weighted_total
from hackathons.models import (
    Criterion,
    HackathonStatus,
    JudgeAssignment,
    Score,
    Submission,
    TeamMembership,
)
from hackathons.services import HackathonError, judging
from hackathons.services.results import compute_results
from hubs.models import HubMembership
from tests.factories import HubFactory, make_hackathon, make_judge, make_submission, make_team

pytestmark = pytest.mark.django_db


def check_assignment(h, n):
    with scope(hub=h.hub):
        rows = list(JudgeAssignment.objects.filter(hackathon=h).values_list("judge_id",
                                                                             "submission_id"))
        conflicts = judging.conflicts_for(h)
        teams = dict(Submission.objects.filter(hackathon=h).values_list("pk", "team_id"))
        panel = list(h.panel.values_list("judge_id", flat=True))
    per_sub = Counter(s for _j, s in rows)
    assert all(per_sub[s] >= n for s in teams), per_sub
    assert len(rows) == len(set(rows))
    assert not [(j, s) for j, s in rows if (j, teams[s]) in conflicts]
    loads = Counter(j for j, _s in rows)
    values = [loads.get(j, 0) for j in panel]
    assert max(values) - min(values) <= 1, values


def test_every_submission_gets_n_judges_balanced_and_without_conflicts(hub_a, staff_a):
    h = make_hackathon(hub_a, status=HackathonStatus.JUDGING)
    other_hub = HubFactory(slug="other")
    subs = [make_submission(make_team(h, size=2, offset=i * 2, name=f"T{i}")) for i in range(7)]
    judges = [make_judge(h) for _ in range(5)]
    # Judge 0 works for the hub a member of team 0 names as theirs; judge 1 shares an
    # organisation with a member of team 1; judge 2 declared a conflict with team 2.
    with scope(hub=hub_a):
        member0 = TeamMembership.objects.filter(team=subs[0].team).first().user
        member0_reg = h.registrations.get(user=member0)
        member0_reg.home_hub = other_hub
        member0_reg.save()
        judges[0].expert_profile.hub = other_hub
        judges[0].expert_profile.save()
        member1 = TeamMembership.objects.filter(team=subs[1].team).first().user
        h.registrations.filter(user=member1).update(organisation="Delta Lab")
        judges[1].expert_profile.organisation = "delta lab"
        judges[1].expert_profile.save()
        from hackathons.models import ConflictDeclaration

        ConflictDeclaration.objects.create(hackathon=h, judge=judges[2], team=subs[2].team)
        conflicts = judging.conflicts_for(h)
        assert {(judges[0].pk, subs[0].team_id), (judges[1].pk, subs[1].team_id),
                (judges[2].pk, subs[2].team_id)} <= conflicts
        created = judging.assign_judges(hackathon=h, actor=staff_a)
    assert created == 21
    check_assignment(h, 3)
    with scope(hub=hub_a):  # a second run adds nothing
        assert judging.assign_judges(hackathon=h, actor=staff_a) == 0


def test_hub_staff_member_conflicts_with_that_hubs_judge(hub_a, hub_b, staff_b):
    h = make_hackathon(hub_a, status=HackathonStatus.JUDGING)
    team = make_team(h, size=2)
    with scope(hub=hub_b):
        HubMembership.objects.create(hub=hub_b, user=team.captain)
    judge = make_judge(h, hub=hub_b)
    with scope(hub=hub_a):
        assert (judge.pk, team.pk) in judging.conflicts_for(h)


@pytest.mark.parametrize("seed", range(6))
def test_random_configurations_stay_balanced(hub_a, staff_a, seed):
    rnd = random.Random(seed)
    h = make_hackathon(hub_a, status=HackathonStatus.JUDGING, slug=f"rnd-{seed}",
                       judges_per_submission=rnd.choice([2, 3]))
    subs = [make_submission(make_team(h, size=2, offset=i * 2, name=f"R{i}"))
            for i in range(rnd.randint(2, 9))]
    judges = [make_judge(h) for _ in range(rnd.randint(4, 7))]
    from hackathons.models import ConflictDeclaration

    with scope(hub=hub_a):
        for _ in range(rnd.randint(0, 3)):
            ConflictDeclaration.objects.get_or_create(hackathon=h, judge=rnd.choice(judges),
                                                      team=rnd.choice(subs).team)
        judging.assign_judges(hackathon=h, actor=staff_a)
    check_assignment(h, h.judges_per_submission)


def test_too_small_panel_is_refused(hub_a, staff_a):
    h = make_hackathon(hub_a, status=HackathonStatus.JUDGING)
    make_submission(make_team(h, size=2))
    make_judge(h)
    with scope(hub=hub_a), pytest.raises(HackathonError, match="panel has 1"):
        judging.assign_judges(hackathon=h, actor=staff_a)


def test_manual_assignment_refuses_conflicts_and_declaring_reassigns(hub_a, staff_a):
    h = make_hackathon(hub_a, status=HackathonStatus.JUDGING, judges_per_submission=1)
    sub = make_submission(make_team(h, size=2))
    first, second = make_judge(h), make_judge(h)
    with scope(hub=hub_a):
        a = judging.assign_judge(submission=sub, judge=first, actor=staff_a)
        with pytest.raises(HackathonError):
            judging.assign_judge(submission=sub, judge=first, actor=staff_a)
        new = judging.declare_conflict(assignment=a, reason="friend", actor=first)
        assert new.judge == second
        with pytest.raises(HackathonError, match="conflict"):
            judging.assign_judge(submission=sub, judge=first, actor=staff_a)


def test_scores_are_checked_and_close_with_the_window(hub_a, staff_a):
    h = make_hackathon(hub_a, status=HackathonStatus.JUDGING)
    sub = make_submission(make_team(h, size=2))
    judge = make_judge(h)
    with scope(hub=hub_a):
        a = JudgeAssignment.objects.create(hackathon=h, submission=sub, judge=judge)
        c1, c2 = list(Criterion.objects.filter(hackathon=h))
        with pytest.raises(HackathonError):
            judging.save_scores(assignment=a, values={c1.pk: 5}, comment="", note="",
                                actor=judge)
        with pytest.raises(HackathonError):
            judging.save_scores(assignment=a, values={c1.pk: 5, c2.pk: 11}, comment="",
                                note="", actor=judge)
        judging.save_scores(assignment=a, values={c1.pk: 5, c2.pk: 7}, comment="ok",
                            note="", actor=judge)
        judging.save_scores(assignment=a, values={c1.pk: 6, c2.pk: 7}, comment="ok",
                            note="", actor=judge)
        assert Score.objects.filter(submission=sub, judge=judge).count() == 2
        type(h).objects.filter(pk=h.pk).update(
            judging_opens=timezone.now() - timedelta(days=1),
            judging_closes=timezone.now() - timedelta(seconds=1))
        a.hackathon.refresh_from_db()
        with pytest.raises(HackathonError, match="closed"):
            judging.save_scores(assignment=a, values={c1.pk: 1, c2.pk: 1}, comment="",
                                note="", actor=judge)


def _score(h, sub, judge, values):
    crit = list(Criterion.objects.filter(hackathon=h))
    a = JudgeAssignment.objects.create(hackathon=h, submission=sub, judge=judge,
                                       scored_at=timezone.now())
    for c, v in zip(crit, values, strict=True):
        Score.objects.create(hackathon=h, submission=sub, judge=judge, criterion=c, value=v)
    return a


def test_normalisation_matches_a_hand_computed_example(hub_a):
    """One criterion (0–10, weight 1), a lenient judge A and a harsh judge B.

    A gives 8, 6, 4 → totals 80, 60, 40; mean 60, σ = √(800/3) = 16.3299; z = +1.2247, 0, −1.2247.
    B gives 5, 4, 3 → totals 50, 40, 30; mean 40, σ = 8.1650; z = +1.2247, 0, −1.2247.
    A third judge C gives 10 to sub 1 and sub 3: σ = 0, so C's z-scores are 0.
    Normalised: sub1 = (1.2247 + 1.2247 + 0)/3 = 0.8165; sub2 = 0; sub3 = (−1.2247 −1.2247 + 0)/3
    = −0.8165. Raw: sub1 = (80+50+100)/3 = 76.67, sub2 = 50, sub3 = (40+30+100)/3 = 56.67.
    """
    h = make_hackathon(hub_a, status=HackathonStatus.JUDGING)
    with scope(hub=hub_a):
        Criterion.objects.filter(hackathon=h, name="Impact").delete()
        Criterion.objects.filter(hackathon=h).update(weight=Decimal("1"), scale_max=10)
    subs = [make_submission(make_team(h, size=2, offset=i * 2, name=f"N{i}")) for i in range(3)]
    a, b, c = make_judge(h), make_judge(h), make_judge(h)
    with scope(hub=hub_a):
        for sub, va, vb in zip(subs, (8, 6, 4), (5, 4, 3), strict=True):
            _score(h, sub, a, [va])
            _score(h, sub, b, [vb])
        _score(h, subs[0], c, [10])
        _score(h, subs[2], c, [10])
        results = compute_results(h)
    by_sub = {r.submission.pk: r for r in results.rows}
    assert by_sub[subs[0].pk].normalised == pytest.approx(0.816497, abs=1e-5)
    assert by_sub[subs[1].pk].normalised == pytest.approx(0.0, abs=1e-9)
    assert by_sub[subs[2].pk].normalised == pytest.approx(-0.816497, abs=1e-5)
    assert by_sub[subs[0].pk].raw == pytest.approx(76.6667, abs=1e-3)
    assert by_sub[subs[2].pk].raw == pytest.approx(56.6667, abs=1e-3)
    # By raw mean sub 3 would beat sub 2; normalised, the harsh/lenient bias is removed.
    assert [r.submission.pk for r in results.rows] == [s.pk for s in subs]
    a_row = next(j for j in by_sub[subs[0].pk].judges if j.judge == a)
    assert a_row.total == pytest.approx(80)
    assert a_row.z == pytest.approx(1.224745, abs=1e-5)


def test_weighted_total():
    class C:
        def __init__(self, pk, w, m):
            self.pk, self.weight, self.scale_max = pk, Decimal(w), m

    crit = [C(1, "2", 10), C(2, "1", 5)]
    assert weighted_total(criteria=crit, scores={1: 10, 2: 0}) == Decimal("66.667")  # 200 / 3
    assert weighted_total(criteria=crit, scores={1: 10}) is None


def test_ties_break_by_raw_mean_then_heaviest_criterion_then_time(hub_a):
    """Two judges who each score every submission the same way on totals leave equal
    normalised scores; the documented order then decides."""
    h = make_hackathon(hub_a, status=HackathonStatus.JUDGING)
    with scope(hub=hub_a):
        innovation = Criterion.objects.get(hackathon=h, name="Innovation")  # weight 2
        Criterion.objects.filter(hackathon=h, name="Impact").update(weight=Decimal("2"),
                                                                    order=0)
    subs = [make_submission(make_team(h, size=2, offset=i * 2, name=f"Tie{i}"))
            for i in range(3)]
    now = timezone.now()
    with scope(hub=hub_a):
        for i, sub in enumerate(subs):
            Submission.objects.filter(pk=sub.pk).update(
                submitted_at=now - timedelta(hours=i))  # sub 2 submitted first
        j = make_judge(h)
        # Criteria in rubric order: Impact (order 0, weight 2), Innovation (order 1, weight 2).
        # One judge: every z equals the same function of the total → equal totals tie.
        _score(h, subs[0], j, [4, 6])   # total 50; Impact mean 4
        _score(h, subs[1], j, [6, 4])   # total 50; Impact mean 6 → heaviest-first wins
        _score(h, subs[2], j, [6, 4])   # total 50; Impact 6; submitted earliest
        results = compute_results(h)
    order = [r.submission.pk for r in results.rows]
    # Heaviest criterion: both weigh 2, so the first in rubric order (Impact) decides;
    # subs 1 and 2 tie on it, and sub 2 was submitted earlier.
    assert order == [subs[2].pk, subs[1].pk, subs[0].pk]
    assert innovation.weight == Decimal("2")
