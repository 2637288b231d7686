"""Public results agree with themselves: the figure shown is the figure the ranking uses, and a
finished hackathon shows no countdown and no places left."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope

from hackathons.models import HackathonStatus, Submission
from hackathons.services.results import readable_score
from tests.factories import make_hackathon, make_submission, make_team

pytestmark = pytest.mark.django_db

ROW = re.compile(r"<tr><td>(\d+)</td>.*?data-score>(-?[\d.]+)</td>", re.S)


def _published(hub, **kw):
    now = timezone.now()
    h = make_hackathon(hub, status=HackathonStatus.RESULTS_PUBLISHED, slug="done",
                       starts_at=now - timedelta(days=5), ends_at=now - timedelta(days=3),
                       registration_opens=now - timedelta(days=20),
                       registration_closes=now - timedelta(days=6),
                       submission_deadline=now - timedelta(days=3),
                       judging_opens=now - timedelta(days=3),
                       judging_closes=now + timedelta(days=3), **kw)
    # Rank order follows the normalised score; the raw means deliberately do not.
    figures = [(1, 70.9, 0.8), (2, 73.5, 0.3), (3, 40.0, -0.2), (4, 55.0, -0.9)]
    for offset, (rank, raw, normalised) in enumerate(figures):
        sub = make_submission(make_team(h, offset=offset * 2))
        with scope(hub=hub):
            Submission.objects.filter(pk=sub.pk).update(rank=rank, raw_score=raw,
                                                        normalised_score=normalised)
    return h


def test_displayed_score_is_monotonic_with_displayed_rank(client, hub_a):
    h = _published(hub_a)
    body = client.get(h.get_absolute_url()).content.decode()
    rows = [(int(rank), float(score)) for rank, score in ROW.findall(body)]
    assert [r for r, _ in rows] == [1, 2, 3, 4]
    scores = [s for _, s in rows]
    assert scores == sorted(scores, reverse=True), rows
    assert scores[0] == pytest.approx(readable_score(0.8), abs=0.05)
    assert "ranked on the normalised score" in body


def test_finished_hackathon_shows_no_countdown_or_places(client, hub_a):
    h = _published(hub_a)
    body = client.get(h.get_absolute_url()).content.decode()
    assert "Judging closes" not in body
    assert "Places left" not in body
    assert 'role="timer"' not in body
    assert "data-finished" in body


def test_open_hackathon_still_counts_down_and_shows_places(client, hub_a):
    h = make_hackathon(hub_a, slug="open")
    body = client.get(h.get_absolute_url()).content.decode()
    assert "Places left" in body
    assert 'role="timer"' in body
    assert "data-finished" not in body


def test_readable_score_keeps_the_order():
    values = [1.2, 0.3, 0.0, -0.4, -2.5]
    readable = [readable_score(v) for v in values]
    assert readable == sorted(readable, reverse=True)
    assert readable_score(0.0) == 50.0
    assert readable_score(None) is None
