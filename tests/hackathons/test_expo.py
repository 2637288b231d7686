"""Expo (pairwise) judging: the judge's page and answers, who sees which projects, the
ranking with its uncertainty, flags, tenancy and the fixed query count."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from hackathons.models import (
    ExpoJudgement,
    ExpoPair,
    HackathonStatus,
    JudgingMode,
    Submission,
)
from hackathons.services import HackathonError, expo
from hackathons.services import event as event_services
from tests.factories import (
    ConflictDeclarationFactory,
    ExpoJudgementFactory,
    TeamFactory,
    TeamMembershipFactory,
    make_hackathon,
    make_judge,
    make_submission,
    make_team,
    registered,
)

pytestmark = pytest.mark.django_db


def expo_hackathon(hub, *, projects=4, slug="expo", **fields):
    h = make_hackathon(hub, slug=slug, status=HackathonStatus.JUDGING,
                       judging_mode=JudgingMode.PAIRWISE, **fields)
    subs = [make_submission(make_team(h, offset=2 * k), title=f"Project {k}")
            for k in range(projects)]
    return h, subs


def page(slug):
    return reverse("hackathons:expo", kwargs={"slug": slug})


def judge_url(h, pair, skip=False):
    return reverse("hackathons:expo_skip" if skip else "hackathons:expo_judge",
                   kwargs={"slug": h.slug, "pair": pair.pk})


def test_a_judge_starts_answers_and_gets_the_next_pair(client, hub_a):
    h, subs = expo_hackathon(hub_a)
    judge = make_judge(h)
    client.force_login(judge)
    body = client.get(page(h.slug)).content.decode()
    assert "Start the expo" in body
    with scope(hub=hub_a):
        assert not ExpoPair.objects.exists()  # GET changed nothing
    client.post(reverse("hackathons:expo_start", kwargs={"slug": h.slug}))
    with scope(hub=hub_a):
        pair = ExpoPair.objects.get()
    body = client.get(page(h.slug)).content.decode()
    assert "A is better" in body
    assert "B is better" in body
    assert pair.first.title in body
    assert pair.second.title in body
    r = client.post(judge_url(h, pair), {"overall": expo.SECOND})
    assert r.status_code == 302
    with scope(hub=hub_a):
        j = ExpoJudgement.objects.get()
        assert (j.winner_id, j.loser_id) == (pair.second_id, pair.first_id)
        following = ExpoPair.objects.get(decided_at__isnull=True)
    # The judge stays at the project just seen and is shown a new one.
    assert following.first_id == pair.second_id
    assert following.second_id not in (pair.first_id, pair.second_id)


def test_a_second_tap_records_nothing(client, hub_a):
    h, _subs = expo_hackathon(hub_a)
    judge = make_judge(h)
    client.force_login(judge)
    with scope(hub=hub_a):
        pair = expo.start_walk(hackathon=h, actor=judge)
    client.post(judge_url(h, pair), {"overall": expo.FIRST})
    r = client.post(judge_url(h, pair), {"overall": expo.FIRST}, follow=True)
    assert "already recorded" in r.content.decode()
    with scope(hub=hub_a):
        assert ExpoJudgement.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_answers_to_one_pair_record_one_judgement(hub_a):
    h, _subs = expo_hackathon(hub_a, slug="expo-race")
    judge = make_judge(h)
    with scope(hub=hub_a):
        pair = expo.start_walk(hackathon=h, actor=judge)
    results, barrier = [], threading.Barrier(4)

    def answer():
        try:
            barrier.wait()
            with scope(hub=hub_a):
                expo.judge_pair(pair=pair, answers={None: expo.FIRST}, actor=judge)
            results.append("ok")
        except HackathonError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=answer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused", "refused", "refused"]
    with scope(hub=hub_a):
        assert ExpoJudgement.objects.filter(pair=pair).count() == 1
        assert ExpoPair.objects.filter(judge=judge, decided_at__isnull=True).count() == 1


def test_own_hub_and_conflicted_teams_are_never_shown(hub_a, hub_b):
    h, subs = expo_hackathon(hub_a, projects=4)
    judge = make_judge(h, hub=hub_b)
    # A team with a member from the judge's hub, and a team the judge declared a conflict with.
    member = registered(h, home_hub=hub_b, i=9)
    own_hub_team = TeamFactory(hackathon=h, captain=member, name="Hub B people")
    TeamMembershipFactory(team=own_hub_team, user=member)
    own = make_submission(own_hub_team, title="From my hub")
    ConflictDeclarationFactory(hackathon=h, judge=judge, team=subs[0].team)
    shown = set()
    with scope(hub=hub_a):
        pair = expo.start_walk(hackathon=h, actor=judge)
        while pair is not None:
            shown |= {pair.first_id, pair.second_id}
            pair = expo.judge_pair(pair=pair, answers={None: expo.FIRST}, actor=judge)
    assert own.pk not in shown
    assert subs[0].pk not in shown
    assert shown == {s.pk for s in subs[1:]}


def test_skip_records_no_judgement_and_moves_on(client, hub_a):
    h, _subs = expo_hackathon(hub_a)
    judge = make_judge(h)
    client.force_login(judge)
    with scope(hub=hub_a):
        pair = expo.start_walk(hackathon=h, actor=judge)
    client.post(judge_url(h, pair, skip=True))
    with scope(hub=hub_a):
        assert not ExpoJudgement.objects.exists()
        pair.refresh_from_db()
        assert pair.skipped
        assert pair.decided_at
        assert ExpoPair.objects.filter(decided_at__isnull=True).count() == 1


def test_per_criterion_needs_every_answer(client, hub_a):
    h, _subs = expo_hackathon(hub_a, expo_per_criterion=True)
    judge = make_judge(h)
    client.force_login(judge)
    with scope(hub=hub_a):
        pair = expo.start_walk(hackathon=h, actor=judge)
        criteria = list(h.criteria.all())
    body = client.get(page(h.slug)).content.decode()
    assert all(c.name in body for c in criteria)
    r = client.post(judge_url(h, pair), {f"c{criteria[0].pk}": expo.FIRST}, follow=True)
    assert "on every question" in r.content.decode()
    with scope(hub=hub_a):
        assert not ExpoJudgement.objects.exists()
    client.post(judge_url(h, pair), {f"c{criteria[0].pk}": expo.FIRST,
                                     f"c{criteria[1].pk}": expo.SECOND})
    with scope(hub=hub_a):
        rows = {j.criterion_id: j.winner_id for j in ExpoJudgement.objects.all()}
    assert rows == {criteria[0].pk: pair.first_id, criteria[1].pk: pair.second_id}


def test_who_reaches_the_expo_page(client, hub_a, hub_b, staff_a, staff_b, participant):
    h, _subs = expo_hackathon(hub_a)
    judge = make_judge(h)
    other = make_judge()  # in the pool, not on this panel
    for user in (participant, other, staff_b, staff_a):  # staff do not judge either
        client.force_login(user)
        assert client.get(page(h.slug)).status_code == 404, user
        assert client.post(reverse("hackathons:expo_start",
                                   kwargs={"slug": h.slug})).status_code == 404
    client.force_login(judge)
    assert client.get(page(h.slug)).status_code == 200
    with scope(hub=hub_a):
        pair = expo.start_walk(hackathon=h, actor=judge)
    # Another judge's pair is not found; GET on an action answers 405.
    client.force_login(make_judge(h))
    assert client.post(judge_url(h, pair), {"overall": expo.FIRST}).status_code == 404
    assert client.get(judge_url(h, pair)).status_code == 405


def test_closed_after_the_judging_deadline(client, hub_a):
    h, _subs = expo_hackathon(hub_a)
    judge = make_judge(h)
    with scope(hub=hub_a):
        pair = expo.start_walk(hackathon=h, actor=judge)
        h.judging_closes = timezone.now() - timedelta(minutes=1)
        h.judging_opens = h.judging_closes - timedelta(days=1)
        h.save()
    client.force_login(judge)
    r = client.post(judge_url(h, pair), {"overall": expo.FIRST}, follow=True)
    assert "Expo judging is closed" in r.content.decode()
    with scope(hub=hub_a):
        assert not ExpoJudgement.objects.exists()


def crowd(h, subs, *, contrarian_answers=10):
    """Three judges who agree (a higher index is better) and one who answers the reverse."""
    honest = [make_judge(h) for _ in range(3)]
    against = make_judge(h)
    pairs = [(a, b) for i, a in enumerate(subs) for b in subs[i + 1:]]
    for _round in range(2):
        for judge in honest:
            for a, b in pairs:
                ExpoJudgementFactory(judge=judge, winner=b, loser=a)
    for a, b in pairs[:contrarian_answers]:
        ExpoJudgementFactory(judge=against, winner=a, loser=b)
    return honest, against


def test_ranking_with_uncertainty_ties_and_a_judge_against_the_crowd(hub_a):
    h, subs = expo_hackathon(hub_a, projects=6)
    honest, against = crowd(h, subs)
    with scope(hub=hub_a):
        ranking = expo.expo_ranking(h)
    assert [r.submission for r in ranking.rows] == list(reversed(subs))
    assert all(r.sigma > 0 for r in ranking.rows)
    assert all(a.mu > b.mu for a, b in zip(ranking.rows, ranking.rows[1:], strict=False))
    assert [j.judge for j in ranking.flagged_judges] == [against]
    assert all(not j.flagged for j in ranking.judges if j.judge in honest)


def test_near_ties_are_flagged(hub_a):
    h, subs = expo_hackathon(hub_a, projects=2)
    judge = make_judge(h)
    ExpoJudgementFactory(judge=judge, winner=subs[0], loser=subs[1])
    with scope(hub=hub_a):
        top = expo.expo_ranking(h).rows[0]
    assert top.tied_with_next  # one answer cannot settle the order


def test_console_ranking_page(client, hub_a, hub_b, staff_a, staff_b):
    h, subs = expo_hackathon(hub_a, projects=6)
    _honest, against = crowd(h, subs)
    url = reverse("hackathons_console:expo", kwargs={"hub_slug": hub_a.slug, "slug": h.slug})
    client.force_login(staff_a)
    body = client.get(url).content.decode()
    assert "±" in body
    assert "How the expo ranking works" in body
    assert "disagrees with the crowd" in body
    assert against.name in body
    assert body.index("Project 5") < body.index("Project 0")
    client.force_login(staff_b)
    assert client.get(url).status_code == 404
    theirs = reverse("hackathons_console:expo", kwargs={"hub_slug": hub_b.slug, "slug": h.slug})
    assert client.get(theirs).status_code == 404


def test_console_ranking_makes_the_same_queries_at_two_sizes(client, hub_a, staff_a):
    counts = []
    for n, slug in ((3, "small"), (8, "large")):
        h, subs = expo_hackathon(hub_a, projects=n, slug=slug)
        crowd(h, subs, contrarian_answers=2)
        url = reverse("hackathons_console:expo",
                      kwargs={"hub_slug": hub_a.slug, "slug": h.slug})
        client.force_login(staff_a)
        client.get(url)  # warm the session and the caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_published_results_show_the_expo_ranking_and_the_method(client, hub_a, staff_a):
    h, subs = expo_hackathon(hub_a, projects=3)
    crowd(h, subs, contrarian_answers=0)
    detail = reverse("hackathons:detail", kwargs={"slug": h.slug})
    assert "Expo ranking" not in client.get(detail).content.decode()
    with scope(hub=hub_a):
        event_services.publish_results(hackathon=h, actor=staff_a)
        ranks = dict(Submission.objects.filter(hackathon=h).values_list("title", "rank"))
    assert ranks == {"Project 2": 1, "Project 1": 2, "Project 0": 3}
    body = client.get(detail).content.decode()
    assert "Expo ranking" in body
    assert "How the expo ranking works" in body
    assert "±" in body


def test_pairwise_hackathon_without_comparisons_cannot_publish(hub_a, staff_a):
    h, _subs = expo_hackathon(hub_a)
    with scope(hub=hub_a), pytest.raises(HackathonError, match="No pair has been judged"):
        event_services.publish_results(hackathon=h, actor=staff_a)


def test_rubric_hackathon_offers_no_expo(client, hub_a):
    h = make_hackathon(hub_a, slug="rubric-only", status=HackathonStatus.JUDGING)
    make_submission(make_team(h))
    make_submission(make_team(h, offset=2))
    judge = make_judge(h)
    client.force_login(judge)
    r = client.post(reverse("hackathons:expo_start", kwargs={"slug": h.slug}), follow=True)
    assert "not judged at an expo" in r.content.decode()


def test_staff_choose_the_judging_mode_and_the_vote_deadline(client, hub_a, staff_a):
    from datetime import datetime

    from hackathons.forms import HackathonForm

    h = make_hackathon(hub_a, slug="choose", status=HackathonStatus.RUNNING)
    form = HackathonForm(instance=h)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, datetime):  # shown in the current zone, without one
            value = value.strftime("%Y-%m-%dT%H:%M")
        if value in (None, False):
            continue
        data[name] = "on" if value is True else value
    closes = timezone.localtime(h.judging_closes).strftime("%Y-%m-%dT%H:%M")
    data.update(judging_mode=JudgingMode.BOTH, expo_per_criterion="on", vote_closes=closes)
    client.force_login(staff_a)
    edit = reverse("hackathons_console:edit", kwargs={"hub_slug": hub_a.slug, "slug": h.slug})
    assert "Expo (pairwise)" in client.get(edit).content.decode()
    r = client.post(edit, data)
    assert r.status_code == 302, r.content.decode()[:2000]
    h.refresh_from_db()
    assert h.judging_mode == JudgingMode.BOTH
    assert h.expo_per_criterion
    assert h.vote_closes is not None
    assert h.has_expo
    assert h.has_rubric


def test_console_ranks_each_criterion_when_judges_answer_per_criterion(client, hub_a, staff_a):
    h, subs = expo_hackathon(hub_a, projects=3, expo_per_criterion=True)
    judge = make_judge(h)
    with scope(hub=hub_a):
        innovation, impact = list(h.criteria.order_by("order"))
        pair = expo.start_walk(hackathon=h, actor=judge)
        # The first project is more innovative, the second has more impact.
        expo.judge_pair(pair=pair, actor=judge,
                        answers={innovation.pk: expo.FIRST, impact.pk: expo.SECOND})
        ranking = expo.expo_ranking(h)
    by_id = {r.submission.pk: r.criterion_ranks for r in ranking.rows}
    assert by_id[pair.first_id][0] < by_id[pair.second_id][0]
    assert by_id[pair.first_id][1] > by_id[pair.second_id][1]
    client.force_login(staff_a)
    body = client.get(reverse("hackathons_console:expo",
                              kwargs={"hub_slug": hub_a.slug, "slug": h.slug})).content.decode()
    assert "Rank on Innovation" in body
    assert "Rank on Impact" in body


def test_judge_page_makes_the_same_queries_at_two_sizes(client, hub_a):
    counts = []
    for n, slug in ((3, "few-projects"), (9, "many-projects")):
        h, subs = expo_hackathon(hub_a, projects=n, slug=slug)
        crowd(h, subs[:3], contrarian_answers=1)
        judge = make_judge(h)
        with scope(hub=hub_a):
            expo.start_walk(hackathon=h, actor=judge)
        client.force_login(judge)
        client.get(page(h.slug))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(page(h.slug)).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_a_vote_closing_before_the_start_is_refused(hub_a):
    from hackathons.forms import HackathonForm

    h = make_hackathon(hub_a, slug="early-vote")
    form = HackathonForm(instance=h)
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    data["vote_closes"] = h.starts_at - timedelta(hours=1)
    bound = HackathonForm(data, instance=h)
    with scope(hub=hub_a):  # the slug's uniqueness check reads the hub's hackathons
        assert not bound.is_valid()
    assert bound.errors["vote_closes"] == [
        "The community vote must close after the hackathon starts."]
