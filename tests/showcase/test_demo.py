"""The showcase demo data: enough published projects across hubs and themes, images that
really exist, two projects awaiting consent, the event with its agenda; idempotent."""

from pathlib import Path

import pytest
from django.conf import settings
from django_scopes import scopes_disabled

from hubs import demo as hub_demo
from showcase import demo
from showcase.models import AgendaItem, ProjectState, ShowcaseEvent, ShowcaseProject, Theme
from showcase.queries import public_projects

pytestmark = pytest.mark.django_db


def test_demo_seed(client):
    with scopes_disabled():
        hub_demo.seed(lambda _m: None)
        demo.seed(lambda _m: None)
        first = (ShowcaseProject.objects.count(), AgendaItem.objects.count())
        demo.seed(lambda _m: None)
        assert (ShowcaseProject.objects.count(), AgendaItem.objects.count()) == first
        public = list(public_projects())
        assert len(public) >= 12
        assert {p.hub.slug for p in public} == {h["slug"] for h in hub_demo.HUBS}
        assert {p.theme for p in public} == set(Theme.values)
        assert ShowcaseProject.objects.filter(state=ProjectState.AWAITING_CONSENT).count() == 2
        for p in public:
            assert p.cover.storage.exists(p.cover.name)
            assert Path(settings.PUBLIC_MEDIA_ROOT, p.cover.name).is_file()
            assert p.cover_card.width <= 640
    event = ShowcaseEvent.objects.get()
    assert event.agenda.count() >= 5
    html = client.get("/showcase/").content.decode()
    assert html.count('class="card project-card') == 12
    assert client.get("/showcase/event/").status_code == 200
