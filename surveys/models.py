"""Satisfaction surveys after an activity: a training session, a cohort (at its end) or a
hackathon (once its results are published).

A survey belongs to its activity's hub. Its questions are the default set (texts in the code,
so each person reads them in their own language) plus the questions the hub's staff added.
Each person asked has an ``Invitation`` with an unguessable token; the answer page needs that
token *and* the invited person signed in. ``Response`` is one-to-one with the invitation: the
database refuses a second response, and the service locks the invitation before it checks.
Results are shown only as aggregates, never with names.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

LIKERT_MIN, LIKERT_MAX = 1, 5
# Results (means, distributions, free texts) are shown from this many responses on: fewer
# could let staff recognise who answered what. The indicators report uses the same figure.
MIN_RESPONSES = 5


class ActivityKind(models.TextChoices):
    SESSION = "session", _("Training session")
    COHORT = "cohort", _("Cohort")
    HACKATHON = "hackathon", _("Hackathon")


class SurveyState(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class QuestionKind(models.TextChoices):
    LIKERT = "likert", _("Rating from 1 to 5")
    TEXT = "text", _("Free text")


# The default question set: (key, kind, text). Every survey starts with these.
DEFAULT_QUESTIONS = (
    ("overall", QuestionKind.LIKERT, _("Your overall rating of this activity")),
    ("useful", QuestionKind.LIKERT,
     _("How useful it was for your project or your work")),
    ("organisation", QuestionKind.LIKERT,
     _("How well it was organised (information, timing, place or platform)")),
    ("people", QuestionKind.LIKERT, _("The trainers, mentors or hosts")),
    ("comments", QuestionKind.TEXT, _("What should we keep, and what should we change?")),
)
DEFAULT_TEXTS = {key: text for key, _kind, text in DEFAULT_QUESTIONS}
LIKERT_LABELS = ((1, _("Very poor")), (2, _("Poor")), (3, _("Fair")), (4, _("Good")),
                 (5, _("Very good")))


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Survey(models.Model):
    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="surveys")
    kind = models.CharField(_("activity"), max_length=12, choices=ActivityKind.choices)
    session = models.ForeignKey("programme.TrainingSession", null=True, blank=True,
                                on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey("programme.Cohort", null=True, blank=True,
                               on_delete=models.CASCADE, related_name="+")
    hackathon = models.ForeignKey("hackathons.Hackathon", null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("activity title"), max_length=200)
    # When the activity ended (the session's end, the cohort's last day, the results):
    # the period the indicators report counts the survey in.
    activity_ended_at = models.DateTimeField(_("activity ended"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=SurveyState.choices,
                             default=SurveyState.DRAFT)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="hub")

    class Meta:
        ordering = ["-activity_ended_at", "-created"]
        constraints = [
            models.CheckConstraint(
                name="survey_one_activity",
                condition=(Q(kind=ActivityKind.SESSION, session__isnull=False,
                             cohort__isnull=True, hackathon__isnull=True)
                           | Q(kind=ActivityKind.COHORT, cohort__isnull=False,
                               session__isnull=True, hackathon__isnull=True)
                           | Q(kind=ActivityKind.HACKATHON, hackathon__isnull=False,
                               session__isnull=True, cohort__isnull=True))),
            models.UniqueConstraint(fields=["session"], name="one_survey_per_session"),
            models.UniqueConstraint(fields=["cohort"], name="one_survey_per_cohort"),
            models.UniqueConstraint(fields=["hackathon"], name="one_survey_per_hackathon"),
        ]
        indexes = [models.Index(fields=["state", "closes_at"])]
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def tone(self) -> str:
        """The badge colour of its state."""
        return {SurveyState.OPEN: "info", SurveyState.CLOSED: "done"}.get(self.state, "draft")

    def get_console_url(self) -> str:
        return reverse("surveys_console:detail", kwargs={"hub_slug": self.hub.slug,
                                                         "pk": self.pk})


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind of answer"), max_length=8, choices=QuestionKind.choices,
                            default=QuestionKind.LIKERT)
    key = models.CharField(max_length=20, blank=True)  # a default question's key, else ''
    text = models.CharField(_("question"), max_length=300, blank=True)  # staff's own words

    objects = ScopedManager(hub="survey__hub")

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], condition=~Q(key=""),
                                    name="survey_default_question_once"),
            models.CheckConstraint(condition=~Q(key="") | ~Q(text=""),
                                   name="survey_question_has_text"),
        ]

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        """The question in the reader's language (default questions) or as staff wrote it."""
        return DEFAULT_TEXTS.get(self.key, self.text) if self.key else self.text

    @property
    def is_likert(self) -> bool:
        return self.kind == QuestionKind.LIKERT

    @property
    def is_default(self) -> bool:
        return bool(self.key)


class Invitation(models.Model):
    """One person asked to answer one survey. ``reminded_at``: the one reminder went out."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="survey_invitations")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(hub="survey__hub")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "user"],
                                               name="survey_one_invitation_per_person")]
        indexes = [models.Index(fields=["survey", "answered_at"])]

    def __str__(self):
        return f"{self.user} · {self.survey}"

    def get_absolute_url(self) -> str:
        return reverse("surveys:answer", kwargs={"token": self.token})


class Response(models.Model):
    """One person's answers; who answered is known only through the invitation, which no
    results page reads."""

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE,
                                      related_name="response")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="survey__hub")

    def __str__(self):
        return f"{self.survey} #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    objects = ScopedManager(hub="question__survey__hub")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"],
                                    name="survey_one_answer_per_question"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=LIKERT_MIN, score__lte=LIKERT_MAX),
                name="survey_score_on_the_scale"),
        ]

    def __str__(self):
        return f"{self.question}: {self.score if self.score is not None else self.text[:40]}"
