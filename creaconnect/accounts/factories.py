"""Factories of the accounts app: people, profiles, consents, exports, sessions."""

import factory
from allauth.account.models import EmailAddress

from creaconnect.core.factories import ModelFactory

from .models import ConsentRecord, DataExport, Profile, User, UserSession

# Factory-made people sign in with this password, and staff and admins get this TOTP secret
# (base32), so a test can compute the current code. Test and seed data only.
PASSWORD = "Test-password-2026"  # noqa: S105  a public password of factory-made test people
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105  public test secret, as above


def give_totp(user, secret=TOTP_SECRET):
    """Enrol ``user`` in TOTP through allauth's own API (idempotent)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
    return user


class UserFactory(ModelFactory):
    """A person with a verified primary e-mail address. Programme admins and Django staff
    get TOTP (``TOTP_SECRET``) unless ``totp=False``."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        """``password=`` in clear (``PASSWORD`` by default), or ``password__hash=`` a hash
        made once for many people (hashing is slow on purpose)."""
        if kwargs.get("hash"):
            obj.password = kwargs["hash"]
        else:
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


class ProfileFactory(ModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ["user"]

    user = factory.SubFactory(UserFactory)
    country = "FR"


class ConsentRecordFactory(ModelFactory):
    class Meta:
        model = ConsentRecord

    user = factory.SubFactory(UserFactory)
    kind = "demographics"
    version = "2026-01"


class DataExportFactory(ModelFactory):
    class Meta:
        model = DataExport

    user = factory.SubFactory(UserFactory)


class UserSessionFactory(ModelFactory):
    class Meta:
        model = UserSession

    user = factory.SubFactory(UserFactory)
    session_key = factory.Sequence(lambda n: f"session{n:032d}")
