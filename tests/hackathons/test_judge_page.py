"""The judge's scoring page: previous/next in the queue, the weighted total computed by the
server (the live preview is a static script, no inline code), the other judges' scores in
their own scrolling region."""

import re

import pytest
from django.urls import reverse
from django_scopes import scope

from creaconnect.core.scoring import weighted_total
from hackathons.models import Criterion, HackathonStatus, JudgeAssignment
from tests.factories import make_hackathon, make_judge, make_submission, make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(hub_a):
    h = make_hackathon(hub_a, status=HackathonStatus.JUDGING, slug="judged")
    subs = [make_submission(make_team(h, size=2, offset=k * 2), title=f"Project {k}")
            for k in range(3)]
    me = make_judge(h)
    with scope(hub=hub_a):
        for sub in subs:
            JudgeAssignment.objects.create(hackathon=h, submission=sub, judge=me)
        criteria = list(Criterion.objects.filter(hackathon=h))
    return h, subs, me, criteria


def url(sub):
    return reverse("hackathons:judge_score", kwargs={"pk": sub.pk})


def test_previous_and_next_follow_the_queue(client, queue):
    _h, subs, me, _c = queue
    client.force_login(me)
    first = client.get(url(subs[0])).content.decode()
    assert 'rel="prev"' not in first
    assert f'rel="next" href="{url(subs[1])}"' in first
    middle = client.get(url(subs[1])).content.decode()
    assert f'rel="prev" href="{url(subs[0])}"' in middle
    assert f'rel="next" href="{url(subs[2])}"' in middle
    last = client.get(url(subs[2])).content.decode()
    assert 'rel="next"' not in last
    assert "Submission 3 of 3" in last


def test_server_shows_the_weighted_total_after_saving(client, queue):
    _h, subs, me, criteria = queue
    client.force_login(me)
    values = {criteria[0].pk: 8, criteria[1].pk: 3}
    r = client.post(url(subs[0]), {f"c{pk}": v for pk, v in values.items()})
    assert r.status_code == 302
    body = client.get(url(subs[0])).content.decode()
    expected = f"{weighted_total(criteria=criteria, scores=values):.1f}"
    assert re.search(r"<output data-total[^>]*>" + re.escape(expected) + "</output>", body)
    # The next one still to score is offered.
    assert f'href="{url(subs[1])}"' in body


def test_live_preview_is_a_static_script_with_the_weights(client, queue):
    _h, subs, me, criteria = queue
    client.force_login(me)
    body = client.get(url(subs[0])).content.decode()
    assert "js/judge-score.js" in body
    for c in criteria:
        assert f'data-c{c.pk}="{float(c.weight)}:{c.scale_max}"' in body
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body)  # no inline script
    assert "<output data-total" in body
    assert ">–</output>" in body
