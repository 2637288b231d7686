"""Scale data for the showcase: 2,000 published projects (large) with consented credited
members, spread over the hubs, themes and stages; some mention "design" so the full-text
search benchmark finds a realistic share. Built by the app's factories, inserted in bulk;
idempotent by slug prefix ``scale-``."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from hubs.models import Hub

from .factories import CreditedMemberFactory, ShowcaseProjectFactory
from .models import (
    CONSENT_TEXT_VERSION,
    ConsentState,
    CreditedMember,
    ProjectState,
    ShowcaseProject,
    Stage,
    Theme,
)
from .search import search_text

WORDS = ["loom", "tide", "clay", "signal", "garden", "archive", "market", "river", "light",
         "sound", "textile", "timber", "mosaic", "harbour", "orchard", "circuit"]
COUNTRIES = ["BE", "FR", "IT", "ES", "RS", "NL"]


def seed(factor, log):
    if ShowcaseProject.objects.filter(slug__startswith="scale-").exists():
        log("showcase scale data already there")
        return
    rng = random.Random(5)
    now = timezone.now()
    n = int(2_000 * factor)
    users = list(get_user_model().objects.filter(email__startswith="scale.")
                 .order_by("pk").values_list("pk", "display_name"))
    if not users:
        log("showcase: no scale users: skipped")
        return
    hubs = list(Hub.objects.order_by("pk"))
    themes, stages = list(Theme.values), list(Stage.values)
    projects = []
    extra = {}  # (hub, theme) -> search_text: bulk_create skips ShowcaseProject.save
    for i in range(n):
        a, b = rng.sample(WORDS, 2)
        design = i % 5 == 0
        hub, theme = hubs[i % len(hubs)], rng.choice(themes)
        if (hub.pk, theme) not in extra:
            extra[hub.pk, theme] = search_text(theme=theme, disciplines=[], looking_for=[],
                                               hub_name=hub.name, hub_city=hub.city)
        projects.append(ShowcaseProjectFactory.build(
            hub=hub, title=f"{a.title()} {b} {i}", slug=f"scale-{i}",
            tagline=("A design project about " if design else "A project about ") + f"{a}s",
            story=f"<p>Scale story about {a} and {b}.</p>", theme=theme,
            search_text=extra[hub.pk, theme],
            stage=rng.choice(stages), countries=[rng.choice(COUNTRIES)],
            state=ProjectState.PUBLISHED, published_at=now - timedelta(days=rng.randint(1, 300))))
    ShowcaseProject.objects.bulk_create(projects, batch_size=2000)
    members = []
    for p in projects:
        for order, (user_id, name) in enumerate(rng.sample(users, 2)):
            member = CreditedMemberFactory.build(
                project=p, user=None, display_name=name, order=order,
                consent=ConsentState.APPROVED, consent_at=now,
                consent_version=CONSENT_TEXT_VERSION)
            member.user_id = user_id  # the id alone: no user row read per member
            members.append(member)
    CreditedMember.objects.bulk_create(members, batch_size=5000)
    log(f"{len(projects)} showcase projects, {len(members)} credited members")
