"""Expo judging (pairwise, Crowd-BT) and the community-choice public vote.

A judge walks the expo one pair at a time. ``ExpoPair`` is the pair in front of them: at most
one open pair per judge and hackathon (a partial unique constraint), and a pair is decided
once, under a row lock, so a second tap records nothing. ``ExpoJudgement`` is one "this one is
better" answer, overall or per criterion; a pair holds at most one answer per criterion (and
one overall), again by constraint. ``CommunityVote`` is one verified person's vote: one per
person and hackathon, by constraint.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class ExpoPair(models.Model):
    """Two submissions shown to one judge: ``first`` (the one they just saw) and ``second``."""

    hackathon = models.ForeignKey("hackathons.Hackathon", on_delete=models.CASCADE,
                                  related_name="expo_pairs")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="+")
    first = models.ForeignKey("hackathons.Submission", on_delete=models.CASCADE,
                              related_name="+")
    second = models.ForeignKey("hackathons.Submission", on_delete=models.CASCADE,
                               related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    skipped = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="hackathon__hub")

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["hackathon", "judge"],
                                    condition=models.Q(decided_at__isnull=True),
                                    name="expo_one_open_pair_per_judge"),
            models.CheckConstraint(condition=~models.Q(first=models.F("second")),
                                   name="expo_pair_two_submissions"),
        ]

    def __str__(self):
        return f"{self.first_id} ↔ {self.second_id}"


class ExpoJudgement(models.Model):
    """"``winner`` is better than ``loser``" from one judge, overall (no criterion) or on one
    criterion."""

    pair = models.ForeignKey(ExpoPair, on_delete=models.CASCADE, related_name="judgements")
    hackathon = models.ForeignKey("hackathons.Hackathon", on_delete=models.CASCADE,
                                  related_name="+")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="+")
    criterion = models.ForeignKey("hackathons.Criterion", null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="+")
    winner = models.ForeignKey("hackathons.Submission", on_delete=models.CASCADE,
                               related_name="+")
    loser = models.ForeignKey("hackathons.Submission", on_delete=models.CASCADE,
                              related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="hackathon__hub")

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "criterion"],
                                    condition=models.Q(criterion__isnull=False),
                                    name="expo_judgement_once_per_criterion"),
            models.UniqueConstraint(fields=["pair"], condition=models.Q(criterion__isnull=True),
                                    name="expo_judgement_once_overall"),
        ]

    def __str__(self):
        return f"{self.winner_id} > {self.loser_id}"


class CommunityVote(models.Model):
    """The community-choice vote of one verified person in one hackathon."""

    hackathon = models.ForeignKey("hackathons.Hackathon", on_delete=models.CASCADE,
                                  related_name="votes")
    submission = models.ForeignKey("hackathons.Submission", on_delete=models.CASCADE,
                                   related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="hackathon__hub")

    class Meta:
        verbose_name = _("community vote")
        verbose_name_plural = _("community votes")
        constraints = [models.UniqueConstraint(fields=["hackathon", "voter"],
                                               name="community_vote_once_per_person")]

    def __str__(self):
        return f"{self.voter_id} → {self.submission_id}"
