"""The community-choice vote: one vote per verified account and hackathon (also under
parallel requests, on the real database), rate-limited, closed at its deadline, results
hidden until published."""

import threading
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from hackathons.models import CommunityVote, HackathonStatus, JudgingMode
from hackathons.services import HackathonError, vote
from hackathons.services import event as event_services
from tests.factories import (
    CommunityVoteFactory,
    ExpoJudgementFactory,
    UserFactory,
    make_hackathon,
    make_judge,
    make_submission,
    make_team,
)

pytestmark = pytest.mark.django_db


def voting(hub, *, slug="vote", projects=2, **fields):
    h = make_hackathon(hub, slug=slug, status=HackathonStatus.JUDGING,
                       vote_closes=timezone.now() + timedelta(days=1), **fields)
    subs = [make_submission(make_team(h, offset=2 * k), title=f"Entry {k}")
            for k in range(projects)]
    return h, subs


def cast_url(h, sub):
    return reverse("hackathons:vote_cast", kwargs={"slug": h.slug, "pk": sub.pk})


def test_a_verified_person_votes_once_after_confirming(client, hub_a):
    h, subs = voting(hub_a)
    voter = UserFactory()
    client.force_login(voter)
    page = client.get(reverse("hackathons:vote", kwargs={"slug": h.slug})).content.decode()
    assert "Vote for this project" in page
    asked = client.post(cast_url(h, subs[0]))
    assert asked.status_code == 200
    assert "A vote cannot be changed" in asked.content.decode()
    with scope(hub=hub_a):
        assert not CommunityVote.objects.exists()
    client.post(cast_url(h, subs[0]), {"confirmed": "1"})
    again = client.post(cast_url(h, subs[1]), {"confirmed": "1"}, follow=True)
    assert "already voted" in again.content.decode()
    with scope(hub=hub_a):
        assert list(CommunityVote.objects.values_list("voter", "submission")) == [
            (voter.pk, subs[0].pk)]


@pytest.mark.django_db(transaction=True)
def test_parallel_votes_of_one_person_count_once(hub_a):
    h, subs = voting(hub_a, slug="vote-race", projects=3)
    voter = UserFactory()
    outcomes, barrier = [], threading.Barrier(6)

    def cast(sub):
        try:
            barrier.wait()
            with scope(hub=hub_a):
                vote.cast_vote(hackathon=h, submission=sub, actor=voter)
            outcomes.append("ok")
        except HackathonError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(subs[k % 3],)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1
    assert outcomes.count("refused") == 5
    with scope(hub=hub_a):
        assert CommunityVote.objects.filter(voter=voter).count() == 1


def test_the_database_refuses_a_second_vote(hub_a):
    from django.db import IntegrityError, transaction

    h, subs = voting(hub_a)
    first = CommunityVoteFactory(submission=subs[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        CommunityVoteFactory(submission=subs[1], voter=first.voter)


def test_unverified_own_team_and_closed_are_refused(hub_a):
    h, subs = voting(hub_a)
    unverified = UserFactory()
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    member = subs[0].team.captain
    with scope(hub=hub_a):
        with pytest.raises(HackathonError, match="verify your e-mail"):
            vote.cast_vote(hackathon=h, submission=subs[0], actor=unverified)
        with pytest.raises(HackathonError, match="own team"):
            vote.cast_vote(hackathon=h, submission=subs[0], actor=member)
        h.vote_closes = timezone.now() - timedelta(seconds=1)
        h.save()
        with pytest.raises(HackathonError, match="closed"):
            vote.cast_vote(hackathon=h, submission=subs[1], actor=UserFactory())
        assert not CommunityVote.objects.exists()


def test_votes_are_rate_limited(client, hub_a, settings):
    settings.USER_RATE_LIMITS = {**settings.USER_RATE_LIMITS, "vote": "2/h"}
    h, subs = voting(hub_a)
    client.force_login(UserFactory())
    client.post(cast_url(h, subs[0]))
    client.post(cast_url(h, subs[0]))
    assert client.post(cast_url(h, subs[0]), {"confirmed": "1"}).status_code == 429
    with scope(hub=hub_a):
        assert not CommunityVote.objects.exists()


def test_results_stay_hidden_until_published(client, hub_a, staff_a):
    h, subs = voting(hub_a, judging_mode=JudgingMode.PAIRWISE)
    for _ in range(3):
        CommunityVoteFactory(submission=subs[1])
    CommunityVoteFactory(submission=subs[0])
    page_url = reverse("hackathons:vote", kwargs={"slug": h.slug})
    detail = reverse("hackathons:detail", kwargs={"slug": h.slug})
    for url in (page_url, detail):
        assert "3 votes" not in client.get(url).content.decode()
    with scope(hub=hub_a):
        assert vote.vote_results(h) == []
        ExpoJudgementFactory(judge=make_judge(h), winner=subs[0], loser=subs[1])
        event_services.publish_results(hackathon=h, actor=staff_a)
    body = client.get(page_url).content.decode()
    assert body.index("Entry 1") < body.index("Entry 0")
    assert "3 votes" in client.get(detail).content.decode()


def test_another_hackathons_project_is_not_found(client, hub_a, hub_b):
    h, _subs = voting(hub_a)
    _other, theirs = voting(hub_b, slug="other-vote")
    client.force_login(UserFactory())
    assert client.post(cast_url(h, theirs[0]), {"confirmed": "1"}).status_code == 404
    assert client.get(cast_url(h, theirs[0])).status_code == 405


def test_staff_console_counts_votes_without_showing_them(client, hub_a, staff_a):
    h, subs = voting(hub_a)
    CommunityVoteFactory(submission=subs[0])
    client.force_login(staff_a)
    body = client.get(reverse("hackathons_console:expo",
                              kwargs={"hub_slug": hub_a.slug, "slug": h.slug})).content.decode()
    assert "1 community vote" in body


def test_a_persons_votes_and_comparisons_are_in_their_data_export(hub_a):
    from hackathons.privacy import HackathonPrivacy

    h, subs = voting(hub_a)
    voter = CommunityVoteFactory(submission=subs[0]).voter
    judge = make_judge(h)
    ExpoJudgementFactory(judge=judge, winner=subs[1], loser=subs[0])
    data = HackathonPrivacy().export(voter)
    assert [v["submission__title"] for v in data["community_votes"]] == ["Entry 0"]
    judged = HackathonPrivacy().export(judge)["expo_comparisons"]
    assert [(c["winner__title"], c["loser__title"]) for c in judged] == [("Entry 1", "Entry 0")]


def test_vote_page_makes_the_same_queries_at_two_sizes(client, hub_a, staff_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n, slug in ((2, "few-votes"), (6, "many-votes")):
        h, subs = voting(hub_a, slug=slug, projects=n, judging_mode=JudgingMode.PAIRWISE)
        for sub in subs:
            CommunityVoteFactory(submission=sub)
        ExpoJudgementFactory(judge=make_judge(h), winner=subs[0], loser=subs[1])
        with scope(hub=hub_a):
            event_services.publish_results(hackathon=h, actor=staff_a)
        page = reverse("hackathons:vote", kwargs={"slug": h.slug})
        client.get(page)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(page).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
