"""Registrations, teams, memberships and join requests."""

import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from django_scopes import ScopedManager

from creaconnect.accounts.choices import Discipline, SpokenLanguage


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    """A participant's place at a hackathon (or on its waiting list).

    ``dietary_needs`` and ``access_needs`` are private: shown to the host hub's staff only.
    """

    hackathon = models.ForeignKey("hackathons.Hackathon", on_delete=models.CASCADE,
                                  related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="hackathon_registrations")
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices,
                              default=RegistrationStatus.REGISTERED, db_index=True)
    country = CountryField(_("country"))
    disciplines = ArrayField(models.CharField(max_length=30, choices=Discipline.choices),
                             verbose_name=_("disciplines"), default=list)
    skills = ArrayField(models.CharField(max_length=40), verbose_name=_("skills"),
                        default=list, blank=True)
    languages = ArrayField(models.CharField(max_length=10, choices=SpokenLanguage.choices),
                           verbose_name=_("languages"), default=list, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    home_hub = models.ForeignKey("hubs.Hub", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("CreaConnect hub you work with"))
    motivation = models.TextField(_("motivation"), max_length=2000)
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    access_needs = models.CharField(_("access needs"), max_length=300, blank=True)
    looking_for_team = models.BooleanField(_("looking for a team"), default=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="hackathon__hub")

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["hackathon", "user"],
                                    name="registration_once_per_hackathon"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.hackathon_id}"


class TeamStatus(models.TextChoices):
    FORMING = "forming", _("Forming")
    LOCKED = "locked", _("Locked")
    INELIGIBLE = "ineligible", _("Rules not met")


def new_invite_code() -> str:
    return secrets.token_urlsafe(9)


class Team(models.Model):
    """``status`` only changes through :mod:`hackathons.services.teams` (its ``TEAM`` state
    machine holds the legal moves)."""

    hackathon = models.ForeignKey("hackathons.Hackathon", on_delete=models.CASCADE,
                                  related_name="teams")
    name = models.CharField(_("team name"), max_length=80)
    challenge = models.ForeignKey("hackathons.Challenge", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="teams",
                                  verbose_name=_("challenge"))
    pitch = models.CharField(_("short pitch"), max_length=300)
    captain = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="captained_teams", verbose_name=_("captain"))
    status = models.CharField(_("status"), max_length=20, choices=TeamStatus.choices,
                              default=TeamStatus.FORMING, db_index=True)
    looking_for_members = models.BooleanField(_("looking for members"), default=True)
    wanted_skills = ArrayField(models.CharField(max_length=40), verbose_name=_("skills we miss"),
                               default=list, blank=True)
    invite_code = models.CharField(max_length=20, unique=True, default=new_invite_code)
    rule_problems = models.JSONField(default=list, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="hackathon__hub")

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["hackathon", "name"], name="team_unique_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("hackathons:team", kwargs={"slug": self.hackathon.slug, "pk": self.pk})


class TeamMembership(models.Model):
    """``hackathon`` is repeated here so the database forbids two teams per person."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    hackathon = models.ForeignKey("hackathons.Hackathon", on_delete=models.CASCADE,
                                  related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="hackathon_team_memberships")
    joined = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="hackathon__hub")

    class Meta:
        ordering = ["joined", "pk"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["hackathon", "user"], name="one_team_per_hackathon"),
        ]

    def __str__(self):
        return f"{self.user} in {self.team_id}"


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the captain")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class JoinRequest(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    message = models.CharField(_("message to the captain"), max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=JoinRequestStatus.choices,
                              default=JoinRequestStatus.PENDING)
    created = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(hub="team__hackathon__hub")

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        constraints = [
            models.UniqueConstraint(fields=["team", "user"],
                                    condition=models.Q(status=JoinRequestStatus.PENDING),
                                    name="join_request_one_pending"),
        ]

    def __str__(self):
        return f"{self.user} → {self.team_id}"
