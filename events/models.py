"""Events a hub hosts (showcase evenings, workshops, demo days, the programme's final event)
and the people registered for them.

An event belongs to its host hub (scoped like every hub-owned row). The programme's final
event is an event of the coordinating hub marked ``is_programme_event``: programme admins run
it from that hub's console, and the funder's figures count it apart.

A registration is one person's place (or their turn on the waiting list). The database
forbids a second registration of the same person for the same event; the capacity is counted
under a row lock on the event (see ``services``). Checking in is a moment set once
(``checked_in_at``): a retried request finds it set and changes nothing.
"""

import secrets
import zoneinfo

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from django_scopes import ScopedManager

from creaconnect.core.i18n_content import localised

# The time zones of the places the programme meets in (its hubs, and online in UTC).
TIME_ZONES = [
    ("Europe/Brussels", "Europe/Brussels"),
    ("Europe/Paris", "Europe/Paris"),
    ("Europe/Madrid", "Europe/Madrid"),
    ("Europe/Rome", "Europe/Rome"),
    ("Europe/Belgrade", "Europe/Belgrade"),
    ("Europe/Lisbon", "Europe/Lisbon"),
    ("UTC", "UTC"),
]

TICKET_SALT = "events.ticket"


class EventKind(models.TextChoices):
    SHOWCASE_EVENING = "showcase", _("Showcase evening")
    WORKSHOP = "workshop", _("Workshop")
    DEMO_DAY = "demo_day", _("Demo day")
    FINAL_EVENT = "final", _("Final event")
    OTHER = "other", _("Other event")


class EventState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


def default_questions() -> list[dict]:
    """The questions a new event asks (staff may change or remove them)."""
    return [{"label": str(_("Accessibility needs")), "required": False},
            {"label": str(_("Dietary requirements")), "required": False}]


class Event(models.Model):
    TRANSLATABLE_FIELDS = ("title", "description", "venue_notes")

    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="events",
                            verbose_name=_("host hub"))
    slug = models.SlugField(_("address"), max_length=80, unique=True,
                            help_text=_("The end of the event's web address: lower-case "
                                        "letters, digits and hyphens."))
    kind = models.CharField(_("kind of event"), max_length=20, choices=EventKind.choices,
                            default=EventKind.WORKSHOP)
    is_programme_event = models.BooleanField(
        _("programme-wide event"), default=False,
        help_text=_("The programme's own event (the final event): set by programme admins."))
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), max_length=5000)
    translations = models.JSONField(default=dict, blank=True)
    venue = models.CharField(_("venue"), max_length=160, blank=True)
    address = models.CharField(_("address of the venue"), max_length=250, blank=True)
    venue_notes = models.TextField(
        _("getting there and access"), max_length=1000, blank=True,
        help_text=_("Entrance, step-free access, public transport: what a visitor needs to "
                    "find the place."))
    city = models.CharField(_("city"), max_length=120, blank=True)
    online_url = models.URLField(_("online link"), blank=True,
                                 help_text=_("Sent to registered people only."))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=40, choices=TIME_ZONES,
                                 default=settings.TIME_ZONE)
    capacity = models.PositiveIntegerField(_("places"))
    registration_opens = models.DateTimeField(_("registration opens"))
    registration_closes = models.DateTimeField(_("registration closes"))
    questions = models.JSONField(_("questions"), default=default_questions, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=EventState.choices,
                             default=EventState.DRAFT, db_index=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ScopedManager(hub="hub")

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                   name="event_ends_after_start"),
            models.CheckConstraint(
                condition=Q(registration_closes__gt=models.F("registration_opens")),
                name="event_registration_window"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="event_capacity_positive"),
            models.CheckConstraint(condition=~Q(venue="") | ~Q(online_url=""),
                                   name="event_has_place_or_link"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    def get_console_url(self):
        return reverse("events_console:detail", kwargs={"hub_slug": self.hub.slug,
                                                        "slug": self.slug})

    @property
    def tz(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def zone_abbreviation(self) -> str:
        """The zone's short name at the start (``CET``, ``CEST``), beside the times."""
        return timezone.localtime(self.starts_at, self.tz).strftime("%Z")

    @property
    def ends_on_another_day(self) -> bool:
        return (timezone.localtime(self.ends_at, self.tz).date()
                != timezone.localtime(self.starts_at, self.tz).date())

    @property
    def local_title(self) -> str:
        return localised(self, "title")

    @property
    def local_description(self) -> str:
        return localised(self, "description")

    @property
    def is_published(self) -> bool:
        return self.state == EventState.PUBLISHED

    @property
    def is_online(self) -> bool:
        return not self.venue and bool(self.online_url)

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (self.is_published and self.registration_opens <= now < self.registration_closes
                and now < self.ends_at)

    def place_line(self) -> str:
        """Where it happens, in one line (venue, city; or "Online")."""
        parts = [p for p in (self.venue, self.city) if p]
        return ", ".join(parts) if parts else str(_("Online"))


def new_ticket_key() -> str:
    return secrets.token_urlsafe(12)


class Registration(models.Model):
    """One person's place at an event, or their turn on its waiting list.

    ``answers`` holds the answers to the event's questions as ``[{"question", "answer"}]``;
    they are private (the host hub's staff only). ``ticket_key`` is random and changes when
    a cancelled registration is renewed, so an old QR code no longer checks anyone in.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="event_registrations")
    status = models.CharField(_("status"), max_length=12, choices=RegistrationStatus.choices,
                              default=RegistrationStatus.REGISTERED, db_index=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    answers = models.JSONField(default=list, blank=True)
    ticket_key = models.CharField(max_length=40, default=new_ticket_key, unique=True)
    created = models.DateTimeField(default=timezone.now)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager(hub="event__hub")

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="event_registration_once"),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="registered"),
                name="event_checked_in_only_when_registered"),
        ]
        indexes = [models.Index(fields=["event", "status"], name="event_reg_status_idx")]

    def __str__(self):
        return f"{self.user} · {self.event}"

    @property
    def ticket_token(self) -> str:
        """The signed token the QR code carries (never the bare id: it cannot be guessed)."""
        return signing.Signer(salt=TICKET_SALT).sign(f"{self.pk}.{self.ticket_key}")

    @property
    def is_active(self) -> bool:
        return self.status != RegistrationStatus.CANCELLED


def registration_id_from_token(token: str) -> tuple[int, str] | None:
    """``(id, key)`` from a ticket token, or ``None`` when its signature does not hold."""
    try:
        value = signing.Signer(salt=TICKET_SALT).unsign((token or "").strip())
    except signing.BadSignature:
        return None
    pk, _sep, key = value.partition(".")
    return (int(pk), key) if pk.isdigit() and key else None
