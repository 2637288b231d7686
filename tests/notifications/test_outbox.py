"""The outbox: written with the change, sent once, retried, never lost."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from creaconnect import celery_app
from creaconnect.notifications import services
from creaconnect.notifications.models import Notification, Preference, State
from creaconnect.notifications.tasks import task_send_notification, task_sweep_outbox
from tests.conftest import wait_for
from tests.factories import UserFactory

KIND = "hub.staff_role_changed"


def make(user, **kw):
    return services.notify(user=user, kind=KIND, context={"hub": "Hub Alpha", "role": "Staff"},
                           url="/dashboard/", **kw)


@pytest.mark.django_db
def test_rolled_back_transaction_queues_nothing(participant, django_capture_on_commit_callbacks):
    def change_that_fails():
        with transaction.atomic():
            make(participant)
            raise RuntimeError("the change failed")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with pytest.raises(RuntimeError):
            change_that_fails()
    assert callbacks == []
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_committed_notification_is_dispatched_after_commit(participant,
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            make(participant)
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_sent_once_even_when_the_task_runs_twice(participant):
    note = make(participant)
    assert task_send_notification.apply(args=[note.pk]).get() == "sent"
    assert task_send_notification.apply(args=[note.pk]).get() == "skipped"
    assert len(mail.outbox) == 1
    note.refresh_from_db()
    assert note.state == State.SENT
    assert note.attempts == 1


@pytest.mark.django_db
def test_email_is_in_the_recipients_language_with_html_and_text(participant):
    participant.preferred_language = "fr"
    participant.save()
    note = make(participant)
    task_send_notification.apply(args=[note.pk])
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert '<html lang="fr">' in html
    assert "Hub Alpha" in html
    assert "http://" in html


@pytest.mark.django_db
def test_dedup_key_sends_a_reminder_once(participant):
    assert make(participant, dedup_key="reminder:x:2026-12-01") is not None
    assert make(participant, dedup_key="reminder:x:2026-12-01") is None
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_email_preference_off_keeps_in_app_only(participant):
    Preference.objects.create(user=participant, kind=KIND, email_enabled=False)
    note = make(participant)
    task_send_notification.apply(args=[note.pk])
    assert mail.outbox == []
    note.refresh_from_db()
    assert note.state == State.SENT
    assert note.read_at is None


@pytest.mark.django_db
def test_security_kind_ignores_preference(participant):
    Preference.objects.create(user=participant, kind="account.security", email_enabled=False)
    note = services.notify(user=participant, kind="account.security",
                           context={"title": "New sign-in", "message": "A new sign-in."})
    task_send_notification.apply(args=[note.pk])
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_transient_smtp_error_retries_then_sends(smtp_settings):
    user = UserFactory(email="flaky-1@example.org")
    note = make(user)
    assert task_send_notification.apply(args=[note.pk]).get() == "retry"
    note.refresh_from_db()
    assert note.state == State.PENDING
    assert note.attempts == 1
    assert "451" in note.last_error
    assert note.next_attempt_at > timezone.now()
    assert task_send_notification.apply(args=[note.pk]).get() == "sent"
    note.refresh_from_db()
    assert note.state == State.SENT
    assert note.attempts == 2
    assert len(smtp_settings.to("flaky-1@example.org")) == 1


@pytest.mark.django_db
def test_transient_errors_stop_after_five_attempts(participant, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens: refused
    note = make(participant)
    results = [task_send_notification.apply(args=[note.pk]).get() for _ in range(6)]
    assert results == ["retry"] * 4 + ["failed", "skipped"]
    note.refresh_from_db()
    assert note.state == State.FAILED
    assert note.attempts == 5


@pytest.mark.django_db
def test_permanent_smtp_error_fails_with_reason(smtp_settings):
    user = UserFactory(email="bounce-1@example.org")
    note = make(user)
    assert task_send_notification.apply(args=[note.pk]).get() == "failed"
    note.refresh_from_db()
    assert note.state == State.FAILED
    assert "550" in note.last_error
    assert note.attempts == 1


def _point_broker_at(url):
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app.conf.broker_url = url


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_broker_outage_at_commit_is_recovered_by_the_sweeper(celery_worker_process,
                                                            smtp_server, settings):
    user = UserFactory(email="outage@example.org")
    good_broker = celery_app.conf.broker_url
    _point_broker_at("redis://127.0.0.1:1/0")  # the broker is unreachable at commit time
    try:
        with transaction.atomic():
            note = make(user)
    finally:
        _point_broker_at(good_broker)
    note.refresh_from_db()
    assert note.state == State.PENDING  # written, not lost, not sent
    time.sleep(1)
    assert smtp_server.to("outage@example.org") == []

    # The sweeper (a beat job) re-dispatches rows older than its grace period.
    Notification.objects.filter(pk=note.pk).update(created=timezone.now() - timedelta(minutes=2))
    assert task_sweep_outbox.apply().get() >= 1
    assert wait_for(lambda: Notification.objects.get(pk=note.pk).state == State.SENT), \
        celery_worker_process.log_path.read_text()[-3000:]
    # A second sweep finds nothing to do, and the person got exactly one e-mail.
    task_sweep_outbox.apply()
    time.sleep(1)
    assert len(smtp_server.to("outage@example.org")) == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_delivers_after_commit_and_retries_transient(celery_worker_process, smtp_server):
    ok = UserFactory(email="worker-ok@example.org")
    flaky = UserFactory(email="flaky-worker@example.org")
    with transaction.atomic():
        a = make(ok)
        b = make(flaky)
    assert wait_for(lambda: Notification.objects.get(pk=a.pk).state == State.SENT)
    assert wait_for(lambda: Notification.objects.get(pk=b.pk).state == State.SENT, timeout=40), \
        celery_worker_process.log_path.read_text()[-3000:]
    assert Notification.objects.get(pk=b.pk).attempts == 2
    assert len(smtp_server.to("flaky-worker@example.org")) == 1


@pytest.mark.django_db
def test_inbox_bell_and_mark_read(client, participant):
    make(participant)
    make(participant)
    client.force_login(participant)
    bell = client.get(reverse("notifications:bell")).content.decode()
    assert "2 unread" in bell
    note = Notification.objects.filter(recipient=participant).first()
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert f'action="{reverse("notifications:open", kwargs={"pk": note.pk})}"' in inbox
    response = client.post(reverse("notifications:open", kwargs={"pk": note.pk}))
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert services.unread_count(participant) == 1
    client.post(reverse("notifications:mark_all_read"))
    assert services.unread_count(participant) == 0


@pytest.mark.django_db
def test_reading_a_notification_changes_nothing(client, participant):
    note = make(participant)
    client.force_login(participant)
    before = Notification.objects.values().get(pk=note.pk)
    page = client.get(reverse("notifications:notification", kwargs={"pk": note.pk}))
    assert page.status_code == 200
    assert "Hub Alpha" in page.content.decode()
    assert f'action="{reverse("notifications:open", kwargs={"pk": note.pk})}"' in \
        page.content.decode()
    # The "Open" URL is POST-only: a GET (a prefetching mail client, a crawler) is refused.
    assert client.get(reverse("notifications:open", kwargs={"pk": note.pk})).status_code == 405
    assert Notification.objects.values().get(pk=note.pk) == before
    assert services.unread_count(participant) == 1


@pytest.mark.django_db
def test_opening_without_a_link_marks_read_and_goes_back_to_the_inbox(client, participant):
    note = services.notify(user=participant, kind=KIND,
                           context={"hub": "Hub Alpha", "role": "Staff"})
    client.force_login(participant)
    response = client.post(reverse("notifications:open", kwargs={"pk": note.pk}))
    assert response["Location"] == reverse("notifications:inbox")
    assert services.unread_count(participant) == 0


@pytest.mark.django_db
def test_someone_elses_notification_is_404(client, participant):
    other = UserFactory()
    note = make(other)
    client.force_login(participant)
    assert client.get(reverse("notifications:notification",
                              kwargs={"pk": note.pk})).status_code == 404
    assert client.post(reverse("notifications:open", kwargs={"pk": note.pk})).status_code == 404
    assert Notification.objects.get(pk=note.pk).read_at is None


@pytest.mark.django_db
def test_hub_outbox_lists_own_hub_and_resends_failed(client, staff_a, hub_a, hub_b):
    mine = services.notify(email="x@example.org", kind=KIND, hub=hub_a,
                           context={"hub": "A", "role": "r"})
    theirs = services.notify(email="y@example.org", kind=KIND, hub=hub_b,
                             context={"hub": "B", "role": "r"})
    Notification.objects.filter(pk__in=[mine.pk, theirs.pk]).update(state=State.FAILED,
                                                                    last_error="550 no")
    client.force_login(staff_a)
    url = reverse("hub_notifications:hub_outbox", kwargs={"hub_slug": hub_a.slug})
    html = client.get(url).content.decode()
    assert "x@example.org" in html
    assert "y@example.org" not in html
    assert client.post(url, {"notification": theirs.pk}).status_code == 404
    client.post(url, {"notification": mine.pk})
    mine.refresh_from_db()
    assert mine.state == State.PENDING
    assert mine.attempts == 0


@pytest.mark.django_db
def test_programme_outbox_is_for_programme_admins_only(client, staff_a, admin_user):
    client.force_login(staff_a)
    assert client.get(reverse("notifications:outbox")).status_code == 404
    client.force_login(admin_user)
    assert client.get(reverse("notifications:outbox")).status_code == 200


import time  # noqa: E402  used only by the tests below


@pytest.mark.django_db
def test_inbox_names_a_not_yet_sent_notification_by_its_kind(client, participant):
    """Before the worker renders the subject, the inbox shows the kind's label, not its key."""
    note = make(participant)
    assert note.subject == ""
    client.force_login(participant)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Changes to my role in a hub" in page
    assert KIND not in page
