"""The hub is the tenant: every hub-owned model points at one, directly or through a path."""

import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from django_scopes import ScopedManager

from creaconnect.core import colour
from creaconnect.core.storage import image_filename, public_storage

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour like #1f6f5c."))


def logo_path(instance, filename):
    return f"hubs/logos/{image_filename(filename)}"


class Hub(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=120)
    country = CountryField(_("country"))
    description = models.TextField(_("description"))
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to=logo_path, storage=public_storage,
                             blank=True)
    brand_colour = models.CharField(
        _("brand colour"), max_length=7, default="#1f6f5c", validators=[hex_colour]
    )
    languages = ArrayField(
        models.CharField(max_length=10, choices=settings.LANGUAGES),
        verbose_name=_("working languages"),
        default=list,
        blank=True,
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("hub")
        verbose_name_plural = _("hubs")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("hubs:detail", kwargs={"slug": self.slug})

    def get_console_url(self):
        return reverse("console:home", kwargs={"hub_slug": self.slug})

    @property
    def palette(self):
        """Accessible variants of the brand colour (see ``creaconnect.core.colour``)."""
        return colour.hub_palette(self.brand_colour)

    @property
    def initials(self) -> str:
        words = [w for w in self.name.replace(".", " ").split() if w]
        return "".join(w[0] for w in words[:2]).upper()


class HubRole(models.TextChoices):
    MANAGER = "manager", _("Manager")
    STAFF = "staff", _("Staff")


class HubMembership(models.Model):
    """Hub staff. Managers may also manage the staff list."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hub_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=HubRole.choices,
                            default=HubRole.STAFF)
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="hub")

    class Meta:
        ordering = ["role", "user__display_name"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "user"], name="membership_unique_per_hub")
        ]
        verbose_name = _("hub membership")
        verbose_name_plural = _("hub memberships")

    def __str__(self):
        return f"{self.user} @ {self.hub} ({self.role})"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class HubInvitation(models.Model):
    """An invitation to join a hub's staff, sent by e-mail, accepted by the invitee."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=HubRole.choices,
                            default=HubRole.STAFF)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(hub="hub")

    VALID_DAYS = 14

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["hub", "email"],
                condition=models.Q(accepted_at__isnull=True),
                name="invitation_one_open_per_email",
            )
        ]
        verbose_name = _("staff invitation")
        verbose_name_plural = _("staff invitations")

    def __str__(self):
        return f"{self.email} → {self.hub}"

    @property
    def is_expired(self) -> bool:
        return self.created < timezone.now() - timezone.timedelta(days=self.VALID_DAYS)
