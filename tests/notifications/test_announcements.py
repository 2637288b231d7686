"""Programme-wide announcements: admins only, one row per person in one transaction, delivered
in batches over one SMTP connection, exactly once."""

import pytest
from django.urls import reverse

from creaconnect.notifications import announcements
from creaconnect.notifications.models import Channel, Notification, Preference, State
from creaconnect.notifications.tasks import task_send_batch
from tests.factories import UserFactory, give_totp


@pytest.fixture
def people(db):
    return [UserFactory(email=f"announce-{i}@example.org") for i in range(5)]


@pytest.fixture
def admin_client(client, admin_user):
    give_totp(admin_user)
    client.force_login(admin_user)
    return client


def test_participants_and_staff_cannot_announce(client, participant, staff_a):
    for user in (participant, staff_a):
        client.force_login(user)
        assert client.get(reverse("notifications:announce")).status_code in (403, 404)
        response = client.post(reverse("notifications:announce"),
                               {"subject": "Hi", "body": "Spam"})
        assert response.status_code in (403, 404)
    assert not Notification.objects.filter(kind=announcements.KIND).exists()


def test_empty_announcement_is_a_form_error(admin_client, people):
    response = admin_client.post(reverse("notifications:announce"), {"subject": "", "body": ""})
    assert response.status_code == 422
    assert not Notification.objects.filter(kind=announcements.KIND).exists()


def test_admin_announcement_writes_one_row_per_active_person_and_queues_batches(
        admin_client, people, settings, django_capture_on_commit_callbacks, monkeypatch):
    inactive = UserFactory(email="gone@example.org", is_active=False)
    queued = []
    monkeypatch.setattr(announcements, "BATCH_SIZE", 2)
    monkeypatch.setattr(announcements, "queue_batches",
                        lambda ids: queued.append(list(ids)) or 0)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("notifications:announce"),
                                     {"subject": "Final event", "body": "See you in Novi Sad."})
    assert response.status_code == 302
    rows = Notification.objects.filter(kind=announcements.KIND)
    emails = set(rows.values_list("email", flat=True))
    assert {p.email for p in people} <= emails
    assert inactive.email not in emails
    assert rows.count() == len(emails)  # one each
    assert all(r.state == State.PENDING and Channel.INAPP in r.channels for r in rows)
    assert sorted(queued[0]) == sorted(rows.values_list("pk", flat=True))


def test_batch_sends_over_smtp_exactly_once(smtp_settings, people, admin_user):
    Preference.objects.create(user=people[0], kind=announcements.KIND, email_enabled=False)
    count = announcements.announce(subject="Final event", body="Doors open at 18:00.",
                                   actor=admin_user)
    ids = list(Notification.objects.filter(kind=announcements.KIND).values_list("pk", flat=True))
    assert count == len(ids)
    first = task_send_batch.apply(args=[ids]).get()
    second = task_send_batch.apply(args=[ids]).get()  # a redelivered task sends nothing
    assert first["sent"] == len(ids) - 1
    assert first["skipped"] == 1
    assert second == {"sent": 0, "skipped": len(ids), "retry": 0, "failed": 0}
    recipients = [r for rcpts, _m in smtp_settings.messages for r in rcpts]
    assert sorted(recipients) == sorted(set(recipients))  # nobody twice
    assert people[0].email not in recipients
    assert {p.email for p in people[1:]} <= set(recipients)
    assert b"Doors open at 18:00." in smtp_settings.to(people[1].email)[0]
    assert not Notification.objects.filter(kind=announcements.KIND,
                                           state=State.PENDING).exists()
