from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from creaconnect.core.storage import random_filename


class ReportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def report_path(instance, filename):
    """Private storage; the name carries a random part (it must not be guessable)."""
    return f"reports/{instance.created:%Y/%m}/{random_filename(filename)}"


class Report(models.Model):
    """A PDF document rendered in the background.

    ``hub_id`` is a plain column (infrastructure does not import the hubs app); ``None``
    means a programme-wide report. Views filter on it explicitly and downloads check the
    kind's permission against the hub.
    """

    kind = models.CharField(_("kind"), max_length=60)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    hub_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=ReportState.choices,
                             default=ReportState.QUEUED)
    file = models.FileField(_("file"), upload_to=report_path, blank=True)
    error = models.TextField(_("error"), blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    page_count = models.PositiveIntegerField(_("pages"), default=0)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    language = models.CharField(max_length=10, default="en")
    created = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [models.Index(fields=["hub_id", "kind", "-created"], name="report_hub_kind")]

    def __str__(self):
        from . import kinds

        try:
            return str(kinds.get(self.kind).label)
        except LookupError:
            return self.kind

    @property
    def is_active(self) -> bool:
        return self.state in (ReportState.QUEUED, ReportState.RUNNING)
