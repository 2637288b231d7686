"""Demo data: five thematic hackathons in different states, teams, submissions, judging.

Idempotent: rows are found by natural keys (slugs, e-mails, names) and updated in place.
Runs after ``hubs.demo`` (INSTALLED_APPS order) inside ``scopes_disabled()``.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from creaconnect.accounts.models import Profile
from hubs.demo import ensure_user
from hubs.models import Hub

from .models import (
    Availability,
    Challenge,
    Criterion,
    ExpertProfile,
    FeedbackMessage,
    Hackathon,
    HackathonStatus,
    JudgeAssignment,
    MentorAssignment,
    MentoringLog,
    PanelJudge,
    Prize,
    PrizeCategory,
    Registration,
    Score,
    Submission,
    SubmissionStatus,
    SubmissionVersion,
    Team,
    TeamMembership,
    TeamStatus,
)
from .services.results import compute_results

RUBRIC = [
    ("Innovation", "How new is the idea, for this place and this public?", "2"),
    ("Impact", "What changes for people, places or the planet if it works?", "2"),
    ("Feasibility", "Can the team build and run it with realistic means?", "1.5"),
    ("Sustainability", "Does it last without the hackathon: money, materials, people?", "1"),
    ("Transnational collaboration", "Does the work draw on the team's different countries?",
     "1"),
    ("Presentation", "Is the pitch clear, honest and well shown?", "0.5"),
]
# The rubric in French and Serbian (every demo hackathon uses it).
RUBRIC_TRANSLATIONS = {
    "Innovation": {"fr": {"name": "Innovation",
                          "description": "L'idée est-elle nouvelle, pour ce lieu et ce public ?"},
                   "sr-latn": {"name": "Inovativnost",
                               "description": "Koliko je ideja nova za ovo mesto i ovu publiku?"}},
    "Impact": {"fr": {"name": "Impact",
                      "description": "Qu'est-ce qui change pour les gens, les lieux ou la "
                                     "planète si cela marche ?"},
               "sr-latn": {"name": "Uticaj",
                           "description": "Šta se menja za ljude, mesta ili planetu ako uspe?"}},
    "Feasibility": {"fr": {"name": "Faisabilité",
                           "description": "L'équipe peut-elle le construire et le faire vivre "
                                          "avec des moyens réalistes ?"},
                    "sr-latn": {"name": "Izvodljivost",
                                "description": "Može li tim to da izgradi i vodi realnim "
                                               "sredstvima?"}},
}

PEOPLE = [
    # name slug, display name, country, disciplines, skills, languages, organisation
    ("amina", "Amina Haddad", "FR", ["design"], ["prototyping", "illustration"], ["fr", "ar", "en"],
     "Atelier Haddad"),
    ("luka", "Luka Petrović", "RS", ["digital"], ["coding", "data"], ["sr", "en"], "Kod Lab"),
    ("giulia", "Giulia Romano", "IT", ["heritage"], ["archives", "storytelling"], ["it", "en"],
     "Museo Vivo"),
    ("pablo", "Pablo Ortega", "ES", ["architecture"], ["urban design", "3d modelling"],
     ["es", "ca", "en"], "Taller Urbà"),
    ("noor", "Noor Janssens", "BE", ["social"], ["facilitation", "community"], ["nl", "fr", "en"],
     "Buurtwerk"),
    ("marie", "Marie Lefèvre", "FR", ["business"], ["fundraising", "finance"], ["fr", "en"],
     "Coop Lefèvre"),
    ("stefan", "Stefan Ilić", "RS", ["music"], ["sound design", "video"], ["sr", "en"],
     "Zvuk Studio"),
    ("elena", "Elena Conti", "IT", ["fashion"], ["textiles", "upcycling"], ["it", "en"],
     "Filo Circolare"),
    ("jordi", "Jordi Vidal", "ES", ["games"], ["coding", "game design"], ["es", "ca", "en"],
     "Pixel Barri"),
    ("sofie", "Sofie Peeters", "BE", ["environment"], ["life-cycle analysis", "data"],
     ["nl", "en"], "Groen Lab"),
    ("ana", "Ana Marković", "RS", ["design"], ["service design", "prototyping"], ["sr", "en"],
     "Dizajn Kolektiv"),
    ("tomas", "Tomás Ruiz", "ES", ["film"], ["video", "storytelling"], ["es", "en"],
     "Ruiz Films"),
    ("chiara", "Chiara Esposito", "IT", ["education"], ["facilitation", "writing"], ["it", "en"],
     "Scuola Aperta"),
    ("hugo", "Hugo Martin", "FR", ["digital"], ["coding", "web"], ["fr", "en"], "Martin Code"),
    ("lena", "Lena Vogel", "DE", ["visual_arts"], ["illustration", "printmaking"], ["de", "en"],
     "Druckwerk"),
    ("dario", "Dario Greco", "IT", ["business"], ["business models", "finance"], ["it", "en"],
     "Greco & Partners"),
    ("mila", "Mila Đorđević", "RS", ["crafts"], ["ceramics", "upcycling"], ["sr", "en"],
     "Glina"),
    ("ines", "Inès Dubois", "BE", ["performing_arts"], ["performance", "community"],
     ["fr", "en"], "Théâtre du Coin"),
]

# The pool's working languages, availability and declared conflicts (programme console).
EXPERT_POOL_DETAILS = {
    "judge@creaconnect.test": (["en", "nl", "fr"], "", ""),
    "hack.expert.klara@creaconnect.test": (["en", "de"], "limited", ""),
    "hack.expert.ruben@creaconnect.test": (["es", "ca", "en"], "",
                                           "Advises Fundació Ciutat's own projects."),
    "hack.expert.helene@creaconnect.test": (["fr", "en"], "", ""),
    "hack.expert.marta@creaconnect.test": (["en"], "unavailable",
                                           "Invests in two teams of the 2026 cohort."),
    "hack.expert.jonas@creaconnect.test": (["en"], "", ""),
}

EXPERTS = [
    # e-mail, name, country, hub slug, organisation, expertise
    ("judge@creaconnect.test", "Ingrid Vos", "NL", None, "Delta Culture Lab",
     ["social innovation", "cultural policy"]),
    ("hack.expert.klara@creaconnect.test", "Klara Novak", "SI", None, "Ljubljana Design Forum",
     ["circular design", "materials"]),
    ("hack.expert.ruben@creaconnect.test", "Rubén Soler", "ES", "pau", "Fundació Ciutat",
     ["urbanism", "public space"]),
    ("hack.expert.helene@creaconnect.test", "Hélène Girard", "FR", "la-friche", "Culture Lab Sud",
     ["cultural management", "heritage"]),
    ("hack.expert.marta@creaconnect.test", "Marta Kowalska", "PL", None, "Creative Warsaw",
     ["creative economy", "finance"]),
    ("hack.expert.jonas@creaconnect.test", "Jonas Berg", "SE", None, "Nordic Impact",
     ["impact measurement", "digital"]),
]

HACKATHONS = [
    {
        "slug": "circular-futures", "hub": "la-friche", "state": HackathonStatus.REGISTRATION,
        "offset": 12, "title": "Circular Futures", "theme": "Climate and circular design",
        "summary": "Three days to design festivals, studios and stages that waste nothing.",
        "description": (
            "Cultural venues move tonnes of material every season: sets, costumes, signage, "
            "food. Teams of designers, makers, technologists and producers work with the "
            "resident organisations of La Friche to turn that flow into loops: reuse, repair, "
            "shared stocks and new materials."),
        "place": "La Friche Belle de Mai, Marseille",
        "challenges": [("Zero-waste festival", "A summer festival that leaves nothing behind."),
                       ("Set materials bank", "A shared stock of sets and props for the city.")],
        "prizes": [("Best circular project", PrizeCategory.OVERALL, None),
                   ("Materials bank award", PrizeCategory.CHALLENGE, 1)],
        "teams": [("Loopers", [0, 1, 7], 0, ["life-cycle analysis"]),
                  ("Second Stage", [16, 14], 1, ["coding", "fundraising"])],
        "extra": [5, 13],
    },
    {
        "slug": "inclusive-third-places", "hub": "pali-pali", "state": HackathonStatus.RUNNING,
        "offset": 0, "title": "Open Doors", "theme": "Social inclusion in third places",
        "summary": "Make creative hubs welcoming to people who never walk in.",
        "description": (
            "Third places say they are open to all, yet many neighbours never cross the door. "
            "Teams meet residents of the Brussels hubs and design services, programmes and "
            "spaces that change who feels at home there."),
        "place": "Usquare, Brussels",
        "challenges": [("First visit", "Design the first visit of someone who feels out of "
                                       "place."),
                       ("Shared programming", "Let neighbours co-programme a season.")],
        "prizes": [("Open Doors award", PrizeCategory.OVERALL, None)],
        "teams": [("Threshold", [4, 2, 12], 0, ["video"]),
                  ("Neighbours' Season", [9, 8, 15], 1, []),
                  ("Welcome Kit", [17, 10], 0, ["coding"])],
        "extra": [11],
    },
    {
        "slug": "reclaiming-the-city", "hub": "pau", "state": HackathonStatus.JUDGING,
        "offset": -8, "title": "Reclaiming the City", "theme": "Regeneration of urban spaces",
        "summary": "Empty lots, closed shops, grey courtyards: give them back to the city.",
        "description": (
            "Barcelona has hundreds of spaces waiting between two uses. Teams propose "
            "temporary and lasting uses that involve neighbours, artists and small businesses, "
            "with a plan to make them happen."),
        "place": "PAU, Barcelona",
        "challenges": [("Meanwhile uses", "Temporary uses for empty ground floors."),
                       ("Green courtyards", "School and block courtyards as climate "
                                            "shelters.")],
        "prizes": [("City award", PrizeCategory.OVERALL, None),
                   ("Courtyard award", PrizeCategory.CHALLENGE, 1)],
        "teams": [("Planta Baja", [3, 5, 1], 0, []), ("Patio Verde", [9, 11, 6], 1, []),
                  ("Open Shutters", [13, 2, 16], 0, []), ("Block Party", [8, 4, 7], 1, [])],
        "extra": [],
    },
    {
        "slug": "heritage-in-code", "hub": "nova-iskra", "state": HackathonStatus.RESULTS_PUBLISHED,
        "offset": -40, "title": "Heritage in Code", "theme": "Digital creativity and heritage",
        "summary": "New digital ways to keep living heritage alive and shared.",
        "description": (
            "Crafts, songs, buildings and recipes are heritage only while people use them. "
            "Teams combine heritage knowledge and digital tools to record, teach and reinvent "
            "them with the communities that carry them."),
        "place": "Nova Iskra, Belgrade",
        "challenges": [("Living crafts", "Pass a craft on to a new generation."),
                       ("Sound archives", "Open a sound archive to new uses.")],
        "prizes": [("Heritage in Code award", PrizeCategory.OVERALL, None),
                   ("Sound archives award", PrizeCategory.CHALLENGE, 1),
                   ("Community choice", PrizeCategory.SPECIAL, None)],
        "teams": [("Glaze", [16, 13, 2], 0, []), ("Echo Atlas", [6, 8, 12], 1, []),
                  ("Recipe Commons", [10, 5, 3], 0, []), ("Loom Lab", [7, 1, 14], 0, [])],
        "extra": [],
    },
    {
        "slug": "creative-business-lab", "hub": "lama", "state": HackathonStatus.RESULTS_PUBLISHED,
        "offset": -90, "title": "Creative Business Lab",
        "theme": "Sustainable creative business models",
        "summary": "Business models that let creative work pay and last.",
        "description": (
            "Talent is rarely what fails a creative project: money and organisation are. "
            "Teams design business models for real creative enterprises of MIM and Impact Hub "
            "Florence, and test them with their founders."),
        "place": "MIM – Made in Manifattura, Florence",
        "challenges": [("Fair pay", "Models that pay artists fairly."),
                       ("Shared services", "Services creative studios could share.")],
        "prizes": [("Best business model", PrizeCategory.OVERALL, None),
                   ("Shared services award", PrizeCategory.CHALLENGE, 1)],
        "teams": [("Fair Share", [15, 0, 11], 0, []), ("Studio Commons", [5, 9, 17], 1, []),
                  ("Patron Club", [12, 3, 6], 0, [])],
        "extra": [],
    },
]

# The host hub's own language for each hackathon (shown to visitors who read the site in it).
TRANSLATIONS = {
    "circular-futures": {"fr": {
        "title": "Futurs circulaires", "theme": "Climat et design circulaire",
        "summary": "Trois jours pour imaginer des festivals, des ateliers et des scènes qui ne "
                   "gaspillent rien.",
        "description": (
            "Les lieux culturels déplacent des tonnes de matière à chaque saison : décors, "
            "costumes, signalétique, nourriture. Des équipes de designers, fabricants, "
            "technologues et producteurs travaillent avec les structures résidentes de la "
            "Friche pour transformer ce flux en boucles : réemploi, réparation, stocks partagés "
            "et nouveaux matériaux.")}},
    "inclusive-third-places": {"fr": {
        "title": "Portes ouvertes", "theme": "Inclusion sociale dans les tiers-lieux",
        "summary": "Rendre les lieux créatifs accueillants pour celles et ceux qui n'y entrent "
                   "jamais.",
        "description": (
            "Les tiers-lieux se disent ouverts à toutes et à tous, pourtant beaucoup de voisins "
            "n'en franchissent jamais la porte. Les équipes rencontrent les habitants autour "
            "des lieux bruxellois et conçoivent des services, des programmes et des espaces "
            "qui changent qui s'y sent chez soi.")}},
    "reclaiming-the-city": {"es": {
        "title": "Recuperar la ciudad", "theme": "Regeneración de espacios urbanos",
        "summary": "Solares vacíos, tiendas cerradas, patios grises: devolvámoslos a la ciudad.",
        "description": (
            "Barcelona tiene cientos de espacios a la espera entre dos usos. Los equipos "
            "proponen usos temporales y duraderos con vecinos, artistas y pequeños comercios, "
            "y un plan para hacerlos realidad.")}},
    "heritage-in-code": {"sr-latn": {
        "title": "Nasleđe u kodu", "theme": "Digitalno stvaralaštvo i nasleđe",
        "summary": "Novi digitalni načini da živo nasleđe ostane živo i deljeno.",
        "description": (
            "Zanati, pesme, zgrade i recepti su nasleđe samo dok ih ljudi koriste. Timovi "
            "spajaju znanje o nasleđu i digitalne alate da ih zabeleže, prenesu i iznova "
            "osmisle zajedno sa zajednicama koje ih čuvaju.")}},
    "creative-business-lab": {"it": {
        "title": "Laboratorio di impresa creativa",
        "theme": "Modelli di business sostenibili per la creatività",
        "summary": "Modelli di business che rendono il lavoro creativo sostenibile e duraturo.",
        "description": (
            "Raramente è il talento a far fallire un progetto creativo: sono i soldi e "
            "l'organizzazione. I team progettano modelli di business per vere imprese creative "
            "di MIM e Impact Hub Firenze e li mettono alla prova con chi le ha fondate.")}},
}

# Challenges and prizes of two hackathons in French and Serbian, for the walkthrough (the
# others show the original to every visitor, and are listed on the staff's checklist).
SETUP_TRANSLATIONS = {
    "circular-futures": {
        "Zero-waste festival": {
            "fr": {"title": "Festival zéro déchet",
                   "description": "Un festival d'été qui ne laisse rien derrière lui."},
            "sr-latn": {"title": "Festival bez otpada",
                        "description": "Letnji festival koji iza sebe ne ostavlja ništa."}},
        "Set materials bank": {
            "fr": {"title": "Banque de matériaux de décor",
                   "description": "Un stock partagé de décors et d'accessoires pour la ville."}},
        "Best circular project": {"fr": {"name": "Meilleur projet circulaire"},
                                  "sr-latn": {"name": "Najbolji cirkularni projekat"}},
        "Materials bank award": {"fr": {"name": "Prix de la banque de matériaux"}},
    },
    "heritage-in-code": {
        "Living crafts": {
            "sr-latn": {"title": "Živi zanati",
                        "description": "Prenesite zanat na novu generaciju."},
            "fr": {"title": "Savoir-faire vivants",
                   "description": "Transmettre un savoir-faire à une nouvelle génération."}},
        "Sound archives": {
            "sr-latn": {"title": "Zvučni arhivi",
                        "description": "Otvorite zvučni arhiv za nove upotrebe."}},
        "Heritage in Code award": {"sr-latn": {"name": "Nagrada Nasleđe u kodu"},
                                   "fr": {"name": "Prix Patrimoine en code"}},
        "Community choice": {"sr-latn": {"name": "Izbor publike"},
                             "fr": {"name": "Prix du public"}},
    },
}


def _dates(offset_days):
    """A hackathon's dates around ``today + offset_days`` (its start), stable within a day."""
    start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(
        days=offset_days)
    return {
        "starts_at": start, "ends_at": start + timedelta(days=2, hours=9),
        "registration_opens": start - timedelta(days=30),
        "registration_closes": start - timedelta(days=1),
        "submission_deadline": start + timedelta(days=2, hours=6),
        "judging_opens": start + timedelta(days=2, hours=7),
        "judging_closes": start + timedelta(days=12),
    }


def _people():
    users = []
    for slug, name, country, disciplines, skills, langs, org in PEOPLE:
        user = ensure_user(f"hack.{slug}@creaconnect.test", name)
        Profile.objects.update_or_create(user=user, defaults={
            "country": country, "organisation": org, "disciplines": disciplines,
            "skills": skills, "languages": langs})
        users.append(user)
    return users


def _experts(hubs):
    judges = []
    for email, name, country, hub_slug, org, expertise in EXPERTS:
        user = ensure_user(email, name)
        languages, availability, conflicts = EXPERT_POOL_DETAILS.get(email, (["en"], "", ""))
        ExpertProfile.objects.update_or_create(user=user, defaults={
            "country": country, "hub": hubs.get(hub_slug) if hub_slug else None,
            "organisation": org, "expertise": expertise, "languages": languages,
            "availability": availability or Availability.AVAILABLE,
            "declared_conflicts": conflicts,
            "bio": f"{name} works at {org} on {', '.join(expertise)}."})
        judges.append(user)
    return judges


def _register(hackathon, user, index):
    profile = user.profile
    Registration.objects.update_or_create(hackathon=hackathon, user=user, defaults={
        "country": profile.country, "disciplines": profile.disciplines,
        "skills": profile.skills, "languages": profile.languages,
        "organisation": profile.organisation,
        "motivation": "I want to work with people from other countries on this theme.",
        "dietary_needs": "vegetarian" if index % 3 == 0 else "",
        "looking_for_team": False})


def _submission(hackathon, team, state, index):
    # In the running hackathon the first team (the demo participant's) is still drafting.
    submitted = state != HackathonStatus.RUNNING or index > 0
    sub, _ = Submission.objects.update_or_create(team=team, defaults={
        "hackathon": hackathon, "challenge": team.challenge,
        "title": f"{team.name}: {team.challenge.title if team.challenge else 'project'}",
        "summary": team.pitch,
        "description": (f"{team.pitch} We tested the idea with people on site, built a "
                        "prototype and wrote down what it costs to run for a year."),
        "repository_url": f"https://example.org/{hackathon.slug}/{team.pk}",
        "video_url": "", "demo_url": "",
        "status": SubmissionStatus.SUBMITTED if submitted else SubmissionStatus.DRAFT,
        "submitted_at": hackathon.submission_deadline - timedelta(hours=2 + index)
        if submitted else None,
        "version": 2})
    for number in (1, 2):
        SubmissionVersion.objects.get_or_create(submission=sub, number=number, defaults={
            "data": {"title": sub.title, "summary": sub.summary}, "author": team.captain})
    return sub


def _judge(hackathon, subs, panel):
    """Round-robin assignment (three judges per submission) and scores for every judge."""
    criteria = list(Criterion.objects.filter(hackathon=hackathon))
    n = hackathon.judges_per_submission
    for i, sub in enumerate(subs):
        for k in range(n):
            judge = panel[(i * n + k) % len(panel)]
            a, _ = JudgeAssignment.objects.get_or_create(hackathon=hackathon, submission=sub,
                                                         judge=judge)
            # In the judging hackathon the demo judge leaves their work to do in the browser.
            if hackathon.status == HackathonStatus.JUDGING and judge.email.startswith("judge@"):
                continue
            # A team's quality, a judge's severity and a little noise, all deterministic.
            quality = random.Random(f"q:{sub.team.name}").uniform(4.5, 8.5)
            severity = (panel.index(judge) % 3 - 1) * 1.5
            for c in criteria:
                noise = random.Random(f"n:{sub.team.name}:{judge.email}:{c.name}").uniform(-1.5,
                                                                                            1.5)
                value = max(0, min(c.scale_max, round(quality + severity + noise)))
                Score.objects.update_or_create(submission=sub, judge=judge, criterion=c,
                                               defaults={"value": value, "hackathon": hackathon})
            a.comment_to_team = (f"{sub.team.name}: a clear idea; show how it keeps running "
                                 "after the first year.")
            a.scored_at = a.scored_at or hackathon.judging_opens + timedelta(days=1 + k)
            a.save(update_fields=["comment_to_team", "scored_at"])


def seed(log):  # noqa: C901  a linear demo script, one block per demo object
    hubs = {h.slug: h for h in Hub.objects.all()}
    people = _people()
    panel_pool = _experts(hubs)
    User = get_user_model()
    mentor = User.objects.get(email="mentor@creaconnect.test")
    participant = User.objects.get(email="participant@creaconnect.test")
    counts = {"teams": 0, "submissions": 0}
    for spec in HACKATHONS:
        hub = hubs[spec["hub"]]
        h, _ = Hackathon.objects.update_or_create(slug=spec["slug"], defaults={
            "hub": hub, "title": spec["title"], "theme": spec["theme"],
            "summary": spec["summary"], "description": spec["description"],
            "translations": TRANSLATIONS.get(spec["slug"], {}),
            "place": spec["place"], "status": spec["state"], "capacity": 40,
            "team_min": 2, "team_max": 4, "min_countries": 2, "min_disciplines": 2,
            "judges_per_submission": 3,
            "rules": "Teams of 2 to 4 people from at least two countries and two disciplines. "
                     "Everything you make is published under an open licence.",
            "prizes_text": "Winners present their project at the CreaConnect final event.",
            "schedule": "Day 1 09:00 Welcome and challenges\nDay 1 14:00 Team building\n"
                        "Day 2 All day: making, with mentors\nDay 3 15:00 Submission deadline\n"
                        "Day 3 17:00 Pitches",
            **_dates(spec["offset"])})
        challenges = []
        for order, (title, text) in enumerate(spec["challenges"]):
            texts = SETUP_TRANSLATIONS.get(spec["slug"], {})
            c, _ = Challenge.objects.update_or_create(hackathon=h, title=title,
                                                      defaults={"description": text,
                                                                "order": order,
                                                                "translations":
                                                                texts.get(title, {})})
            challenges.append(c)
        for order, (name, text, weight) in enumerate(RUBRIC):
            Criterion.objects.update_or_create(hackathon=h, name=name, defaults={
                "description": text, "weight": Decimal(weight), "scale_max": 10,
                "order": order, "translations": RUBRIC_TRANSLATIONS.get(name, {})})
        prizes = []
        for order, (name, category, challenge_index) in enumerate(spec["prizes"]):
            p, _ = Prize.objects.update_or_create(hackathon=h, name=name, defaults={
                "category": category, "order": order,
                "translations": SETUP_TRANSLATIONS.get(spec["slug"], {}).get(name, {}),
                "challenge": challenges[challenge_index] if challenge_index is not None
                else None})
            prizes.append(p)
        teams = []
        for t_index, (name, members, challenge_index, wanted) in enumerate(spec["teams"]):
            users = [people[i] for i in members]
            if spec["state"] == HackathonStatus.RUNNING and t_index == 0:
                users.insert(0, participant)  # the demo participant captains a running team
            for i, u in enumerate(users):
                _register(h, u, i)
            status = (TeamStatus.FORMING if spec["state"] == HackathonStatus.REGISTRATION
                      else TeamStatus.LOCKED)
            team, _ = Team.objects.update_or_create(hackathon=h, name=name, defaults={
                "challenge": challenges[challenge_index], "captain": users[0],
                "pitch": f"{name} turns the challenge “{challenges[challenge_index].title}” "
                         "into something people can use next month.",
                "status": status, "wanted_skills": wanted,
                "looking_for_members": status == TeamStatus.FORMING})
            for u in users:
                TeamMembership.objects.get_or_create(hackathon=h, user=u,
                                                     defaults={"team": team})
            teams.append(team)
        for i in spec["extra"]:
            _register(h, people[i], i)
            Registration.objects.filter(hackathon=h, user=people[i]).update(
                looking_for_team=True)
        counts["teams"] += len(teams)
        if spec["state"] == HackathonStatus.REGISTRATION:
            continue
        for team in teams[:2]:
            ma, _ = MentorAssignment.objects.get_or_create(hackathon=h, team=team, mentor=mentor)
            MentoringLog.objects.get_or_create(assignment=ma, note="Kick-off call",
                                               defaults={"minutes": 40,
                                                         "date": h.starts_at.date()})
            thread, _ = FeedbackMessage.objects.get_or_create(
                team=team, author=mentor, parent=None,
                body="Good start. Who pays for this after the hackathon? Add a simple budget "
                     "to the description.")
            FeedbackMessage.objects.get_or_create(
                team=team, author=team.captain, parent=thread,
                body="Thanks! We added a first budget and two possible partners.")
        subs = [_submission(h, t, spec["state"], i) for i, t in enumerate(teams)]
        counts["submissions"] += len(subs)
        panel = [u for u in panel_pool if u.email != "hack.expert.ruben@creaconnect.test"
                 or spec["hub"] != "pau"][:5]
        for judge in panel:
            PanelJudge.objects.get_or_create(hackathon=h, judge=judge)
        if spec["state"] in (HackathonStatus.JUDGING, HackathonStatus.RESULTS_PUBLISHED):
            _judge(h, [s for s in subs if s.status == SubmissionStatus.SUBMITTED], panel)
        if spec["state"] == HackathonStatus.RESULTS_PUBLISHED:
            results = compute_results(h)
            for row in results.rows:
                Submission.objects.filter(pk=row.submission.pk).update(
                    rank=row.rank, raw_score=row.raw, normalised_score=row.normalised)
            ranked = [r.team for r in results.rows]
            for p in prizes:
                if p.category == PrizeCategory.CHALLENGE:
                    winner = next((t for t in ranked if t.challenge_id == p.challenge_id), None)
                elif p.category == PrizeCategory.SPECIAL:
                    winner = ranked[-1] if ranked else None
                else:
                    winner = ranked[0] if ranked else None
                Prize.objects.filter(pk=p.pk).update(winner=winner)
            Hackathon.objects.filter(pk=h.pk).update(results_published_at=h.judging_closes)
            if spec["slug"] == "heritage-in-code" and ranked:
                # The demo participant's path crosses all three actions: they were in the
                # winning team here, and its project went on to the showcase.
                _register(h, participant, 0)
                TeamMembership.objects.get_or_create(hackathon=h, user=participant,
                                                     defaults={"team": ranked[0]})
    log(f"{len(HACKATHONS)} hackathons, {counts['teams']} teams, {counts['submissions']} "
        f"submissions, {len(people)} hackathon participants, {len(panel_pool)} expert judges")
    from .demo_expo import seed as seed_expo  # builds on the hackathons and teams above

    seed_expo(log)
