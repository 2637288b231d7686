"""Calls for applications, their form questions and review criteria."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class Call(models.Model):
    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="calls")
    cohort = models.ForeignKey("programme.Cohort", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="calls",
                               verbose_name=_("cohort it selects for"))
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=90, unique=True)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"))
    eligibility = models.TextField(_("who can apply"))
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    max_places = models.PositiveIntegerField(_("places"), default=15)
    languages = ArrayField(models.CharField(max_length=10, choices=settings.LANGUAGES),
                           verbose_name=_("languages accepted"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=CallStatus.choices,
                              default=CallStatus.DRAFT)
    translations = models.JSONField(
        _("translations"), default=dict, blank=True,
        help_text=_("Title, summary, description and eligibility in other languages."))
    created = models.DateTimeField(auto_now_add=True)

    TRANSLATABLE_FIELDS = ("title", "summary", "description", "eligibility")

    objects = ScopedManager(hub="hub")

    class Meta:
        ordering = ["closes_at"]
        constraints = [models.CheckConstraint(
            condition=models.Q(closes_at__gt=models.F("opens_at")),
            name="call_closes_after_opening")]
        indexes = [models.Index(fields=["status", "closes_at"], name="call_status_closes")]
        verbose_name = _("call")
        verbose_name_plural = _("calls")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programme:call", kwargs={"slug": self.slug})

    @property
    def is_open(self) -> bool:
        """Open for applications right now (server clock)."""
        now = timezone.now()
        return self.status == CallStatus.PUBLISHED and self.opens_at <= now < self.closes_at

    @property
    def has_closed(self) -> bool:
        return self.status == CallStatus.CLOSED or timezone.now() >= self.closes_at


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    SINGLE_CHOICE = "single_choice", _("One choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Several choices")
    NUMBER = "number", _("Number")
    URL = "url", _("Web address")
    FILE = "file", _("File upload")


class Question(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    step = models.PositiveSmallIntegerField(_("form step"), default=1,
                                            validators=[MinValueValidator(1),
                                                        MaxValueValidator(5)])
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("type"), max_length=20, choices=QuestionKind.choices)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=True)
    choices = ArrayField(models.CharField(max_length=120), verbose_name=_("choices"),
                         default=list, blank=True,
                         help_text=_("For choice questions: one option per line."))
    word_limit = models.PositiveIntegerField(_("word limit"), null=True, blank=True)
    max_file_mb = models.PositiveSmallIntegerField(_("largest file (MB)"), default=10)
    allowed_extensions = ArrayField(models.CharField(max_length=10), default=list, blank=True,
                                    verbose_name=_("allowed file types"),
                                    help_text=_("For example: pdf, jpg, png"))
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    TRANSLATABLE_FIELDS = ("label", "help_text")

    objects = ScopedManager(hub="call__hub")

    class Meta:
        ordering = ["step", "order", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.label


class Criterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=120)
    description = models.CharField(_("what reviewers look for"), max_length=400, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=4, decimal_places=2, default=1,
                                 validators=[MinValueValidator(0)])
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5,
                                                 validators=[MinValueValidator(1),
                                                             MaxValueValidator(10)])
    order = models.PositiveSmallIntegerField(default=0)
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    TRANSLATABLE_FIELDS = ("name", "description")

    objects = ScopedManager(hub="call__hub")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")

    def __str__(self):
        return self.name
