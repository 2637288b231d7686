"""Cross-cutting models: the audit log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One recorded action: who did what to which object, in which hub.

    Written by services inside their transaction (see :func:`creaconnect.core.audit.record`).
    ``hub_id`` is a plain integer column, not a foreign key, so that the domain-free core
    package does not depend on the hubs app; hub console pages filter on it explicitly.
    """

    created = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    hub_id = models.BigIntegerField(_("hub"), null=True, blank=True, db_index=True)
    target_type = models.CharField(_("target type"), max_length=80, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_label = models.CharField(_("target"), max_length=300, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["hub_id", "-created"], name="audit_hub_created")]

    def __str__(self):
        return f"{self.created:%Y-%m-%d %H:%M} {self.action} {self.target_label}"


class SaveMark(models.Model):
    """The newest save applied to one edited object from one client (issue 20).

    Autosaves of the same form can overtake each other (a delayed save and the save sent
    when the person leaves the page, two tabs, a retried request): each carries the client's
    sequence number (its clock in milliseconds), and a save older than the mark of the same
    client is ignored instead of overwriting a newer one. Written inside the caller's
    transaction, under its row lock on the edited object. Saves from another client (another
    device, a co-applicant) are applied in arrival order. A technical mark, never shown, so
    not hub-scoped; ``target`` is ``app_label.model:pk``.
    """

    target = models.CharField(max_length=100, unique=True)
    client = models.CharField(max_length=64)
    seq = models.BigIntegerField()
    updated = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.target} {self.client} #{self.seq}"
