"""The outbox's part of a personal data export and of an account erasure."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from creaconnect.core import registry
from creaconnect.core.privacy import anonymous_email

from .models import Notification, Preference, State


class NotificationPrivacy:
    key = "notifications"
    order = 80
    label = _("Notifications")

    def _mine(self, user):
        return Q(recipient=user) | Q(recipient__isnull=True, email__iexact=user.email)

    def export(self, user):
        return {
            "notifications": [
                {"kind": n.kind, "subject": n.subject, "context": n.context, "link": n.url,
                 "created": n.created, "state": n.state, "sent_at": n.sent_at,
                 "read_at": n.read_at}
                for n in Notification.objects.filter(self._mine(user)).order_by("created")
            ],
            "email_preferences": list(Preference.objects.filter(user=user).values(
                "kind", "email_enabled")),
        }

    def files(self, user):
        return []

    def anonymise(self, user, identity):
        mine = Notification.objects.filter(self._mine(user))
        # Not yet delivered: cancelled (a send task finding no row skips it).
        mine.exclude(state=State.SENT).delete()
        # Delivered: the event stays for the outbox figures, what it said goes.
        # (``dedup_key`` stays: it holds ids only and stops a reminder going out again.)
        mine.update(email=anonymous_email(user.pk), subject="", context={}, url="",
                    last_error="")
        Preference.objects.filter(user=user).delete()
        # Messages to other people that name them (a teammate joined, a review by...).
        mentions = (Notification.objects.annotate(context_text=Cast("context", TextField()))
                    .filter(identity.q("email", "subject", "context_text", "dedup_key")))
        for n in mentions.iterator():
            n.email = identity.scrub(n.email)
            n.subject = identity.scrub(n.subject)[:300]
            n.context = identity.scrub(n.context)
            n.dedup_key = identity.scrub(n.dedup_key) if n.dedup_key else n.dedup_key
            n.save(update_fields=["email", "subject", "context", "dedup_key"])


    def apply_retention(self, now):
        """Delivered messages lose what they said after ``RETENTION_NOTIFICATION_BODY_DAYS``;
        the row (kind, time, state) stays for the outbox figures."""
        limit = now - timedelta(days=settings.RETENTION_NOTIFICATION_BODY_DAYS)
        count = (Notification.objects.filter(state=State.SENT, sent_at__lt=limit)
                 .exclude(context={}, subject="")
                 .update(context={}, subject="", last_error=""))
        return {"notification_bodies": count}


registry.privacy_providers.append(NotificationPrivacy())
