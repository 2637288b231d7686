"""Demo calls and applications: per hub, an open call and a closed call whose applications
sit in every state. Idempotent (natural keys: slugs, applicant e-mails). The cohorts demo then
makes each closed call's cohort and seats its confirmed applicants."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.text import slugify

from creaconnect.core.scoring import weighted_total
from hubs.demo import ensure_user
from hubs.models import Hub

from .models import (
    Answer,
    Application,
    Call,
    CallStatus,
    Criterion,
    Question,
    QuestionKind,
    Review,
    ReviewScore,
)
from .models import (
    ApplicationState as S,
)

# The cohort each hub's closed 2026 call selected for starts then (the cohorts demo makes it).
SELECTION_COHORT_STARTS = date(2026, 9, 15)

THEMES = {
    "pali-pali": ("Solidarity Lab", "cultural and solidarity projects that serve a neighbourhood"),
    "b-creative": ("Changemakers Track", "creative answers to poverty and weak social cohesion"),
    "la-friche": ("Friche Incubator", "artists and collectives reusing industrial spaces"),
    "pau": ("Design + Tech Residency", "design, culture and technology products"),
    "lama": ("Impact Makers", "makers and social enterprises with a measurable impact"),
    "nova-iskra": ("Green Design Studio", "responsible design and circular business models"),
}

# The open call of each hub, also in the hub's own language(s): (language, focus, name).
OPEN_CALL_LANGUAGES = {
    "pali-pali": [("fr", "les projets culturels et solidaires au service d'un quartier")],
    "b-creative": [("fr", "des réponses créatives à la pauvreté et au manque de cohésion "
                          "sociale"),
                   ("es", "respuestas creativas a la pobreza y a la débil cohesión social")],
    "la-friche": [("fr", "les artistes et collectifs qui réinvestissent des espaces "
                         "industriels")],
    "pau": [("es", "productos de diseño, cultura y tecnología")],
    "lama": [("it", "maker e imprese sociali con un impatto misurabile")],
    "nova-iskra": [("sr-latn", "odgovorni dizajn i cirkularne poslovne modele")],
}
OPEN_CALL_TEXTS = {
    "fr": {
        "title": "{name} 2027 : appel à candidatures",
        "summary": "Candidatez à la prochaine promotion de {hub} pour {focus}.",
        "description": "La promotion 2027 de {hub} démarre au printemps. Pendant six mois, "
                       "vous suivez des formations sur mesure, rencontrez chaque mois un "
                       "mentor expert et franchissez des étapes, du modèle économique "
                       "jusqu'au pitch public.",
        "eligibility": "Entrepreneurs créatifs et porteurs de projet de 18 ans ou plus, vivant "
                       "en Europe. Projets au stade de l'idée, du prototype ou du pilote."},
    "es": {
        "title": "{name} 2027: convocatoria abierta",
        "summary": "Presenta tu candidatura a la próxima cohorte de {hub}: {focus}.",
        "description": "La cohorte 2027 de {hub} empieza en primavera. Durante seis meses "
                       "seguirás formaciones a medida, te reunirás cada mes con una persona "
                       "mentora experta y alcanzarás hitos, del modelo de negocio a la "
                       "presentación pública.",
        "eligibility": "Emprendedores creativos y responsables de proyectos de 18 años o más "
                       "que vivan en Europa. Proyectos en fase de idea, prototipo o piloto."},
    "it": {
        "title": "{name} 2027: bando aperto",
        "summary": "Candidati alla prossima coorte di {hub}: {focus}.",
        "description": "La coorte 2027 di {hub} parte in primavera. Per sei mesi seguirai "
                       "formazioni su misura, incontrerai ogni mese un mentor esperto e "
                       "raggiungerai tappe che vanno dal modello di business al pitch pubblico.",
        "eligibility": "Imprenditori creativi e titolari di progetti dai 18 anni in su, "
                       "residenti in Europa. Progetti in fase di idea, prototipo o pilota."},
    "sr-latn": {
        "title": "{name} 2027: otvoreni poziv",
        "summary": "Prijavite se za sledeću generaciju programa {hub}: {focus}.",
        "description": "Generacija 2027 programa {hub} počinje na proleće. Tokom šest meseci "
                       "pratićete obuke prilagođene vama, svakog meseca ćete se sastajati sa "
                       "iskusnim mentorom i dostizati ciljeve, od poslovnog modela do javne "
                       "prezentacije.",
        "eligibility": "Kreativni preduzetnici i nosioci projekata stariji od 18 godina koji "
                       "žive u Evropi. Projekti u fazi ideje, prototipa ili pilota."},
}


def open_call_translations(hub, name) -> dict:
    return {code: {field: text.format(name=name, hub=hub.name, focus=focus)
                   for field, text in OPEN_CALL_TEXTS[code].items()}
            for code, focus in OPEN_CALL_LANGUAGES.get(hub.slug, [])}


QUESTIONS = [
    (1, QuestionKind.SHORT_TEXT, "Name of your project", "", True, [], None),
    (1, QuestionKind.SINGLE_CHOICE, "Where does the project stand today?", "", True,
     ["Idea", "Prototype", "Pilot", "Scaling"], None),
    (2, QuestionKind.LONG_TEXT, "What is the project and who is it for?",
     "Describe the need, the people concerned and what you will do.", True, [], 300),
    (2, QuestionKind.MULTIPLE_CHOICE, "Which kinds of support do you need most?", "", False,
     ["Business model", "Funding", "Prototyping", "Communication", "Legal"], None),
    (3, QuestionKind.URL, "A link to your work (portfolio, website, video)", "", False, [], None),
    (3, QuestionKind.NUMBER, "How many people work on the project?", "", True, [], None),
]

CRITERIA = [("Originality", "How new is the idea in its field?", 2),
            ("Social and environmental impact", "Who benefits, and how much?", 2),
            ("Feasibility", "Can this team deliver it in six months?", 1),
            ("Fit with the hub", "Can our hub really help this project?", 1)]

# Eight applicants per hub, all different people (one pool, eight names per hub in hub
# order): the same name in every hub read as one person listed six times.
APPLICANT_POOL = [
    ("Léa Martin", "FR"), ("Tomás Ruiz", "ES"), ("Giulia Bianchi", "IT"),
    ("Marko Petrović", "RS"), ("Eva Janssens", "BE"), ("Nadia Benali", "FR"),
    ("Pau Serra", "ES"), ("Jelena Ilić", "RS"),
    ("Hugo Lambert", "BE"), ("Marta Gil", "ES"), ("Luca Romano", "IT"),
    ("Ana Jovanović", "RS"), ("Chloé Dubois", "FR"), ("Sofia Greco", "IT"),
    ("Noah Peeters", "BE"), ("Ivana Kovač", "RS"),
    ("Camille Roux", "FR"), ("Diego Navarro", "ES"), ("Elena Conti", "IT"),
    ("Stefan Nikolić", "RS"), ("Lotte Claes", "BE"), ("Amira Haddad", "FR"),
    ("Javier Moreno", "ES"), ("Milica Đorđević", "RS"),
    ("Bram Willems", "BE"), ("Irene Costa", "IT"), ("Julien Mercier", "FR"),
    ("Lucía Ortega", "ES"), ("Nikola Stojanović", "RS"), ("Sara Ferri", "IT"),
    ("Manon Girard", "FR"), ("Pieter De Smet", "BE"),
    ("Alba Serrano", "ES"), ("Matteo Ricci", "IT"), ("Teodora Marković", "RS"),
    ("Inès Fontaine", "FR"), ("Wout Jacobs", "BE"), ("Carmen Vidal", "ES"),
    ("Paolo Marino", "IT"), ("Vesna Popović", "RS"),
    ("Emma Leclercq", "BE"), ("Yasmine Amrani", "FR"), ("Raúl Castillo", "ES"),
    ("Chiara Gallo", "IT"), ("Dušan Lukić", "RS"), ("Louise Bernard", "FR"),
    ("Arne Maes", "BE"), ("Nerea Iglesias", "ES"),
]


def applicants_for(hub_index: int) -> list[tuple[str, str]]:
    """The eight applicants of the ``hub_index``-th hub (by name), nobody shared."""
    start = 8 * (hub_index % (len(APPLICANT_POOL) // 8))
    return APPLICANT_POOL[start:start + 8]


PROJECTS = ["Repair Café", "Sound Garden", "Loom Lab", "Clay Commons", "Story Bus",
            "Seed Library", "Light Atelier", "Print Kitchen"]
CLOSED_STATES = [S.SUBMITTED, S.ACCEPTED, S.WAITLISTED, S.REJECTED, S.WITHDRAWN,
                 S.CONFIRMED, S.CONFIRMED, S.DECLINED]


def _questions(call):
    for i, (step, kind, label, help_text, required, choices, words) in enumerate(QUESTIONS):
        Question.objects.get_or_create(call=call, label=label, defaults={
            "step": step, "order": i, "kind": kind, "help_text": help_text,
            "required": required, "choices": choices, "word_limit": words})
    for i, (name, description, weight) in enumerate(CRITERIA):
        Criterion.objects.get_or_create(call=call, name=name, defaults={
            "description": description, "weight": weight, "scale_max": 5, "order": i})


def _answer_all(application, title):
    values = {
        "Name of your project": title,
        "Where does the project stand today?": "Prototype",
        "What is the project and who is it for?": (
            "A shared workshop where neighbours repair and redesign everyday objects with "
            "local designers, turning waste into small products sold at the hub's market."),
        "Which kinds of support do you need most?": ["Business model", "Funding"],
        "A link to your work (portfolio, website, video)": "https://example.org/portfolio",
        "How many people work on the project?": "3",
    }
    for q in application.call.questions.all():
        Answer.objects.get_or_create(application=application, question=q,
                                     defaults={"value": values.get(q.label)})


def selection_call_slug(hub) -> str:
    """The closed 2026 call whose confirmed applicants make up the hub's 2026 cohort."""
    return f"{hub.slug}-2026-selection"


def seed(log):
    now = timezone.now()
    staff_by_hub = {}
    total = 0
    for hub_index, hub in enumerate(Hub.objects.order_by("name")):
        name, focus = THEMES.get(hub.slug, ("Creative Programme", "creative projects"))
        closed, _ = Call.objects.get_or_create(slug=selection_call_slug(hub), defaults={
            "hub": hub, "title": f"{name} 2026: selection",
            "summary": f"Six months of training and mentoring for {focus}.",
            "description": (f"{hub.name} selected fifteen project holders working on {focus}. "
                            "Selected people joined a cohort with monthly training days, a "
                            "personal mentor and milestones up to a public pitch."),
            "eligibility": "Project holders aged 18 or more, living in Europe, with a project "
                           "at idea or prototype stage. Teams of up to three people.",
            "opens_at": now - timedelta(days=150), "closes_at": now - timedelta(days=90),
            "max_places": 15, "languages": hub.languages, "status": CallStatus.CLOSED})
        open_call, _ = Call.objects.get_or_create(slug=f"{hub.slug}-2027-open-call", defaults={
            "hub": hub, "title": f"{name} 2027: open call",
            "summary": f"Apply to the next cohort of {hub.name} for {focus}.",
            "description": (f"The 2027 cohort of {hub.name} starts in spring. Over six months "
                            "you will follow tailored training, meet an expert mentor every "
                            "month and reach milestones from business model to public pitch."),
            "eligibility": "Creative entrepreneurs and project holders aged 18 or more, living "
                           "in Europe. Projects at idea, prototype or pilot stage.",
            "opens_at": now - timedelta(days=7), "closes_at": now + timedelta(days=21),
            "max_places": 15, "languages": hub.languages, "status": CallStatus.PUBLISHED})
        translations = open_call_translations(hub, name)
        if open_call.translations != translations:  # idempotent: written once, kept equal
            open_call.translations = translations
            open_call.save(update_fields=["translations"])
        for call in (closed, open_call):
            _questions(call)
        staff = ensure_user(f"staff.{hub.slug}@creaconnect.test", "")
        staff_by_hub[hub.slug] = staff
        criteria = list(closed.criteria.all())
        for i, (person, country) in enumerate(applicants_for(hub_index)):
            local = slugify(person.split()[0])
            user = ensure_user(f"applicant.{local}.{hub.slug}@creaconnect.test", person)
            from creaconnect.accounts.models import Profile

            Profile.objects.get_or_create(user=user, defaults={"country": country})
            state = CLOSED_STATES[i]
            application, created = Application.objects.get_or_create(
                call=closed, applicant=user, defaults={
                    "project_title": f"{person.split()[0]}'s {PROJECTS[i]}",
                    "state": state, "submitted_at": now - timedelta(days=95 - i),
                    "decided_at": None if state == S.SUBMITTED else now - timedelta(days=80),
                    "waitlist_rank": 1 if state == S.WAITLISTED else None,
                    "decision_message": "" if state in (S.SUBMITTED, S.WITHDRAWN) else
                    "Thank you for your application and your time."})
            _answer_all(application, application.project_title)
            if state != S.WITHDRAWN:
                review, _ = Review.objects.get_or_create(
                    application=application, reviewer=staff, round=None,
                    defaults={"comment": "Clear and well argued."})
                for j, c in enumerate(criteria):
                    ReviewScore.objects.get_or_create(review=review, criterion=c,
                                                      defaults={"score": 1 + (i + j) % 5})
                review.total = weighted_total(
                    criteria=criteria,
                    scores={s.criterion_id: s.score for s in review.scores.all()})
                review.save(update_fields=["total"])
            total += 1
    # The demo participant has a draft in progress at pali pali's open call.
    participant = ensure_user("participant@creaconnect.test", "Lucía Ferrer")
    draft_call = Call.objects.get(slug="pali-pali-2027-open-call")
    Application.objects.get_or_create(call=draft_call, applicant=participant,
                                      defaults={"project_title": "Taller de reparación"})
    # ... and a confirmed place at the call that selected pali pali's 2026 cohort, so their
    # path reads applied → accepted → cohort (dates from the cohort's start). The cohorts
    # demo seats them, so the demo login shows training sessions, milestones and a mentor.
    selecting = Call.objects.filter(slug="pali-pali-2026-selection").first()
    if selecting is not None:
        start = timezone.make_aware(datetime.combine(SELECTION_COHORT_STARTS, time(10)))
        Application.objects.update_or_create(
            call=selecting, applicant=participant, defaults={
                "project_title": "Barrio sound archive", "state": S.CONFIRMED,
                "submitted_at": start - timedelta(days=75),
                "decided_at": start - timedelta(days=40)})
    log(f"{Call.objects.count()} calls, {total} demo applications")
