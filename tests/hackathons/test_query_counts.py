"""Query counts of the hackathon lists do not grow with the data (two sizes each)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from hackathons.models import HackathonStatus, JudgeAssignment
from tests.factories import make_hackathon, make_judge, make_submission, make_team


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def assign(hackathon, judge, n, offset):
    for i in range(n):
        submission = make_submission(make_team(hackathon, size=2, offset=offset + 2 * i))
        with scope(hub=hackathon.hub):
            JudgeAssignment.objects.create(hackathon=hackathon, submission=submission,
                                           judge=judge)


def test_judge_queue_query_count_does_not_grow(client, hub_a, hub_b):
    first = make_hackathon(hub_a, slug="judging-a", status=HackathonStatus.JUDGING)
    judge = make_judge(first)
    client.force_login(judge)
    assign(first, judge, 1, 0)
    small = count(client, reverse("hackathons:judge_queue"))
    second = make_hackathon(hub_b, slug="judging-b", status=HackathonStatus.JUDGING)
    assign(first, judge, 4, 10)
    assign(second, judge, 4, 30)
    large = count(client, reverse("hackathons:judge_queue"))
    assert small == large, (small, large)


def test_hackathon_list_query_count_does_not_grow(client, hub_a, hub_b):
    make_hackathon(hub_a, slug="one")
    small = count(client, reverse("hackathons:list"))
    for i in range(6):
        h = make_hackathon(hub_b if i % 2 else hub_a, slug=f"more-{i}",
                           status=HackathonStatus.RUNNING if i % 3 else
                           HackathonStatus.REGISTRATION)
        make_team(h, size=2, offset=i * 2)
    large = count(client, reverse("hackathons:list"))
    assert small == large, (small, large)
