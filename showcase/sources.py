"""Where a showcase project can come from: a hackathon submission or a programme
participant's project. The project links to them by foreign key (``from_team``,
``from_submission``, ``from_cohort_member``); the apps that own those rows are read through
loaders registered here (showcase → hackathons / programme is the allowed import
direction), so the console can pre-fill a new project from ``?source_kind=&source_id=``.

A loader is ``(hub, source_id) -> dict | None``: initial form values (title, tagline, story,
theme, disciplines, countries, source_label, ...) or ``None`` when the row is not found in
that hub.
"""

from collections.abc import Callable

SOURCE_LOADERS: dict[str, Callable] = {}


def register_loader(kind: str):
    def decorator(func):
        SOURCE_LOADERS[kind] = func
        return func

    return decorator


def initial_from_source(hub, kind: str, source_id) -> dict:
    """Initial values for a new project carried over from its source, or ``{}``."""
    loader = SOURCE_LOADERS.get(kind)
    try:
        source_id = int(source_id)
    except (TypeError, ValueError):
        return {}
    data = loader(hub, source_id) if loader else None
    if not data:
        return {}
    if kind == "hackathon_submission":
        data.setdefault("from_submission", source_id)
    return data


def _countries_and_disciplines(users) -> tuple[list[str], list[str]]:
    from creaconnect.accounts.models import Profile

    countries, disciplines = [], []
    for profile in Profile.objects.filter(user__in=users):
        if profile.country and str(profile.country) not in countries:
            countries.append(str(profile.country))
        for d in profile.disciplines:
            if d not in disciplines:
                disciplines.append(d)
    return countries, disciplines


def _theme_for(text: str) -> str:
    """Best-effort theme from a hackathon's theme wording (staff can change it)."""
    from .models import Theme

    lowered = text.lower()
    for key, words in {Theme.CLIMATE: ("climate", "circular"), Theme.INCLUSION: ("inclusion",),
                       Theme.URBAN: ("urban", "regeneration"),
                       Theme.HERITAGE: ("heritage", "digital"),
                       Theme.BUSINESS: ("business", "model")}.items():
        if any(w in lowered for w in words):
            return key
    return ""


@register_loader("hackathon_submission")
def load_hackathon_submission(hub, source_id):
    """A submitted team project of a hackathon hosted by ``hub``."""
    from hackathons.queries import submitted_project

    project = submitted_project(hub, source_id)
    if project is None:
        return None
    countries, disciplines = _countries_and_disciplines(project["members"])
    return {
        "title": project["title"], "tagline": project["summary"][:200],
        "story": project["description"], "theme": _theme_for(project["theme"]),
        "countries": countries, "disciplines": disciplines,
        "video_url": project["video_url"], "source_label": project["label"],
    }


@register_loader("programme_project")
def load_programme_project(hub, source_id):
    """A programme participant's project: a confirmed application of one of ``hub``'s calls."""
    from programme.queries import accepted_project

    project = accepted_project(hub, source_id)
    if project is None:
        return None
    texts = project["texts"]
    countries, disciplines = _countries_and_disciplines([project["applicant"]])
    return {
        "title": project["title"], "tagline": (texts[0] if texts else "")[:200],
        "story": "\n\n".join(texts), "countries": countries, "disciplines": disciplines,
        "source_label": project["label"], "from_cohort_member": project["member_id"],
    }
