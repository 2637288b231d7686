"""The outbox: one row per message to one person, written in the domain transaction."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    INAPP = "inapp", _("In the app")


class State(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """A message for one recipient.

    ``hub_id`` is a plain column (the infrastructure does not import the hubs app); the hub's
    name and colour are copied into ``hub_name``/``hub_colour`` for the e-mail layout.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
        related_name="notifications",
    )
    email = models.EmailField(_("e-mail address"))
    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    context = models.JSONField(_("context"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    channels = ArrayField(models.CharField(max_length=10, choices=Channel.choices),
                          default=list)
    hub_id = models.BigIntegerField(null=True, blank=True)
    hub_name = models.CharField(max_length=120, blank=True)
    hub_colour = models.CharField(max_length=7, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    dedup_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created"], name="notif_recipient_created"),
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True),
                         name="notif_unread"),
            models.Index(fields=["state", "next_attempt_at"],
                         condition=models.Q(state__in=["pending", "sending"]),
                         name="notif_open"),
            models.Index(fields=["hub_id", "-created"], name="notif_hub_created"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.email} ({self.state})"

    @property
    def headline(self) -> str:
        """The subject once rendered; until then the kind's translated label."""
        if self.subject:
            return self.subject
        from . import kinds

        try:
            return str(kinds.get(self.kind).label)
        except LookupError:
            return self.kind

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class Preference(models.Model):
    """Per user and kind: whether e-mail is wanted. Absence means yes."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notification_preferences")
    kind = models.CharField(max_length=60)
    email_enabled = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="pref_unique")]

    def __str__(self):
        return f"{self.user} {self.kind} email={self.email_enabled}"
