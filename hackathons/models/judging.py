"""Judging: a hackathon's panel from the expert pool, assignments, conflicts, scores."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class PanelJudge(models.Model):
    """An expert of the pool chosen to judge one hackathon (shown on its public page)."""

    hackathon = models.ForeignKey("hackathons.Hackathon", on_delete=models.CASCADE,
                                  related_name="panel")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="hackathon_panels")
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="hackathon__hub")

    class Meta:
        ordering = ["judge__display_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["hackathon", "judge"],
                                               name="panel_judge_once")]

    def __str__(self):
        return str(self.judge)


class JudgeAssignment(models.Model):
    hackathon = models.ForeignKey("hackathons.Hackathon", on_delete=models.CASCADE,
                                  related_name="judge_assignments")
    submission = models.ForeignKey("hackathons.Submission", on_delete=models.CASCADE,
                                   related_name="assignments")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="judge_assignments")
    automatic = models.BooleanField(default=True)
    comment_to_team = models.TextField(_("comment to the team"), max_length=4000, blank=True)
    private_note = models.TextField(_("private note to the organisers"), max_length=4000,
                                    blank=True)
    scored_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="hackathon__hub")

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("judge assignment")
        verbose_name_plural = _("judge assignments")
        constraints = [models.UniqueConstraint(fields=["submission", "judge"],
                                               name="judge_once_per_submission")]

    def __str__(self):
        return f"{self.judge} → {self.submission_id}"


class ConflictDeclaration(models.Model):
    """A judge's declared conflict with a team: never assigned to it again."""

    hackathon = models.ForeignKey("hackathons.Hackathon", on_delete=models.CASCADE,
                                  related_name="conflicts")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="+")
    team = models.ForeignKey("hackathons.Team", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="hackathon__hub")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["judge", "team"],
                                               name="conflict_once")]

    def __str__(self):
        return f"{self.judge} ✕ {self.team_id}"


class Score(models.Model):
    """One judge's score of one submission on one criterion."""

    hackathon = models.ForeignKey("hackathons.Hackathon", on_delete=models.CASCADE,
                                  related_name="+")
    submission = models.ForeignKey("hackathons.Submission", on_delete=models.CASCADE,
                                   related_name="scores")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="+")
    criterion = models.ForeignKey("hackathons.Criterion", on_delete=models.CASCADE,
                                  related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"))
    updated = models.DateTimeField(auto_now=True)

    objects = ScopedManager(hub="hackathon__hub")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "judge", "criterion"],
                                               name="score_once_per_criterion")]

    def __str__(self):
        return f"{self.value}"


class PairRule(models.TextChoices):
    PIN = "pin", _("Pinned: always assign")
    FORBID = "forbid", _("Forbidden: never assign")


class AssignmentRule(models.Model):
    """Staff pinned or forbade one judge–submission pair; the next assignment run obeys."""

    hackathon = models.ForeignKey("hackathons.Hackathon", on_delete=models.CASCADE,
                                  related_name="assignment_rules")
    submission = models.ForeignKey("hackathons.Submission", on_delete=models.CASCADE,
                                   related_name="assignment_rules")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="+")
    rule = models.CharField(_("rule"), max_length=10, choices=PairRule.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="hackathon__hub")

    class Meta:
        verbose_name = _("assignment rule")
        verbose_name_plural = _("assignment rules")
        constraints = [models.UniqueConstraint(fields=["submission", "judge"],
                                               name="assignment_rule_once_per_pair")]

    def __str__(self):
        return f"{self.judge} {self.rule} {self.submission_id}"
