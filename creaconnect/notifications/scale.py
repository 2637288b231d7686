"""Scale data for the outbox: 200,000 notifications (large) for the scale users, almost all
sent long ago (the inbox and the outbox console read a big table), a few unread. Built by
the app's factory, inserted in bulk; idempotent by kind ``scale.bulk``."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from .factories import NotificationFactory
from .models import Channel, Notification, State

KIND = "scale.bulk"


def seed(factor, log):
    if Notification.objects.filter(kind=KIND).exists():
        log("notification scale data already there")
        return
    rng = random.Random(3)
    now = timezone.now()
    people = list(get_user_model().objects.filter(email__startswith="scale.")
                  .values_list("pk", "email"))
    if not people:
        log("notifications: no scale users: skipped")
        return
    total = int(200_000 * factor)
    batch = []
    created = 0
    for i in range(total):
        user_id, email = people[i % len(people)]
        sent = now - timedelta(minutes=rng.randint(60, 60 * 24 * 300))
        notification = NotificationFactory.build(
            email=email, kind=KIND, subject=f"Programme news {i}",
            context={"body": "Scale data"}, channels=[Channel.EMAIL, Channel.INAPP],
            state=State.SENT, attempts=1, sent_at=sent,
            read_at=None if i % 50 == 0 else sent + timedelta(hours=2))
        notification.recipient_id = user_id  # the id alone: no user row read per message
        batch.append(notification)
        if len(batch) == 20_000:
            Notification.objects.bulk_create(batch, batch_size=5000)
            created += len(batch)
            batch = []
    Notification.objects.bulk_create(batch, batch_size=5000)
    created += len(batch)
    log(f"{created} notifications")
