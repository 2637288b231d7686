"""Factories of the outbox. The infrastructure imports no people factory: pass ``recipient``
or ``user`` (a ``UserFactory()``) where one is wanted."""

import factory

from creaconnect.core.factories import ModelFactory

from .models import Channel, Notification, Preference


class NotificationFactory(ModelFactory):
    class Meta:
        model = Notification

    email = factory.LazyAttribute(lambda n: n.recipient.email if n.recipient else
                                  "someone@example.org")
    recipient = None
    kind = "announcement"
    subject = "Programme news"
    channels = factory.LazyFunction(lambda: [Channel.EMAIL, Channel.INAPP])


class PreferenceFactory(ModelFactory):
    """``user`` is required."""

    class Meta:
        model = Preference

    kind = "announcement"
    email_enabled = False
