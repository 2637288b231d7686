"""The audit browser: every entry (hub or not) as a sentence, filters, pages, CSV export."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from creaconnect.core import audit
from creaconnect.core.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(hub_a, hub_b):
    nina = UserFactory(display_name="Nina Novak", email="nina@example.org")
    marc = UserFactory(display_name="Marc Roux", email="marc@example.org")
    audit.record(actor=nina, action="call.published", hub=hub_a, data={})
    AuditEntry.objects.filter(action="call.published").update(target_label="Open Call 2027")
    audit.record(actor=marc, action="team.created", hub=hub_b)
    AuditEntry.objects.filter(action="team.created").update(target_label="=HYPERLINK(1)")
    old = audit.record(actor=nina, action="account.login")
    AuditEntry.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=40))
    return nina, marc


def _get(client, **params):
    return client.get(reverse("consortium:audit"), params)


def _sentences(response) -> str:
    return " | ".join(str(sentence) for _e, _h, sentence in response.context["rows"])


def test_sentences_and_every_entry(client, admin_user, entries):
    client.force_login(admin_user)
    body = _get(client).content.decode()
    assert "Nina Novak published the call Open Call 2027" in body
    assert "Nina Novak signed in" in body  # no hub: shown too
    assert ">call.published<" not in body  # never the code as text (only as option value)


@pytest.mark.parametrize(("params", "shown", "hidden"), [
    ({"hub": "none"}, "signed in", "Open Call 2027"),
    ({"actor": "roux"}, "created the team", "signed in"),
    ({"action": "call.published"}, "Open Call 2027", "created the team"),
    ({"target": "open call"}, "Open Call 2027", "created the team"),
    ({"start": "01/01/2000", "end": (timezone.localdate() - timedelta(days=30)).strftime(
        "%d/%m/%Y")}, "signed in", "Open Call 2027"),
])
def test_filters(client, admin_user, entries, params, shown, hidden):
    client.force_login(admin_user)
    body = _sentences(_get(client, **params))
    assert shown in body
    assert hidden not in body


def test_filter_by_hub(client, admin_user, entries, hub_a):
    client.force_login(admin_user)
    body = _sentences(_get(client, hub=str(hub_a.pk)))
    assert "Open Call 2027" in body
    assert "signed in" not in body


def test_bad_filter_is_an_error_not_a_crash(client, admin_user, entries):
    client.force_login(admin_user)
    response = _get(client, hub="999999", start="yesterday")
    assert response.status_code == 200
    assert b"error-summary" in response.content


def test_pages(client, admin_user, hub_a):
    for _ in range(55):
        audit.record(actor=admin_user, action="call.saved", hub=hub_a)
    client.force_login(admin_user)
    page1 = _get(client)
    assert len(page1.context["rows"]) == 50
    page2 = _get(client, page=2)
    assert len(page2.context["rows"]) == page2.context["page"].paginator.count - 50 > 0
    with CaptureQueriesContext(connection) as small:
        _get(client, page=2)
    for _ in range(200):
        audit.record(actor=UserFactory(), action="team.created", hub=hub_a)
    with CaptureQueriesContext(connection) as large:
        _get(client)
    assert len(small.captured_queries) == len(large.captured_queries)


def test_csv_export_is_neutralised_and_audited(client, admin_user, entries):
    client.force_login(admin_user)
    response = client.get(reverse("consortium:audit_export"), {"actor": "marc"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 2  # header + Marc's entry
    assert rows[1][-1] == "'=HYPERLINK(1)"
    assert "Marc Roux created the team" in rows[1][3]
    export = AuditEntry.objects.get(action="audit.exported")
    assert export.actor == admin_user
    assert export.data["filters"] == {"actor": "marc"}
    assert export.data["rows"] == 1
