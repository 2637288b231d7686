"""The programme-wide pool of expert judges."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class ExpertProfile(models.Model):
    """A judge of the programme-wide pool. Not hub-owned: every hub's hackathon draws on it.

    ``hub`` and ``organisation`` feed the conflict-of-interest rules.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="expert_profile")
    country = CountryField(_("country"))
    hub = models.ForeignKey("hubs.Hub", null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="affiliated_experts", verbose_name=_("hub affiliation"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    expertise = ArrayField(models.CharField(max_length=60), verbose_name=_("expertise"),
                           default=list, blank=True)
    bio = models.TextField(_("public bio"), max_length=1000, blank=True)
    is_active = models.BooleanField(_("in the pool"), default=True)

    class Meta:
        ordering = ["user__display_name", "user__email"]
        verbose_name = _("expert judge")
        verbose_name_plural = _("expert judges")

    def __str__(self):
        return str(self.user)
