"""What the showcase search reads besides the title, tagline and story.

``search_text`` is stored on each project (``ShowcaseProject.search_text``, refreshed on save
and when a hub is renamed) and fed, with the title, tagline and story, to the IMMUTABLE SQL
function ``showcase_search_vector_v2`` (migration 0005) behind the generated
``search_vector`` column. It holds the theme, disciplines (tags) and "looking for" labels in
every site language, so "régénération", "regeneration" and "rigenerazione" all find the
theme "Regeneration of urban spaces"; the hub's name and city; the source label (hackathon
or cohort); and, for a hackathon project, the challenge it answered.

The vector is built once per text search configuration in ``SEARCH_CONFIGS`` (stemming per
language; ``simple`` for Serbian and for prefix matching) on unaccented text, and the query
(:func:`showcase.queries.unaccent_tsquery`) asks each configuration in turn.
"""

from django.conf import settings
from django.utils import translation

# PostgreSQL text search configurations, one per site language (Serbian has none of its own
# stemming in PostgreSQL that suits Latin script, so it shares ``simple``).
SEARCH_CONFIGS = ("simple", "english", "french", "spanish", "italian")
SEARCH_FIELDS = {"theme", "disciplines", "looking_for", "hub", "hub_id", "source_label",
                 "from_submission", "from_submission_id"}


def _labels(choices: dict, codes) -> list[str]:
    out = []
    for code, _code in settings.LANGUAGES:
        with translation.override(code):
            out.extend(str(choices[c]) for c in codes if c in choices)
    return out


def challenge_title(submission_id) -> str:
    """The challenge a hackathon project answered ("" for anything else)."""
    if not submission_id:
        return ""
    from hackathons.queries import submission_challenge_title

    return submission_challenge_title(submission_id)


def search_text(*, theme: str, disciplines, looking_for, hub_name: str, hub_city: str,
                source_label: str = "", challenge: str = "") -> str:
    """The extra searchable text of one project (labels in every language, deduplicated)."""
    from .models import Discipline, LookingFor, Theme

    parts = _labels(dict(Theme.choices), [theme] if theme else [])
    parts += _labels(dict(Discipline.choices), disciplines or [])
    parts += _labels(dict(LookingFor.choices), looking_for or [])
    parts += [hub_name, hub_city, source_label, challenge]
    seen, out = set(), []
    for part in parts:
        if part and part not in seen:
            seen.add(part)
            out.append(part)
    return " · ".join(out)


def search_text_for(project) -> str:
    hub = project.hub
    return search_text(theme=project.theme, disciplines=project.disciplines,
                       looking_for=project.looking_for, hub_name=hub.name, hub_city=hub.city,
                       source_label=project.source_label,
                       challenge=challenge_title(project.from_submission_id))


def refresh_for_hub(sender, instance, created=False, raw=False, **kwargs):
    """``post_save`` of a hub: its projects' ``search_text`` carries its name and city."""
    if created or raw:
        return
    from django_scopes import scopes_disabled

    from .models import ShowcaseProject

    with scopes_disabled():  # a hub's own projects, refreshed after a change of that hub
        for project in ShowcaseProject.objects.filter(hub=instance).select_related("hub"):
            text = search_text_for(project)
            if text != project.search_text:
                ShowcaseProject.objects.filter(pk=project.pk).update(search_text=text)
