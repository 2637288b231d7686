"""Submissions (versioned, with files), mentor assignments, feedback threads, mentoring time."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Submission(models.Model):
    """A team's one submission. Drafts are saved by any member; the captain submits.

    ``rank``, ``raw_score`` and ``normalised_score`` are written when results are published.
    ``status`` only changes through :mod:`hackathons.services.submissions` (its
    ``SUBMISSION`` state machine holds the legal moves).
    """

    team = models.OneToOneField("hackathons.Team", on_delete=models.CASCADE,
                                related_name="submission")
    hackathon = models.ForeignKey("hackathons.Hackathon", on_delete=models.CASCADE,
                                  related_name="submissions")
    challenge = models.ForeignKey("hackathons.Challenge", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="submissions",
                                  verbose_name=_("challenge"))
    title = models.CharField(_("title"), max_length=160)
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    description = models.TextField(_("description"), blank=True)
    repository_url = models.URLField(_("repository"), blank=True)
    video_url = models.URLField(_("video"), blank=True)
    demo_url = models.URLField(_("demo"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=SubmissionStatus.choices,
                              default=SubmissionStatus.DRAFT, db_index=True)
    version = models.PositiveIntegerField(default=0)
    submitted_version = models.PositiveIntegerField(_("submitted version"), null=True,
                                                    blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    extension_until = models.DateTimeField(_("extension until"), null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    raw_score = models.FloatField(_("raw weighted mean"), null=True, blank=True)
    normalised_score = models.FloatField(_("normalised score"), null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="hackathon__hub")

    class Meta:
        ordering = ["title"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self):
        return self.title

    def deadline(self):
        """The deadline that applies to this team: the hackathon's or its extension."""
        base = self.hackathon.submission_deadline
        return max(base, self.extension_until) if self.extension_until else base

    def is_open(self, now=None) -> bool:
        return (now or timezone.now()) < self.deadline()


class SubmissionVersion(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField(default=dict)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="submission__hackathon__hub")

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["submission", "number"],
                                               name="submission_version_unique")]

    def __str__(self):
        return f"v{self.number}"


def submission_file_path(instance, filename):
    return f"hackathons/submissions/{instance.submission_id}/{filename}"


class SubmissionFile(models.Model):
    """An attached file or image; served through a permission-checked view, never public."""

    MAX_BYTES = 10 * 1024 * 1024
    MAX_FILES = 8
    ALLOWED_EXTENSIONS = ("pdf", "zip", "png", "jpg", "jpeg", "webp", "txt", "md")
    IMAGE_EXTENSIONS = ("png", "jpg", "jpeg", "webp")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=submission_file_path)
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)
    is_image = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    #: Set when the team removes the file: older versions still list it, and restoring one
    #: of them brings it back, so the stored file stays.
    removed_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="submission__hackathon__hub")

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self):
        return self.name


class MentorAssignment(models.Model):
    hackathon = models.ForeignKey("hackathons.Hackathon", on_delete=models.CASCADE,
                                  related_name="mentor_assignments")
    team = models.ForeignKey("hackathons.Team", on_delete=models.CASCADE,
                             related_name="mentor_assignments")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="hackathon_mentoring")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="hackathon__hub")

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("mentor assignment")
        verbose_name_plural = _("mentor assignments")
        constraints = [models.UniqueConstraint(fields=["team", "mentor"],
                                               name="mentor_once_per_team")]

    def __str__(self):
        return f"{self.mentor} → {self.team_id}"


class FeedbackMessage(models.Model):
    """Written feedback on a team's draft. A message without ``parent`` opens a thread."""

    team = models.ForeignKey("hackathons.Team", on_delete=models.CASCADE,
                             related_name="feedback")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")
    body = models.TextField(_("message"), max_length=4000)
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="team__hackathon__hub")

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("feedback message")
        verbose_name_plural = _("feedback messages")

    def __str__(self):
        return f"{self.author}: {self.body[:40]}"


class MentoringLog(models.Model):
    assignment = models.ForeignKey(MentorAssignment, on_delete=models.CASCADE,
                                   related_name="logs")
    date = models.DateField(_("date"), default=timezone.localdate)
    minutes = models.PositiveIntegerField(_("minutes"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="assignment__hackathon__hub")

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [models.CheckConstraint(condition=models.Q(minutes__gt=0),
                                              name="mentoring_minutes_positive")]

    def __str__(self):
        return f"{self.minutes} min"
