"""Console overview: each status move says what it does; figures are apart from labels."""

import re

import pytest
from django.urls import reverse

from hackathons.models import HackathonStatus
from tests.factories import make_hackathon

pytestmark = pytest.mark.django_db


def page(client, staff, hub, status):
    h = make_hackathon(hub, status=status, slug=f"h-{status}")
    client.force_login(staff)
    return client.get(reverse("hackathons_console:detail",
                              kwargs={"hub_slug": hub.slug, "slug": h.slug})).content.decode()


@pytest.mark.parametrize(("status", "says", "not_says"), [
    (HackathonStatus.JUDGING, "Publishing the results", "Starting the hackathon"),
    (HackathonStatus.REGISTRATION, "Starting the hackathon", "Publishing the results"),
    (HackathonStatus.RUNNING, "Starting judging", "Starting the hackathon"),
    (HackathonStatus.DRAFT, "Opening registration", "Starting the hackathon"),
])
def test_help_under_the_move_matches_the_move(client, staff_a, hub_a, status, says, not_says):
    body = page(client, staff_a, hub_a, status)
    assert says in body
    assert not_says not in body
    assert re.search(r'aria-describedby="move-help-\w+"', body)


def test_figures_do_not_run_into_their_labels(client, staff_a, hub_a):
    body = page(client, staff_a, hub_a, HackathonStatus.REGISTRATION)
    text = re.sub(r"<[^>]+>", "", body)
    assert not re.search(r"\d+Registered", text)
    assert ('<span class="figure-value">0</span> '
            '<span class="figure-label">Registered</span>') in body
