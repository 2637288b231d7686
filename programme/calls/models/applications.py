"""Applications to calls, their answers, co-applicants and reviews."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("On the waiting list")
    REJECTED = "rejected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CONFIRMED = "confirmed", _("Place confirmed")
    DECLINED = "declined", _("Place declined")


class Application(models.Model):
    call = models.ForeignKey("programme.Call", on_delete=models.CASCADE,
                             related_name="applications")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="applications")
    project_title = models.CharField(_("project title"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=ApplicationState.choices,
                             default=ApplicationState.DRAFT)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_message = models.TextField(_("message to the applicant"), blank=True)
    waitlist_rank = models.PositiveIntegerField(null=True, blank=True)

    objects = ScopedManager(hub="call__hub")

    class Meta:
        ordering = ["-submitted_at", "-created"]
        constraints = [models.UniqueConstraint(fields=["call", "applicant"],
                                               name="one_application_per_person_per_call")]
        indexes = [models.Index(fields=["call", "state"], name="application_call_state")]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self):
        return self.project_title or _("Application %(id)s") % {"id": self.pk}


def answer_file_path(instance, filename):
    return f"applications/{instance.application_id}/{instance.question_id}/{filename}"


class Answer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="answers")
    question = models.ForeignKey("programme.Question", on_delete=models.CASCADE,
                                 related_name="answers")
    value = models.JSONField(default=None, null=True, blank=True)
    file = models.FileField(upload_to=answer_file_path, blank=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ScopedManager(hub="application__call__hub")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "question"],
                                               name="one_answer_per_question")]

    def __str__(self):
        return f"{self.question}: {self.value}"

    @property
    def is_filled(self) -> bool:
        return bool(self.file) or self.value not in (None, "", [])


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CoApplicant(models.Model):
    """A person invited by e-mail to a joint application; ``user`` is set on acceptance."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="co_applicants")
    email = models.EmailField(_("e-mail address"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="co_applications")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    accepted_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="application__call__hub")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "email"],
                                               name="co_applicant_once")]

    def __str__(self):
        return self.email


class ReviewAssignment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="review_assignments")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="review_assignments")
    round = models.ForeignKey("programme.ReviewRound", null=True, blank=True,
                              on_delete=models.CASCADE, related_name="assignments")
    #: Made by the assignment engine (may move on a re-run) rather than by hand.
    automatic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="application__call__hub")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "reviewer", "round"],
                                               nulls_distinct=False,
                                               name="review_assignment_once")]

    def __str__(self):
        return f"{self.reviewer} → {self.application_id}"


class Review(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="programme_reviews")
    round = models.ForeignKey("programme.ReviewRound", null=True, blank=True,
                              on_delete=models.CASCADE, related_name="reviews")
    comment = models.TextField(_("comment"), blank=True)
    total = models.DecimalField(_("weighted score"), max_digits=6, decimal_places=3,
                                null=True, blank=True)
    #: Staff chose to send this comment (anonymised) to the applicant with the decision.
    shared_with_applicant = models.BooleanField(_("shared with the applicant"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ScopedManager(hub="application__call__hub")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "reviewer", "round"],
                                               nulls_distinct=False,
                                               name="one_review_per_reviewer")]

    def __str__(self):
        return f"{self.reviewer} → {self.application}"


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey("programme.Criterion", on_delete=models.CASCADE,
                                  related_name="scores")
    score = models.PositiveSmallIntegerField(_("score"))

    objects = ScopedManager(hub="review__application__call__hub")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "criterion"],
                                               name="one_score_per_criterion")]

    def __str__(self):
        return f"{self.criterion_id}: {self.score}"
