"""The accounts app's part of a personal data export and of an account erasure."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from creaconnect.core import registry
from creaconnect.core.privacy import FORMER_MEMBER, anonymous_email
from creaconnect.core.registry import register, user_menu_providers

from .models import ConsentRecord, DataExport, Profile
from .services import end_all_sessions


class AccountPrivacy:
    key = "account"
    order = 100  # last: the others match on the name and e-mail this one replaces
    label = _("Account and profile")

    def export(self, user):
        profile = Profile.objects.filter(user=user).first()
        return {
            "email": user.email,
            "display_name": user.display_name,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "is_programme_admin": user.is_programme_admin,
            "email_addresses": list(EmailAddress.objects.filter(user=user).values(
                "email", "verified", "primary")),
            "two_factor_methods": list(Authenticator.objects.filter(user=user).values(
                "type", "created_at", "last_used_at")),
            "profile": None if profile is None else {
                "country": str(profile.country), "city": profile.city,
                "time_zone": profile.time_zone, "organisation": profile.organisation,
                "disciplines": profile.disciplines,
                "skills": profile.skills, "languages": profile.languages,
                "gender": profile.gender, "birth_year": profile.birth_year,
                "fewer_opportunities": profile.fewer_opportunities, "bio": profile.bio,
                "avatar": profile.avatar.name if profile.avatar else "",
            },
            "consents": [
                {"kind": c.kind, "version": c.version, "given_at": c.given_at,
                 "withdrawn_at": c.withdrawn_at}
                for c in ConsentRecord.objects.filter(user=user).order_by("given_at")
            ],
            "data_exports": list(DataExport.objects.filter(user=user).values(
                "created", "state", "finished_at")),
        }

    def files(self, user):
        profile = Profile.objects.filter(user=user).first()
        return [profile.avatar] if profile and profile.avatar else []

    def anonymise(self, user, identity):
        profile = Profile.objects.filter(user=user).first()
        if profile is not None:
            identity.discard(profile.avatar)
            # Country, disciplines and languages stay for anonymous programme statistics;
            # everything that describes the person in their own words goes.
            profile.avatar = ""
            profile.city = profile.organisation = profile.bio = profile.time_zone = ""
            profile.skills = []
            if not ConsentRecord.objects.filter(user=user, kind="demographics",
                                                withdrawn_at__isnull=True).exists():
                profile.gender = ""
                profile.birth_year = profile.fewer_opportunities = None
            profile.save()
        for export in DataExport.objects.filter(user=user):
            identity.discard(export.file)
        DataExport.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        end_all_sessions(user=user)  # every device, through the user→session map
        # Consent rows keep only kind, version and times (proof of what was agreed).
        ConsentRecord.objects.filter(user=user, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now())
        user.email = anonymous_email(user.pk)
        user.display_name = FORMER_MEMBER
        user.is_active = False
        user.is_programme_admin = user.is_staff = user.is_superuser = False
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()


registry.privacy_providers.append(AccountPrivacy())


@register(user_menu_providers)
def privacy_link(user):
    return [(_("Privacy and my data"), reverse("accounts:privacy"))]
