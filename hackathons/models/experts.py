"""The programme-wide pool of expert judges, and invitations to join it."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from creaconnect.accounts.choices import SpokenLanguage


class Availability(models.TextChoices):
    AVAILABLE = "available", _("Available")
    LIMITED = "limited", _("Limited")
    UNAVAILABLE = "unavailable", _("Not available")


class ExpertProfile(models.Model):
    """A judge of the programme-wide pool. Not hub-owned: every hub's hackathon draws on it.

    ``hub``, ``organisation`` and ``declared_conflicts`` feed the conflict-of-interest rules.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="expert_profile")
    country = CountryField(_("country"))
    hub = models.ForeignKey("hubs.Hub", null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="affiliated_experts", verbose_name=_("hub affiliation"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    expertise = ArrayField(models.CharField(max_length=60), verbose_name=_("expertise"),
                           default=list, blank=True)
    languages = ArrayField(models.CharField(max_length=10, choices=SpokenLanguage.choices),
                           verbose_name=_("languages"), default=list, blank=True)
    availability = models.CharField(_("availability"), max_length=20,
                                    choices=Availability.choices,
                                    default=Availability.AVAILABLE)
    declared_conflicts = models.TextField(
        _("declared conflicts of interest"), max_length=1000, blank=True,
        help_text=_("Organisations, teams or people the expert should not judge, and why."))
    bio = models.TextField(_("public bio"), max_length=1000, blank=True)
    is_active = models.BooleanField(_("in the pool"), default=True)

    class Meta:
        ordering = ["user__display_name", "user__email"]
        verbose_name = _("expert judge")
        verbose_name_plural = _("expert judges")

    def __str__(self):
        return str(self.user)


def new_expert_token() -> str:
    return secrets.token_urlsafe(32)


class ExpertInvitation(models.Model):
    """An invitation to join the expert pool, e-mailed to someone who may have no account
    yet. Accepting it creates the account (if needed) and the expert profile."""

    email = models.EmailField(_("e-mail address"))
    display_name = models.CharField(_("name"), max_length=120, blank=True)
    country = CountryField(_("country"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    expertise = ArrayField(models.CharField(max_length=60), verbose_name=_("expertise"),
                           default=list, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_expert_token)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    VALID_DAYS = 14

    class Meta:
        ordering = ["-created"]
        constraints = [models.UniqueConstraint(
            fields=["email"], condition=models.Q(accepted_at__isnull=True),
            name="expert_invitation_one_open_per_email")]
        verbose_name = _("expert invitation")
        verbose_name_plural = _("expert invitations")

    def __str__(self):
        return self.display_name or self.email

    @property
    def is_expired(self) -> bool:
        return self.created < timezone.now() - timedelta(days=self.VALID_DAYS)
