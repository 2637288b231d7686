"""The public ranking fits a phone: four columns (rank, team with its project under it, the
normalised score the ranking uses, the raw mean), so the score is not scrolled out of view."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope

from hackathons.models import HackathonStatus, Submission
from tests.factories import make_hackathon, make_submission, make_team

pytestmark = pytest.mark.django_db


def test_public_ranking_has_four_columns_with_the_project_under_the_team(client, hub_a):
    now = timezone.now()
    h = make_hackathon(hub_a, status=HackathonStatus.RESULTS_PUBLISHED, slug="done",
                       starts_at=now - timedelta(days=5), ends_at=now - timedelta(days=3),
                       registration_opens=now - timedelta(days=20),
                       registration_closes=now - timedelta(days=6),
                       submission_deadline=now - timedelta(days=3),
                       judging_opens=now - timedelta(days=3),
                       judging_closes=now - timedelta(days=1))
    sub = make_submission(make_team(h))
    with scope(hub=hub_a):
        Submission.objects.filter(pk=sub.pk).update(rank=1, raw_score=70.0,
                                                    normalised_score=0.5)
        sub.refresh_from_db()
    body = client.get(h.get_absolute_url()).content.decode()
    table = body.split('class="table ranking"', 1)[1].split("</table>", 1)[0]
    assert len(re.findall(r"<th scope=\"col\"", table)) == 4
    row = re.search(r"<tbody><tr>(.*?)</tr>", table, re.S).group(1)
    assert len(re.findall(r"<td", row)) == 4
    team_cell = re.findall(r"<td>(.*?)</td>", row, re.S)[1]
    assert sub.title in team_cell
