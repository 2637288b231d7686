"""Scale data: people with profiles, built by the app's factories and inserted in bulk (one
shared password hash)."""

import random

from django.contrib.auth.hashers import make_password

from .choices import Discipline, SpokenLanguage
from .factories import ProfileFactory, UserFactory
from .models import Profile, User

COUNTRIES = ["BE", "FR", "IT", "ES", "RS", "NL", "DE", "PT", "GR", "PL"]
FIRST = ["Ana", "Luca", "Marta", "Jan", "Sofia", "Milan", "Inès", "Pablo", "Eva", "Nikola",
         "Chiara", "Hugo", "Lea", "Marko", "Clara", "Tomás", "Nina", "Paolo", "Iris", "Dario"]
LAST = ["Rossi", "Martin", "García", "Jovanović", "Peeters", "Dubois", "Ferrari", "López",
        "Nikolić", "Janssens", "Moreau", "Romano", "Torres", "Petrović", "Claes", "Bernard"]


def seed(factor, log):
    target = int(20_000 * factor)
    existing = User.objects.filter(email__startswith="scale.").count()
    if existing >= target:
        log(f"{existing} scale users already there")
        return
    rng = random.Random(42)
    password = make_password("Scale-2026-creaconnect")
    users = [UserFactory.build(email=f"scale.{i}@creaconnect.test", password__hash=password,
                               display_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                               totp=False)
             for i in range(existing, target)]
    User.objects.bulk_create(users, batch_size=2000)
    created = User.objects.filter(email__startswith="scale.", profile__isnull=True)
    disciplines, languages = list(Discipline.values), list(SpokenLanguage.values)
    Profile.objects.bulk_create([
        ProfileFactory.build(user=u, country=rng.choice(COUNTRIES), city="",
                             disciplines=rng.sample(disciplines, 2),
                             languages=rng.sample(languages, 2), skills=["prototyping"])
        for u in created.iterator(chunk_size=2000)],
        batch_size=2000)
    log(f"{target - existing} users with profiles")
