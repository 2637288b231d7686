"""The hackathon, its challenges, its rubric and its prizes."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class HackathonStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REGISTRATION = "registration", _("Registration open")
    RUNNING = "running", _("Running")
    JUDGING = "judging", _("Judging")
    RESULTS_PUBLISHED = "results_published", _("Results published")
    ARCHIVED = "archived", _("Archived")


class JudgingMode(models.TextChoices):
    RUBRIC = "rubric", _("Rubric scores")
    PAIRWISE = "pairwise", _("Expo (pairwise)")
    BOTH = "both", _("Rubric scores and expo (pairwise)")


#: The judging modes that walk an expo (``Hackathon.has_expo``; a filter in queries).
EXPO_MODES = (JudgingMode.PAIRWISE, JudgingMode.BOTH)


class Hackathon(models.Model):
    """One international thematic event, hosted by a hub.

    ``status`` only changes through :mod:`hackathons.services.event` (its ``HACKATHON``
    state machine holds the legal moves).
    """

    PUBLIC_STATUSES = [s for s in HackathonStatus.values if s != HackathonStatus.DRAFT]

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="hackathons",
                            verbose_name=_("host hub"))
    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    theme = models.CharField(_("theme"), max_length=120)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"))
    place = models.CharField(_("place"), max_length=200, blank=True,
                             help_text=_("Leave empty for an online event."))
    is_online = models.BooleanField(_("online"), default=False)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    registration_opens = models.DateTimeField(_("registration opens"))
    registration_closes = models.DateTimeField(_("registration closes"))
    submission_deadline = models.DateTimeField(_("submission deadline"))
    judging_opens = models.DateTimeField(_("judging opens"))
    judging_closes = models.DateTimeField(_("judging closes"))
    capacity = models.PositiveIntegerField(_("places"), default=60,
                                           validators=[MinValueValidator(1)])
    team_min = models.PositiveSmallIntegerField(_("minimum team size"), default=3,
                                                validators=[MinValueValidator(1)])
    team_max = models.PositiveSmallIntegerField(_("maximum team size"), default=5,
                                                validators=[MinValueValidator(1)])
    min_countries = models.PositiveSmallIntegerField(
        _("countries per team (at least)"), default=2)
    min_disciplines = models.PositiveSmallIntegerField(
        _("disciplines per team (at least)"), default=2)
    judges_per_submission = models.PositiveSmallIntegerField(
        _("judges per submission"), default=3, validators=[MinValueValidator(1)])
    judging_mode = models.CharField(
        _("judging"), max_length=10, default=JudgingMode.RUBRIC, choices=JudgingMode.choices,
        help_text=_("Expo: judges walk the projects and say which of two is better."))
    expo_per_criterion = models.BooleanField(
        _("expo judges compare on each criterion"), default=False,
        help_text=_("Otherwise they give one overall answer per pair."))
    vote_closes = models.DateTimeField(
        _("community vote closes"), null=True, blank=True,
        help_text=_("Leave empty for no public vote. Verified accounts vote once."))
    rules = models.TextField(_("rules"), blank=True)
    prizes_text = models.TextField(_("prizes"), blank=True)
    schedule = models.TextField(_("schedule"), blank=True,
                                help_text=_("One line per item, for example: Fri 18:00 Welcome."))
    status = models.CharField(_("status"), max_length=20, choices=HackathonStatus.choices,
                              default=HackathonStatus.DRAFT, db_index=True)
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    translations = models.JSONField(
        _("translations"), default=dict, blank=True,
        help_text=_("Title, theme, summary and description in other languages."))
    created = models.DateTimeField(auto_now_add=True)

    TRANSLATABLE_FIELDS = ("title", "theme", "summary", "description")

    objects = ScopedManager(hub="hub")

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("hackathon")
        verbose_name_plural = _("hackathons")
        constraints = [
            models.CheckConstraint(condition=models.Q(team_min__lte=models.F("team_max")),
                                   name="hackathon_team_min_le_max"),
            models.CheckConstraint(
                condition=models.Q(registration_opens__lte=models.F("registration_closes")),
                name="hackathon_registration_window"),
            models.CheckConstraint(
                condition=models.Q(judging_opens__lte=models.F("judging_closes")),
                name="hackathon_judging_window"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("hackathons:detail", kwargs={"slug": self.slug})

    def get_console_url(self):
        return reverse("hackathons_console:detail",
                       kwargs={"hub_slug": self.hub.slug, "slug": self.slug})

    @property
    def has_expo(self) -> bool:
        return self.judging_mode in EXPO_MODES

    @property
    def has_rubric(self) -> bool:
        return self.judging_mode in (JudgingMode.RUBRIC, JudgingMode.BOTH)

    @property
    def is_public(self) -> bool:
        return self.status != HackathonStatus.DRAFT

    @property
    def results_public(self) -> bool:
        return self.status in (HackathonStatus.RESULTS_PUBLISHED, HackathonStatus.ARCHIVED)

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (self.status == HackathonStatus.REGISTRATION
                and self.registration_opens <= now < self.registration_closes)

    def next_deadline(self, now=None):
        """``(label, datetime)`` of the next date that matters, for the countdown; ``None``
        once the event is finished (nothing left to count down to)."""
        now = now or timezone.now()
        if self.is_finished(now):
            return None
        for label, when in (
            (_("Registration opens"), self.registration_opens),
            (_("Registration closes"), self.registration_closes),
            (_("The hackathon starts"), self.starts_at),
            (_("Submission deadline"), self.submission_deadline),
            (_("Judging closes"), self.judging_closes),
        ):
            if when > now:
                return label, when
        return None

    def is_finished(self, now=None) -> bool:
        """Results are out, or the event is archived, or judging has closed."""
        now = now or timezone.now()
        return self.results_public or self.judging_closes <= now

    @property
    def shows_places(self) -> bool:
        """Places only mean something before the hackathon starts."""
        return self.status in (HackathonStatus.DRAFT, HackathonStatus.REGISTRATION)

    def schedule_lines(self) -> list[str]:
        return [line.strip() for line in self.schedule.splitlines() if line.strip()]

    @property
    def phase(self) -> str:
        """upcoming / running / past, for the public list."""
        if self.status in (HackathonStatus.REGISTRATION,):
            return "upcoming"
        if self.status in (HackathonStatus.RUNNING, HackathonStatus.JUDGING):
            return "running"
        return "past"


class Challenge(models.Model):
    hackathon = models.ForeignKey(Hackathon, on_delete=models.CASCADE, related_name="challenges")
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    TRANSLATABLE_FIELDS = ("title", "description")

    objects = ScopedManager(hub="hackathon__hub")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")

    def __str__(self):
        return self.title


class Criterion(models.Model):
    """One line of a hackathon's rubric, scored from 0 to ``scale_max``, weighted."""

    hackathon = models.ForeignKey(Hackathon, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    scale_max = models.PositiveSmallIntegerField(
        _("highest score"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)])
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2,
                                 default=Decimal("1.00"),
                                 validators=[MinValueValidator(Decimal("0.01"))])
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    TRANSLATABLE_FIELDS = ("name", "description")

    objects = ScopedManager(hub="hackathon__hub")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["hackathon", "name"], name="criterion_unique_name"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="criterion_weight_pos"),
        ]

    def __str__(self):
        return self.name


class PrizeCategory(models.TextChoices):
    OVERALL = "overall", _("Overall")
    CHALLENGE = "challenge", _("Challenge")
    SPECIAL = "special", _("Special prize")


class Prize(models.Model):
    """A prize; its winner is decided by staff from the ranking."""

    hackathon = models.ForeignKey(Hackathon, on_delete=models.CASCADE, related_name="prizes")
    name = models.CharField(_("name"), max_length=160)
    category = models.CharField(_("category"), max_length=20, choices=PrizeCategory.choices,
                                default=PrizeCategory.OVERALL)
    challenge = models.ForeignKey(Challenge, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="prizes", verbose_name=_("challenge"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    winner = models.ForeignKey("hackathons.Team", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="prizes_won",
                               verbose_name=_("winner"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    TRANSLATABLE_FIELDS = ("name", "description")

    objects = ScopedManager(hub="hackathon__hub")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("prize")
        verbose_name_plural = _("prizes")

    def __str__(self):
        return self.name
