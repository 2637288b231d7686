"""Review rounds of a call, the call's external reviewers and declared conflicts.

A call reviews in rounds (for example "Eligibility", then "Expert scoring"), each with a
deadline and the criteria it scores. Reviewers are the hub's staff and the experts of the
programme-wide pool whom staff add to the call (:class:`CallReviewer`). A reviewer who declares
a conflict with an application (:class:`ReviewConflict`) is never assigned to it again.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class RankFigure(models.TextChoices):
    """Which figure of the review engine (``creaconnect.review.scores.RankBy``) ranks a call."""

    NORMALISED = "normalised", _("Normalised (mean of reviewers' z-scores)")
    MEAN = "mean", _("Mean")
    MEDIAN = "median", _("Median")


class CallReviewPolicy(models.Model):
    """How a call's reviews are read: the figure that ranks its applications."""

    call = models.OneToOneField("programme.Call", on_delete=models.CASCADE,
                                related_name="review_policy")
    rank_by = models.CharField(_("figure that ranks the applications"), max_length=12,
                               choices=RankFigure.choices, default=RankFigure.NORMALISED)

    objects = ScopedManager(hub="call__hub")

    def __str__(self):
        return f"{self.call_id}: {self.rank_by}"


class ReviewRound(models.Model):
    call = models.ForeignKey("programme.Call", on_delete=models.CASCADE,
                             related_name="review_rounds")
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    deadline = models.DateTimeField(_("deadline"))
    criteria = models.ManyToManyField("programme.Criterion", blank=True,
                                      related_name="review_rounds",
                                      verbose_name=_("criteria scored in this round"))
    per_application = models.PositiveSmallIntegerField(_("reviewers per application"),
                                                       default=2)
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="call__hub")

    MAX_PER_APPLICATION = 10

    class Meta:
        ordering = ["order", "deadline", "pk"]
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")

    def __str__(self):
        return self.name


class CallReviewer(models.Model):
    """An expert of the pool asked by staff to review a call's applications."""

    call = models.ForeignKey("programme.Call", on_delete=models.CASCADE,
                             related_name="external_reviewers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="call_reviews")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                 related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="call__hub")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["call", "user"],
                                               name="call_reviewer_once")]
        verbose_name = _("external reviewer")
        verbose_name_plural = _("external reviewers")

    def __str__(self):
        return f"{self.user} → {self.call_id}"


class ReviewConflict(models.Model):
    """A conflict of interest a reviewer declared with an application (all rounds)."""

    application = models.ForeignKey("programme.Application", on_delete=models.CASCADE,
                                    related_name="review_conflicts")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="declared_review_conflicts")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="application__call__hub")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"],
                                               name="review_conflict_once")]

    def __str__(self):
        return f"{self.reviewer} ≠ {self.application_id}"
