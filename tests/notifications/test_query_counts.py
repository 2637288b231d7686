"""The inbox and the programme outbox: flat query counts at two sizes."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from creaconnect.notifications.models import Channel, Notification
from tests.factories import UserFactory, give_totp


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def write(user, n):
    Notification.objects.bulk_create([
        Notification(recipient=user, email=user.email, kind="account.security",
                     subject=f"Message {i}", channels=[Channel.EMAIL, Channel.INAPP])
        for i in range(n)])


def test_inbox_query_count_does_not_grow(client, participant):
    client.force_login(participant)
    write(participant, 2)
    small = count(client, reverse("notifications:inbox"))
    write(participant, 60)
    write(UserFactory(), 30)
    large = count(client, reverse("notifications:inbox"))
    assert small == large, (small, large)


def test_programme_outbox_query_count_does_not_grow(client, admin_user):
    give_totp(admin_user)
    client.force_login(admin_user)
    write(UserFactory(), 2)
    small = count(client, reverse("notifications:outbox"))
    for _ in range(5):
        write(UserFactory(), 20)
    large = count(client, reverse("notifications:outbox"))
    assert small == large, (small, large)
