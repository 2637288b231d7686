"""The final event's calendar: the button says how many entries the file adds; the day alone
and single sessions can be added too."""

from datetime import timedelta

import pytest
from django.utils import timezone

from showcase.models import AgendaItem, ShowcaseEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(db):
    start = timezone.now() + timedelta(days=30)
    ev = ShowcaseEvent.objects.create(title="Final", slug="final", starts_at=start,
                                      ends_at=start + timedelta(hours=8), venue="La Friche",
                                      city="Marseille", description="A day.")
    items = [AgendaItem.objects.create(event=ev, starts_at=start + timedelta(hours=k),
                                       title=f"Session {k}") for k in range(7)]
    return ev, items


def test_the_button_says_how_many_events_the_file_adds(client, event):
    _ev, items = event
    html = client.get("/showcase/event/").content.decode()
    assert "(8 events)" in html
    ics = client.get("/showcase/event/calendar.ics").content.decode()
    assert ics.count("BEGIN:VEVENT") == 8


def test_the_day_alone_is_one_event(client, event):
    assert "?part=day" in client.get("/showcase/event/").content.decode()
    ics = client.get("/showcase/event/calendar.ics", {"part": "day"}).content.decode()
    assert ics.count("BEGIN:VEVENT") == 1
    assert "SUMMARY:Final" in ics


def test_one_session(client, event):
    ev, items = event
    url = f"/showcase/event/calendar/{items[3].pk}.ics"
    assert url in client.get("/showcase/event/").content.decode()
    response = client.get(url)
    text = response.content.decode()
    assert text.count("BEGIN:VEVENT") == 1
    assert "SUMMARY:Session 3" in text
    assert response["Content-Type"].startswith("text/calendar")
    other = ShowcaseEvent.objects.create(title="Old", slug="old",
                                         starts_at=ev.starts_at - timedelta(days=400),
                                         ends_at=ev.starts_at - timedelta(days=399),
                                         venue="x", city="y")
    stale = AgendaItem.objects.create(event=other, starts_at=other.starts_at, title="Old one")
    assert client.get(f"/showcase/event/calendar/{stale.pk}.ics").status_code == 404
