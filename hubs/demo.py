"""Demo hubs and people. Texts are our own, written for the demo."""

from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from creaconnect.accounts.choices import Discipline, SpokenLanguage
from creaconnect.accounts.factories import UserFactory
from creaconnect.accounts.models import Profile
from creaconnect.core.management.commands.seed_demo import DEMO_PASSWORD

from .models import Hub, HubMembership, HubRole

# Hub staff and programme admins need a second factor for the consoles. Every demo staff and
# admin account shares this public TOTP secret (base32), printed by `make run` and in the
# README, so a person can add it to an authenticator app. Demo data only: seed_demo refuses
# production mode. Keep it equal to devstack.DEMO_TOTP_SECRET.
DEMO_TOTP_SECRET = "CREACONNECTDEMOSTAFFTOTPSECRET23"  # noqa: S105 - public demo data

HUBS = [
    {
        "slug": "pali-pali", "name": "pali pali", "city": "Brussels", "country": "BE",
        "brand_colour": "#c2410c", "languages": ["fr", "en"],
        "tagline": "Accelerating cultural, social and solidarity projects",
        "website": "https://example.org/pali-pali",
        "description": (
            "An accelerator that walks with cultural, social and solidarity projects from "
            "the first sketch to a sustainable organisation. Spread over several third places "
            "in Brussels and France, among them Usquare and the Grand Hospice, it supports "
            "more than four hundred projects every year and coordinates CreaConnect."
        ),
    },
    {
        "slug": "b-creative", "name": "B.Creative", "city": "Brussels", "country": "BE",
        "brand_colour": "#6d28d9", "languages": ["en", "fr", "es"],
        "tagline": "A global network of creative changemakers",
        "website": "https://example.org/b-creative",
        "description": (
            "An international network of cultural and creative entrepreneurs. Since 2016 it "
            "has run open challenges in which creative people propose answers to poverty, "
            "weak social cohesion and the climate crisis, and it connects winners with peers "
            "and partners across continents."
        ),
    },
    {
        "slug": "la-friche", "name": "La Friche Belle de Mai", "city": "Marseille",
        "country": "FR", "brand_colour": "#b91c1c", "languages": ["fr", "en"],
        "tagline": "A former tobacco factory turned into a city of culture",
        "website": "https://example.org/la-friche",
        "description": (
            "One of Europe's largest creative hubs, on an industrial site that has been "
            "regenerated step by step since 1992. More than seventy resident organisations "
            "share its studios, stages, rooftop and gardens, next to a neighbourhood it keeps "
            "open to."
        ),
    },
    {
        "slug": "pau", "name": "PAU", "city": "Barcelona", "country": "ES",
        "brand_colour": "#0f766e", "languages": ["es", "en"],
        "tagline": "Design, culture and technology under one roof",
        "website": "https://example.org/pau",
        "description": (
            "A creative hub and co-working space open since 2015, where designers, cultural "
            "producers and technologists work side by side. PAU sits on the board of the "
            "European Creative Hubs Network and brings that network's experience to the "
            "programme."
        ),
    },
    {
        "slug": "lama", "name": "LAMA", "city": "Florence", "country": "IT",
        "brand_colour": "#1d4ed8", "languages": ["it", "en"],
        "tagline": "Consultancy for impactful change",
        "website": "https://example.org/lama",
        "description": (
            "A consultancy that helps organisations create social and environmental impact. "
            "It manages Impact Hub Florence and MIM – Made in Manifattura, two places where "
            "makers, social enterprises and cultural projects grow together."
        ),
    },
    {
        "slug": "nova-iskra", "name": "Nova Iskra", "city": "Belgrade", "country": "RS",
        "brand_colour": "#15803d", "languages": ["sr-latn", "en"],
        "tagline": "Belgrade's creative hub since 2012",
        "website": "https://example.org/nova-iskra",
        "description": (
            "A creative hub founded in 2012 that works on social innovation, the green "
            "economy, sustainable business models, responsible design, creative heritage and "
            "digital technology, with a community of designers, makers and entrepreneurs."
        ),
    },
]

PEOPLE = [
    # email, display name, programme admin, country, city, organisation, disciplines, langs
    ("admin@creaconnect.test", "Amélie Laurent", True, "BE", "Brussels", "CreaConnect consortium",
     [Discipline.BUSINESS], [SpokenLanguage.FR, SpokenLanguage.EN]),
    ("mentor@creaconnect.test", "Marco Bellini", False, "IT", "Florence", "Studio Bellini",
     [Discipline.DESIGN, Discipline.BUSINESS], [SpokenLanguage.IT, SpokenLanguage.EN]),
    ("judge@creaconnect.test", "Ingrid Vos", False, "NL", "Rotterdam", "Delta Culture Lab",
     [Discipline.SOCIAL, Discipline.ENVIRONMENT], [SpokenLanguage.NL, SpokenLanguage.EN]),
    ("participant@creaconnect.test", "Lucía Ferrer", False, "ES", "Barcelona", "Taller Ferrer",
     [Discipline.DESIGN, Discipline.CRAFTS], [SpokenLanguage.ES, SpokenLanguage.CA,
                                              SpokenLanguage.EN]),
]

STAFF_NAMES = {
    "pali-pali": "Julien Dubois", "b-creative": "Sarah Okafor", "la-friche": "Camille Roux",
    "pau": "Jordi Puig", "lama": "Giulia Conti", "nova-iskra": "Milica Jovanović",
}


def demo_password_hash() -> str:
    """The demo password hashed once: hashing it for each of the ~100 demo accounts took
    most of a first ``make run`` (PBKDF2 is slow on purpose). Same password, same hash —
    for the same hashers: a hash made under other ``PASSWORD_HASHERS`` (a test's fast MD5)
    would not verify under these."""
    return _hash_with(tuple(settings.PASSWORD_HASHERS))


@cache
def _hash_with(hashers: tuple[str, ...]) -> str:
    return make_password(DEMO_PASSWORD)


def ensure_user(email, name, *, admin=False):
    """The demo person with this e-mail address: made once (``UserFactory``, the demo
    password, a verified address; TOTP is the caller's business), found afterwards."""
    from allauth.account.models import EmailAddress

    user = get_user_model().objects.filter(email=email).first()
    if user is None:
        return UserFactory(email=email, display_name=name, is_programme_admin=admin,
                           is_staff=admin, is_superuser=admin, totp=False,
                           password__hash=demo_password_hash())
    EmailAddress.objects.get_or_create(user=user, email=email,
                                       defaults={"verified": True, "primary": True})
    return user


def ensure_demo_totp(user):
    """Enrol a demo staff/admin account in TOTP with the public demo secret (idempotent)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)


def seed(log):
    hubs = {}
    for data in HUBS:
        hub, _ = Hub.objects.update_or_create(slug=data["slug"], defaults=data)
        hubs[hub.slug] = hub
    log(f"{len(hubs)} hubs")
    for email, name, admin, country, city, org, disciplines, langs in PEOPLE:
        user = ensure_user(email, name, admin=admin)
        if admin:
            ensure_demo_totp(user)
        Profile.objects.update_or_create(user=user, defaults={
            "country": country, "city": city, "organisation": org,
            "disciplines": disciplines, "languages": langs,
        })
    for slug, hub in hubs.items():
        user = ensure_user(f"staff.{slug}@creaconnect.test", STAFF_NAMES[slug])
        Profile.objects.update_or_create(user=user, defaults={
            "country": str(hub.country), "city": hub.city, "organisation": hub.name})
        HubMembership.objects.get_or_create(hub=hub, user=user,
                                            defaults={"role": HubRole.MANAGER})
        ensure_demo_totp(user)
    log(f"{len(PEOPLE) + len(hubs)} demo people (password {DEMO_PASSWORD})")
