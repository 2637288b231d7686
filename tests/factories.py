import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from hubs.models import Hub, HubMembership, HubRole

PASSWORD = "Test-password-2026"
# Every staff/admin user made here gets this TOTP secret (base32), so UI logins can compute
# the current code with totp_code(user). Hub staff and admins reach no console without TOTP.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def give_totp(user, secret=TOTP_SECRET):
    """Enrol ``user`` in TOTP through allauth's own API (idempotent)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
    return user


def totp_code(user, offset=0) -> str:
    """The user's current six-digit TOTP code (``offset`` periods later or earlier)."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    auth = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    counter = int(time.time()) // app_settings.TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(decrypt(auth.data["secret"]), counter))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save()
            EmailAddress.objects.get_or_create(user=obj, email=obj.email,
                                               defaults={"verified": True, "primary": True})

    @factory.post_generation
    def totp(obj, create, extracted, **kwargs):
        """Admins get TOTP by default; ``UserFactory(totp=True/False)`` decides explicitly."""
        wanted = extracted if extracted is not None else (
            obj.is_programme_admin or obj.is_superuser or obj.is_staff)
        if create and wanted:
            give_totp(obj)


class HubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hub
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Hub {n}")
    slug = factory.Sequence(lambda n: f"hub-{n}")
    city = "Marseille"
    country = "FR"
    description = "A creative hub."
    brand_colour = "#1d4ed8"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HubMembership
        skip_postgeneration_save = True

    hub = factory.SubFactory(HubFactory)
    user = factory.SubFactory(UserFactory)
    role = HubRole.MANAGER

    @factory.post_generation
    def totp(obj, create, extracted, **kwargs):
        """Hub staff get TOTP unless ``MembershipFactory(totp=False)``."""
        if create and extracted is not False:
            give_totp(obj.user)
