"""Demo showcase: fourteen projects across the six hubs and five themes (twelve published,
two awaiting consent), generated cover and gallery images, and the final event.

Idempotent: rows are found by their natural keys, images are drawn only when missing.
Texts are our own, written for the demo.
"""

import io
import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFilter

from hubs.demo import ensure_user
from hubs.models import Hub

from .models import (
    CONSENT_TEXT_VERSION,
    AgendaItem,
    Award,
    ConsentRecord,
    ConsentState,
    CreditedMember,
    GalleryImage,
    ProjectState,
    ShowcaseEvent,
    ShowcaseProject,
)
from .services import clean_story, web_sizes

PEOPLE = {
    "ana": "Ana Marković", "bruno": "Bruno Lefèvre", "chiara": "Chiara Rinaldi",
    "dario": "Darío Castell", "elodie": "Élodie Martin", "filip": "Filip Petrović",
    "greta": "Greta Vanneste", "hugo": "Hugo Ferreira", "ines": "Inès Benali",
    "jovana": "Jovana Ilić", "karim": "Karim Haddad", "lea": "Léa Moreau",
    "marta": "Marta Soler", "nico": "Nicolò Bassi",
}

# slug, hub, theme, stage, title, tagline, story, countries, disciplines, looking_for,
# team (person keys; "participant" is the demo participant), awards, state
PROJECTS = [
    ("atelier-creatif-circulaire", "la-friche", "climate", "pilot",
     "Atelier créatif circulaire",
     "A shared workshop that turns the festival season's sets into furniture for schools",
     "Every summer, Marseille's stages throw away tonnes of plywood, steel and fabric. "
     "The atelier collects them, catalogues them and lets designers and pupils rebuild them "
     "into benches, shelves and reading corners.\n\nAfter the hackathon the team ran a "
     "six-month pilot with three schools and two festivals, and is now drafting a shared "
     "charter with the city's venues.",
     ["FR"], ["design", "crafts", "environment"], ["venues", "funding"],
     ["elodie", "karim", "lea"], [("Circular design prize", "CreaConnect hackathon", 2026)],
     ProjectState.PUBLISHED),
    ("sound-of-the-courtyard", "la-friche", "urban", "prototype",
     "Sound of the Courtyard",
     "Listening benches that play the stories of a neighbourhood's courtyards",
     "Residents record short stories about the courtyards they grew up in; solar-powered "
     "benches play them back to passers-by. The prototype stands in the Belle de Mai "
     "gardens and has collected more than two hundred voices.",
     ["FR", "BE"], ["music", "heritage", "social"], ["partners", "venues"],
     ["ines", "bruno"], [], ProjectState.PUBLISHED),
    ("repair-cafe-network", "pali-pali", "climate", "scaling",
     "Repair Café Network",
     "A booking and inventory tool for the repair cafés of Brussels' third places",
     "Volunteers fix lamps, bikes and coats every weekend, but nobody knew which café had "
     "which tools. The network shares one calendar, one inventory and one set of safety "
     "guides across eleven places.\n\nIt is now used in Brussels and Lille and looks for a "
     "partner to open it in a third city.",
     ["BE", "FR"], ["digital", "environment", "social"], ["partners", "funding"],
     ["greta", "hugo"], [("Public vote", "CreaConnect showcase", 2026)],
     ProjectState.PUBLISHED),
    ("kitchen-without-borders", "pali-pali", "inclusion", "pilot",
     "Kitchen Without Borders",
     "A catering cooperative run by newcomers, trained in the kitchens of a former hospice",
     "Newcomers to Brussels train as cooks and caterers in a professional kitchen, then "
     "run events as a cooperative. The pilot served forty events in its first year.",
     ["BE"], ["social", "business"], ["venues", "mentoring"],
     ["karim", "greta", "marta"], [], ProjectState.PUBLISHED),
    ("open-challenge-kit", "b-creative", "business", "scaling",
     "Open Challenge Kit",
     "A toolkit for running creative challenges on social issues in any city",
     "Ten years of open challenges distilled into a kit: how to frame a question, gather "
     "juries, support finalists and measure what happened next. Translated into four "
     "languages and tested in six cities.",
     ["BE", "ES", "RS"], ["business", "education", "social"], ["partners", "funding"],
     ["hugo", "jovana"], [], ProjectState.PUBLISHED),
    ("climate-comics-lab", "b-creative", "climate", "prototype",
     "Climate Comics Lab",
     "Young illustrators and climate scientists make comics together",
     "Pairs of illustrators and researchers turn a paper into a ten-page comic. The first "
     "anthology was printed on recycled paper and read in twenty libraries.",
     ["BE", "IT"], ["visual_arts", "writing", "research"], ["funding", "partners"],
     ["chiara", "bruno"], [("Best storytelling", "Climate and circular design hackathon", 2026)],
     ProjectState.PUBLISHED),
    ("taller-de-barrio", "pau", "urban", "pilot",
     "Taller de Barrio",
     "Empty ground floors of Barcelona turned into maker workshops for their street",
     "The team brokers short leases for empty shop fronts and opens them as workshops "
     "where neighbours learn woodwork, sewing and electronics. Two are open in Sant Andreu.",
     ["ES"], ["architecture", "crafts", "social"], ["venues", "funding"],
     ["dario", "marta"], [], ProjectState.PUBLISHED),
    ("typeface-of-the-port", "pau", "heritage", "prototype",
     "Typeface of the Port",
     "A digital typeface drawn from the painted signs of Barcelona's old port",
     "Designers photographed hundreds of hand-painted signs before they disappeared and drew "
     "an open-source type family from them, with a small exhibition on the sign painters.",
     ["ES"], ["design", "heritage", "digital"], ["partners", "mentoring"],
     ["dario", "participant"], [], ProjectState.PUBLISHED),
    ("manifattura-digitale", "lama", "business", "pilot",
     "Manifattura Digitale",
     "A shared online shop and fulfilment service for Florence's small artisans",
     "Twenty-two artisans share photography, an online shop and a packing station at MIM. "
     "Each keeps their own brand; together they reach buyers across Europe.",
     ["IT"], ["crafts", "business", "digital"], ["funding", "mentoring"],
     ["nico", "chiara"], [("Sustainable business award", "LAMA", 2026)],
     ProjectState.PUBLISHED),
    ("giardini-sospesi", "lama", "inclusion", "idea",
     "Giardini Sospesi",
     "Rooftop gardens tended by older people and students, sharing the harvest",
     "Unused rooftops become gardens looked after by pairs of older residents and students "
     "who share the harvest and the work. A first rooftop is being prepared.",
     ["IT"], ["environment", "social"], ["venues", "partners"],
     ["nico", "lea"], [], ProjectState.PUBLISHED),
    ("belgrade-memory-map", "nova-iskra", "heritage", "prototype",
     "Belgrade Memory Map",
     "An augmented-reality walk through the city's lost cinemas and cafés",
     "Archive photos and recorded memories appear where Belgrade's old cinemas and cafés "
     "once stood. The walk was built with a local history society and tested by four "
     "hundred visitors.",
     ["RS"], ["digital", "heritage", "film"], ["partners", "funding"],
     ["ana", "filip", "jovana"], [("Digital heritage prize", "CreaConnect hackathon", 2026)],
     ProjectState.PUBLISHED),
    ("green-furniture-lab", "nova-iskra", "climate", "scaling",
     "Green Furniture Lab",
     "Furniture from agricultural waste, designed and made in Serbia",
     "Sunflower husks and straw pressed into boards, then designed into chairs and tables. "
     "The lab sells to cafés and co-working spaces and trains young makers.",
     ["RS", "IT"], ["design", "environment", "crafts"], ["funding", "partners"],
     ["filip", "ana"], [], ProjectState.PUBLISHED),
    # Two projects still collecting consents.
    ("stage-for-everyone", "pali-pali", "inclusion", "idea",
     "Stage for Everyone",
     "Accessible rehearsal rooms and a touring fund for disabled performers",
     "A network of rehearsal rooms adapted for disabled performers, with a small fund for "
     "touring between the partner hubs.",
     ["BE", "FR"], ["performing_arts", "social"], ["venues", "funding"],
     ["lea", "participant"], [], ProjectState.AWAITING_CONSENT),
    ("ceramics-of-the-river", "nova-iskra", "heritage", "prototype",
     "Ceramics of the River",
     "Clay from the Sava banks and old pottery patterns, revived with local schools",
     "Potters and pupils collect clay, study pottery fragments in the city museum and make a "
     "collection inspired by them.",
     ["RS"], ["crafts", "heritage", "education"], ["mentoring", "venues"],
     ["jovana", "marta"], [], ProjectState.AWAITING_CONSENT),
]

SOURCES = {
    "climate": "Hackathon: Climate and circular design",
    "inclusion": "Hackathon: Social inclusion",
    "urban": "Hackathon: Regeneration of urban spaces",
    "heritage": "Hackathon: Digital creativity and heritage",
    "business": "Hackathon: Sustainable creative business models",
}


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


def _mix(a, b, t):
    return tuple(int(a[i] + (b[i] - a[i]) * t) for i in range(3))


def draw_image(seed: str, colour: str, *, size=(1200, 750)) -> ContentFile:
    """A pleasant abstract picture in the hub's colour: a soft gradient, blurred circles and
    a few crisp shapes. Deterministic for a given seed."""
    rng = random.Random(seed)
    base = _rgb(colour)
    light = _mix(base, (255, 250, 240), 0.75)
    dark = _mix(base, (20, 24, 32), 0.45)
    w, h = size
    gradient = Image.linear_gradient("L").resize((w, h)).rotate(rng.choice([0, 90, 180, 270]),
                                                                 expand=False)
    img = Image.composite(Image.new("RGB", size, dark), Image.new("RGB", size, light), gradient)
    # Soft circles drawn and blurred at a quarter of the size, then scaled up (fast).
    glow = Image.new("RGBA", (w // 4, h // 4), (0, 0, 0, 0))
    d = ImageDraw.Draw(glow)
    for _ in range(6):
        r = rng.randint(h // 24, h // 8)
        x, y = rng.randint(0, w // 4), rng.randint(0, h // 4)
        tone = _mix(base, (255, 255, 255), rng.uniform(0, 0.6))
        d.ellipse((x - r, y - r, x + r, y + r), fill=(*tone, rng.randint(70, 150)))
    glow = glow.filter(ImageFilter.GaussianBlur(10)).resize(size, Image.BILINEAR)
    img = Image.alpha_composite(img.convert("RGBA"), glow)
    shapes = ImageDraw.Draw(img)
    for _ in range(rng.randint(3, 5)):
        x, y = rng.randint(80, w - 80), rng.randint(80, h - 80)
        s = rng.randint(40, 160)
        fill = (255, 255, 255, 200) if rng.random() < 0.5 else (*dark, 220)
        kind = rng.choice(["circle", "square", "triangle"])
        if kind == "circle":
            shapes.ellipse((x - s, y - s, x + s, y + s), outline=fill, width=10)
        elif kind == "square":
            shapes.rectangle((x - s, y - s, x + s, y + s), fill=fill)
        else:
            shapes.polygon([(x, y - s), (x + s, y + s), (x - s, y + s)], fill=fill)
    out = io.BytesIO()
    img.convert("RGB").save(out, "JPEG", quality=88)
    return ContentFile(out.getvalue(), name=f"{seed}.jpg")


def _people():
    users = {key: ensure_user(f"show.{key}@creaconnect.test", name)
             for key, name in PEOPLE.items()}
    users["participant"] = ensure_user("participant@creaconnect.test", "Lucía Ferrer")
    return users


def seed(log):
    hubs = {h.slug: h for h in Hub.objects.all()}
    users = _people()
    now = timezone.now()
    drawn = 0
    projects = {}
    for index, row in enumerate(PROJECTS):
        (slug, hub_slug, theme, stage, title, tagline, story, countries, disciplines,
         looking_for, team, awards, state) = row
        hub = hubs[hub_slug]
        published = state == ProjectState.PUBLISHED
        project, _ = ShowcaseProject.objects.update_or_create(slug=slug, defaults={
            "hub": hub, "title": title, "tagline": tagline, "story": clean_story(story),
            "theme": theme, "stage": stage, "countries": countries,
            "disciplines": disciplines, "looking_for": looking_for, "state": state,
            "source_label": SOURCES[theme],
            "cover_alt": "", "published_at": (now - timedelta(days=3 * index + 1))
            if published else None,
        })
        if not project.cover:
            project.cover, project.cover_card = web_sizes(draw_image(slug, hub.brand_colour))
            project.cover_alt = ""
            project.save()
            drawn += 1
            if index < 6:
                for n in (1, 2):
                    large, thumb = web_sizes(draw_image(f"{slug}-{n}", hub.brand_colour))
                    GalleryImage.objects.create(
                        project=project, image=large, thumb=thumb, order=n,
                        alt=f"Abstract shapes in the colours of {hub.name}")
                    drawn += 1
        for order, key in enumerate(team):
            user = users[key]
            pending = state == ProjectState.AWAITING_CONSENT and order == len(team) - 1
            consent = ConsentState.PENDING if pending else ConsentState.APPROVED
            member, created = CreditedMember.objects.get_or_create(
                project=project, user=user, defaults={
                    "display_name": str(user), "role": "", "order": order,
                    "consent": consent, "consent_version": CONSENT_TEXT_VERSION,
                    "consent_at": None if pending else now - timedelta(days=3 * index + 2)})
            if created and not pending:
                ConsentRecord.objects.create(member=member, decision=ConsentState.APPROVED,
                                             text_version=CONSENT_TEXT_VERSION,
                                             created=member.consent_at)
        for award_title, given_by, year in awards:
            Award.objects.get_or_create(project=project, title=award_title,
                                        defaults={"given_by": given_by, "year": year})
        projects[slug] = project
    published = sum(1 for p in PROJECTS if p[-1] == ProjectState.PUBLISHED)
    log(f"{len(PROJECTS)} showcase projects ({published} published, "
        f"{len(PROJECTS) - published} awaiting consent), {drawn} images drawn")
    _link_lineage(hubs, projects, log)
    _seed_event(projects)


def _link_lineage(hubs, projects, log):
    """Where each demo project grew from: a submitted project of a hackathon its hub hosted
    (one each, in order), else a member of its hub's cohort. The demo participant's winning
    hackathon team is the first one used, and its project also grew from their cohort (in
    another hub), so their path crosses all three actions."""
    from django.contrib.auth import get_user_model

    from hackathons.queries import submissions_for_showcase
    from programme.queries import cohort_members_for_showcase

    participant = get_user_model().objects.filter(email="participant@creaconnect.test").first()
    own_member = next((m for hub in hubs.values() for m in cohort_members_for_showcase(hub)
                       .filter(user=participant)), None)
    linked = 0
    for hub in hubs.values():
        subs = sorted(submissions_for_showcase(hub),
                      key=lambda s: (not s.team.memberships.filter(user=participant).exists(),
                                     s.pk))
        members = list(cohort_members_for_showcase(hub).order_by("pk"))
        mine = [p for p in projects.values() if p.hub_id == hub.pk]
        for index, project in enumerate(sorted(mine, key=lambda p: p.slug)):
            project.from_team = project.from_submission = project.from_cohort_member = None
            if index < len(subs):
                sub = subs[index]
                project.from_submission, project.from_team = sub, sub.team
                project.source_label = f"{sub.hackathon.title} — {sub.team.name}"
                if own_member and sub.team.memberships.filter(user=participant).exists():
                    project.from_cohort_member = own_member
            elif members:
                project.from_cohort_member = members[index % len(members)]
                project.source_label = f"{project.from_cohort_member.cohort.name} — {hub.name}"
            else:
                continue
            project.save(update_fields=["from_team", "from_submission", "from_cohort_member",
                                        "source_label"])
            linked += 1
    log(f"{linked} showcase projects linked to the team or cohort they grew from")


def _seed_event(projects):
    tz = ZoneInfo("Europe/Paris")
    day = datetime(2027, 6, 17).date()

    def at(h, m=0):
        return datetime.combine(day, time(h, m), tzinfo=tz)

    event, _ = ShowcaseEvent.objects.update_or_create(slug="creaconnect-final-showcase",
                                                      defaults={
        "title": "CreaConnect final showcase",
        "starts_at": at(10), "ends_at": at(19),
        "venue": "La Friche Belle de Mai, Grand Plateau", "address": "41 rue Jobin",
        "city": "Marseille",
        "description": (
            "Three years of CreaConnect on one stage: the most promising projects from the "
            "six hubs and five hackathons present their work to venues, funders and the "
            "public, followed by meetings between teams and partners who want to take them "
            "further."),
        "outcomes": "",
    })
    agenda = [
        (at(10), at(10, 30), "Welcome and three years of CreaConnect",
         "The six partner hubs", ""),
        (at(10, 30), at(12), "Project pitches: climate and circular design",
         "", "Teams from Marseille, Brussels and Belgrade"),
        (at(12), at(13, 30), "Lunch and project fair", "Every team has a table.", ""),
        (at(13, 30), at(15), "Project pitches: inclusion, cities and heritage", "",
         "Teams from Barcelona, Florence and Belgrade"),
        (at(15, 30), at(16, 30), "Panel: how third places scale creative projects", "",
         "Hub directors and two funders"),
        (at(16, 30), at(18), "Matchmaking: teams meet venues and funders",
         "Book a slot with a team through the showcase's Express interest form.", ""),
        (at(18), at(19), "Awards and closing", "", ""),
    ]
    for starts, ends, title, description, speakers in agenda:
        AgendaItem.objects.update_or_create(event=event, title=title, defaults={
            "starts_at": starts, "ends_at": ends, "description": description,
            "speakers": speakers})
    presented = ["atelier-creatif-circulaire", "repair-cafe-network", "taller-de-barrio",
                 "manifattura-digitale", "belgrade-memory-map", "green-furniture-lab",
                 "climate-comics-lab"]
    event.projects.set([projects[s] for s in presented])
