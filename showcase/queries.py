"""Read-side queries of the showcase: what the public may see, and the hub's own lists.

Public functions cross hubs on purpose (the gallery shows every hub) and return only
published projects whose every credited member has approved.
"""

import re

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db.models import CharField, Count, Exists, F, Func, OuterRef, Prefetch, Q, Value
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from .models import (
    Award,
    ConsentState,
    CreditedMember,
    GalleryImage,
    ProjectState,
    ShowcaseEvent,
    ShowcaseProject,
)

VERSION_KEY = "showcase:public-version"

# What each step of a person's path is called (see :func:`person_path`).
PATH_STEP_LABELS = {
    "applied": _("Applied"), "accepted": _("Accepted"), "decided": _("Decision"),
    "cohort": _("Joined a cohort"), "milestone": _("Milestone met"),
    "certificate": _("Certificate"), "registered": _("Registered for a hackathon"),
    "team": _("Hackathon team"), "submission": _("Project submitted"), "prize": _("Prize"),
    "showcase": _("Showcase project"), "award": _("Award"),
}
_WORD = re.compile(r"\w+", re.UNICODE)


def client_ip(request) -> str:
    """The client address for rate limits. ``X-Forwarded-For`` is trusted only for the
    number of proxies in ``settings.SHOWCASE_TRUSTED_PROXIES`` (default 0): otherwise any
    client could pick a new address per request and escape the limits."""
    proxies = getattr(settings, "SHOWCASE_TRUSTED_PROXIES", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR", "")


def public_version() -> int:
    """A counter bumped whenever the public set changes; part of every cache key."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY) or 1
    return version


def bump_public_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def _all_consented():
    missing = CreditedMember.objects.filter(project=OuterRef("pk")).exclude(
        consent=ConsentState.APPROVED)
    any_member = CreditedMember.objects.filter(project=OuterRef("pk"))
    return Exists(any_member) & ~Exists(missing)


def public_projects():
    """Published projects with every consent in, across hubs.

    Must be evaluated inside ``scopes_disabled()``: the public showcase spans every hub.
    """
    return (ShowcaseProject.objects.filter(state=ProjectState.PUBLISHED)
            .filter(_all_consented())
            .select_related("hub"))


class Unnest(Func):
    function = "unnest"


class Unaccent(Func):
    """The IMMUTABLE ``public.showcase_unaccent`` wrapper (migration 0001)."""

    function = "public.showcase_unaccent"
    output_field = CharField()


def unaccent_tsquery(raw: str, config: str = "simple") -> SearchQuery:
    """``to_tsquery(config, showcase_unaccent(raw))``, matching the search vector."""
    return SearchQuery(Unaccent(Value(raw)), config=f"pg_catalog.{config}", search_type="raw")


def search_query(text: str):
    """Prefix-matching, accent-insensitive tsquery from free text: ``créa fab`` → every word
    must match, each word in any of the languages' configurations (``crea:*`` as written, or
    its English, French, Spanish or Italian stem as a prefix). Only word characters reach the
    query, so no syntax errors."""
    from .search import SEARCH_CONFIGS

    words = _WORD.findall(text or "")[:8]
    if not words:
        return None
    query = None
    for word in words:
        either = None
        for config in SEARCH_CONFIGS:
            part = unaccent_tsquery(f"{word}:*", config)
            either = part if either is None else either | part
        query = either if query is None else query & either
    return query


def filter_projects(qs, *, q="", theme="", hub="", country="", stage="", looking_for="",
                    awards=False):
    """Apply the gallery's filters (also used by the API and the CSV export)."""
    if theme:
        qs = qs.filter(theme=theme)
    if hub:
        qs = qs.filter(hub__slug=hub)
    if country:
        qs = qs.filter(countries__contains=[country])
    if stage:
        qs = qs.filter(stage=stage)
    if looking_for:
        qs = qs.filter(looking_for__contains=[looking_for])
    if awards:
        qs = qs.filter(Exists(Award.objects.filter(project=OuterRef("pk"))))
    query = search_query(q)
    if query is not None:
        qs = (qs.annotate(rank=SearchRank(F("search_vector"), query))
              .filter(search_vector=query)
              .order_by("-rank", "-published_at"))
    return qs


def gallery_projects(**filters):
    """The gallery cards: one query, with the award flag annotated."""
    qs = public_projects().annotate(
        has_award=Exists(Award.objects.filter(project=OuterRef("pk"))),
    ).only("slug", "title", "tagline", "translations", "cover_card", "cover_alt", "theme",
           "stage", "countries", "published_at", "hub__slug", "hub__name")
    return filter_projects(qs, **filters)


def public_team(project):
    return [m for m in project.members.all() if not m.hidden]


def project_for_page(slug: str):
    """A public project with what its page shows, or ``None``."""
    with scopes_disabled():  # public page: any hub's published project
        return (public_projects().filter(slug=slug)
                .prefetch_related(
                    Prefetch("members", queryset=CreditedMember.objects.filter(
                        hidden=False).order_by("order", "pk")),
                    Prefetch("images", queryset=GalleryImage.objects.order_by("order", "pk")),
                    Prefetch("awards", queryset=Award.objects.all()))
                .first())


def related_projects(project, limit=3):
    with scopes_disabled():  # related projects may come from any hub
        return list(public_projects().filter(Q(theme=project.theme) | Q(hub=project.hub_id))
                    .exclude(pk=project.pk).order_by("-published_at")[:limit])


def public_countries() -> list[str]:
    """Country codes used by public projects (for the filter), cached per public version."""
    key = f"showcase:countries:{public_version()}"
    codes = cache.get(key)
    if codes is None:
        with scopes_disabled():  # the public filter lists every hub's countries
            rows = public_projects().annotate(
                code=Unnest("countries", output_field=CharField())).values_list("code",
                                                                                flat=True)
            codes = sorted(set(rows))
        cache.set(key, codes, 3600)
    return codes


def projects_for_hub(hub):
    """The hub's own projects for the console, with consent counts."""
    return (ShowcaseProject.objects.filter(hub=hub)
            .annotate(n_members=Count("members"),
                      n_approved=Count("members", filter=Q(
                          members__consent=ConsentState.APPROVED)))
            .order_by("-updated"))


def current_event():
    return ShowcaseEvent.objects.order_by("-starts_at").first()


def consents_for_user(user):
    """A person's own credits across hubs (their consent inbox)."""
    with scopes_disabled():  # a person's credits span hubs by nature
        return list(CreditedMember.objects.filter(user=user)
                    .exclude(project__state=ProjectState.DRAFT)
                    .select_related("project", "project__hub")
                    .order_by("-project__updated"))


# --- Programme-wide figures and moderation (read by the consortium console) --------------

def showcase_figures(*, start=None, end=None) -> dict[int, dict]:
    """``{hub_id: {figure: value}}`` over ``[start, end]`` (dates, optional): projects
    published in the period (every project when no period is given, by creation), and
    interest requests received. Two queries."""
    from creaconnect.core.periods import period_q

    from .models import InterestMessage

    figures: dict[int, dict] = {}
    # Programme-wide aggregates for the consortium console: crossing hubs by design.
    with scopes_disabled():
        for row in (ShowcaseProject.objects.filter(period_q("created__date", start, end))
                    .values("hub_id").annotate(
                        projects=Count("id"),
                        published=Count("id", filter=Q(state=ProjectState.PUBLISHED)))
                    .order_by()):
            figures.setdefault(row.pop("hub_id"), {}).update(row)
        for row in (InterestMessage.objects.filter(period_q("created__date", start, end))
                    .values("project__hub_id").annotate(interest_requests=Count("id"))
                    .order_by()):
            figures.setdefault(row.pop("project__hub_id"), {}).update(row)
    return figures


def projects_for_moderation(*, hub_id=None, state=""):
    """Every hub's showcase projects for the programme's moderation queue, newest change
    first, with their hub and consent counts (one query; crosses hubs on purpose)."""
    with scopes_disabled():
        qs = ShowcaseProject.objects.select_related("hub").annotate(
            n_members=Count("members"),
            n_approved=Count("members", filter=Q(members__consent=ConsentState.APPROVED)))
        if hub_id:
            qs = qs.filter(hub_id=hub_id)
        if state:
            qs = qs.filter(state=state)
        return qs.order_by("-updated", "-pk")


def project_for_moderation(pk: int):
    """One project of any hub, for a programme admin's moderation move."""
    with scopes_disabled():  # the programme's queue spans hubs
        return ShowcaseProject.objects.select_related("hub").filter(pk=pk).first()


# --- a person's path and a project's lineage -----------------------------------------------------

def path_steps_for_person(user, *, hub_ids=None) -> list[dict]:
    """The showcase steps of ``user``'s path: the projects they are credited on or that grew
    from their hackathon team or cohort membership, and those projects' awards. Steps are
    dicts like :func:`programme.queries.path_steps_for_person`'s (plus ``url`` when the
    project is public); ``hub_ids`` keeps those hubs' projects (``None``: every hub). Two
    queries, whatever the number of steps."""
    hub_q = {} if hub_ids is None else {"hub_id__in": hub_ids}
    # Crossing hubs on purpose: one person's path; the caller decides which hubs it may see.
    with scopes_disabled():
        projects = list(
            ShowcaseProject.objects.filter(
                Q(members__user=user) | Q(from_team__memberships__user=user)
                | Q(from_cohort_member__user=user), **hub_q)
            .distinct().select_related("hub")
            .prefetch_related(Prefetch("awards", queryset=Award.objects.all())))
    steps = []
    for p in projects:
        base = {"hub_id": p.hub_id, "hub_name": p.hub.name}
        url = p.get_absolute_url() if p.state == ProjectState.PUBLISHED else ""
        steps.append({**base, "kind": "showcase", "at": p.published_at or p.created,
                      "title": p.title, "detail": p.get_state_display(), "url": url})
        for a in p.awards.all():
            steps.append({**base, "kind": "award", "at": p.published_at or p.created,
                          "title": a.title, "detail": p.title, "url": url})
    return steps


def project_lineage(project) -> dict:
    """Where ``project`` grew from: ``team`` (see :func:`hackathons.queries.team_lineage`)
    and ``cohort`` (see :func:`programme.queries.member_lineage`), each ``None`` when it did
    not grow from one. At most three queries."""
    from hackathons.queries import team_lineage
    from programme.queries import member_lineage

    return {"team": team_lineage(project.from_team_id),
            "cohort": member_lineage(project.from_cohort_member_id)}


def person_path(user, *, hub_ids=None) -> list[dict]:
    """``user``'s whole path across the three actions (programme, hackathons, showcase),
    oldest step first; each step also carries its translated ``label``. ``hub_ids`` keeps
    only what those hubs touched. A fixed number of queries (nine), whatever the path."""
    from hackathons.queries import path_steps_for_person as hackathon_steps
    from programme.queries import path_steps_for_person as programme_steps

    steps = (programme_steps(user, hub_ids=hub_ids) + hackathon_steps(user, hub_ids=hub_ids)
             + path_steps_for_person(user, hub_ids=hub_ids))
    for step in steps:
        step["label"] = PATH_STEP_LABELS.get(step["kind"], "")
    return sorted(steps, key=lambda s: s["at"])
