"""The open-data API (read-only, ``/api/v1/``): published projects, hubs, programme figures.

Only published, fully consented projects and credited display names (members who chose to
hide are left out); no e-mail address or other personal data. Responses are cached in Redis
under the public-version counter (so a withdrawn project disappears at once), rate limited per
client address, and open to any origin for reads (CORS).
"""

import enum
import hashlib
import math
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.http import JsonResponse
from django_scopes import scopes_disabled
from ninja import Field, NinjaAPI, Path, Query, Schema, Status
from ninja.errors import Throttled
from ninja.throttling import SimpleRateThrottle

from creaconnect.core.i18n_content import localised
from hubs.queries import public_hubs

from .models import Award, CreditedMember, LookingFor, Stage, Theme
from .queries import client_ip, filter_projects, public_projects, public_version
from .services import clean_story

API_RATE = "120/m"  # per client address; override with settings.SHOWCASE_API_RATE
CACHE_SECONDS = 300
MAX_PAGE_SIZE = 100
MAX_PAGE = 1_000_000


class ClientRateThrottle(SimpleRateThrottle):
    """Requests per client address, counted in the Django cache (Redis)."""

    scope = "open_data"

    def __init__(self):
        super().__init__(API_RATE)

    def allow_request(self, request):
        self.rate = getattr(settings, "SHOWCASE_API_RATE", API_RATE)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_ident(self, request):
        return client_ip(request)

    def get_cache_key(self, request):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def _open_for_reads(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET"
    if response.status_code == 200:
        response.setdefault("Cache-Control", f"public, max-age={min(CACHE_SECONDS, 60)}")
    return response


def _docs_decorator(view):
    def wrapped(request, *args, **kwargs):
        return _open_for_reads(view(request, *args, **kwargs))

    return wrapped


class OpenDataAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(request, data, status=status,
                                           temporal_response=temporal_response)
        return _open_for_reads(response)


api = OpenDataAPI(
    title="CreaConnect open data",
    version="1",
    description="Projects published in the CreaConnect showcase, the partner hubs and "
                "programme figures. Read-only; only published projects whose team consented.",
    urls_namespace="showcase:open_data",  # nested: the API is mounted in showcase.urls
    docs_url=None,  # the interactive docs load scripts from a CDN, which our CSP forbids
    docs_decorator=_docs_decorator,
    throttle=[ClientRateThrottle()],
)


def not_found(request, rest=""):
    """Any other path under the API: a JSON 404, like the API's own."""
    return JsonResponse({"detail": "Not found"}, status=404)


@api.exception_handler(Throttled)
def _throttled(request, exc):
    """429 as JSON, saying when to come back."""
    response = api.create_response(request, {"detail": "Too many requests."}, status=429)
    response["Retry-After"] = str(max(1, math.ceil(exc.wait or 60)))
    return response


# --- Schemas ----------------------------------------------------------------------------

class AwardOut(Schema):
    title: str
    given_by: str
    year: int | None


class ProjectOut(Schema):
    slug: str
    title: str
    tagline: str
    url: str
    hub: str
    hub_name: str
    theme: str
    stage: str
    disciplines: list[str]
    countries: list[str]
    looking_for: list[str]
    team: list[str]
    awards: list[AwardOut]
    cover: str | None
    source: str
    published_at: datetime | None


class ProjectDetailOut(ProjectOut):
    story_html: str
    images: list[str]
    video_url: str
    website: str


class ProjectPage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    next: str | None
    previous: str | None
    results: list[ProjectOut]


class HubOut(Schema):
    slug: str
    name: str
    city: str
    country: str
    website: str
    url: str
    published_projects: int


class FiguresOut(Schema):
    published_projects: int
    hubs: int
    countries: int
    award_winning_projects: int
    by_hub: dict[str, int]
    by_theme: dict[str, int]
    by_stage: dict[str, int]
    by_looking_for: dict[str, int]


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: list[dict]


# Every error the API can answer, all JSON: 400 for a request refused before any view runs
# (NUL byte, overlong query string: creaconnect.core.middleware.HostileRequestMiddleware),
# 422 for a parameter that does not fit this schema, 429 past the rate limit (Retry-After).
ERRORS = {400: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut}
# Text parameters never carry a NUL byte (refused with 400 before the API sees them).
NO_NUL = r"^[^\x00]*$"


# The site's languages, for ``?lang=``: the team's own translations where they wrote one, the
# original text otherwise. Without ``lang`` the original texts are given.
Lang = enum.Enum("Lang", {code.replace("-", "_"): code for code, _name in settings.LANGUAGES},
                 type=str)


class ProjectFilters(Schema):
    lang: Lang | None = None
    q: str | None = Field(None, max_length=200, pattern=NO_NUL)
    theme: Theme | None = None
    hub: str | None = Field(None, max_length=100, pattern=NO_NUL)
    country: str | None = Field(None, max_length=100, pattern=NO_NUL)
    stage: Stage | None = None
    looking_for: LookingFor | None = None
    awards: bool = False
    page: int = 1
    page_size: int = 20


# --- Helpers ----------------------------------------------------------------------------

def _abs(path: str) -> str:
    # Public images may already be absolute (object storage, a CDN: MEDIA_PUBLIC_URL).
    return path if "://" in path else settings.SITE_URL + path


def _cached(request, build):
    """Cache the data of a GET by its full path and the public version."""
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    key = f"showcase:api:{public_version()}:{digest}"
    data = cache.get(key)
    if data is None:
        data = build()
        cache.set(key, data, CACHE_SECONDS)
    return data


def _with_related(qs):
    return qs.prefetch_related(
        Prefetch("members", queryset=CreditedMember.objects.filter(hidden=False)),
        Prefetch("awards", queryset=Award.objects.all()))


def _project_data(p, lang: str | None = None) -> dict:
    return {
        "slug": p.slug, "title": _text(p, "title", lang), "tagline": _text(p, "tagline", lang),
        "url": _abs(p.get_absolute_url()), "hub": p.hub.slug, "hub_name": p.hub.name,
        "theme": p.theme, "stage": p.stage, "disciplines": list(p.disciplines),
        "countries": list(p.countries), "looking_for": list(p.looking_for),
        "team": [m.display_name for m in p.members.all()],
        "awards": [{"title": a.title, "given_by": a.given_by, "year": a.year}
                   for a in p.awards.all()],
        "cover": _abs(p.cover.url) if p.cover else None,
        "source": p.source_label, "published_at": p.published_at,
    }


def _text(p, field: str, lang: str | None) -> str:
    return localised(p, field, lang) if lang else getattr(p, field)


# --- Endpoints --------------------------------------------------------------------------

@api.get("/projects", response={200: ProjectPage, **ERRORS}, tags=["projects"],
         summary="Published projects, filterable like the gallery")
def list_projects(request, filters: Query[ProjectFilters]):
    page_size = max(1, min(filters.page_size, MAX_PAGE_SIZE))
    page = max(1, min(filters.page, MAX_PAGE))  # a huge page would overflow the SQL OFFSET

    def build():
        with scopes_disabled():  # open data: every hub's published projects
            qs = filter_projects(
                public_projects(), q=filters.q or "",
                theme=filters.theme.value if filters.theme else "", hub=filters.hub or "",
                country=(filters.country or "").upper(),
                stage=filters.stage.value if filters.stage else "",
                looking_for=filters.looking_for.value if filters.looking_for else "",
                awards=filters.awards)
            if not filters.q:
                qs = qs.order_by("-published_at", "pk")
            count = qs.count()
            start = (page - 1) * page_size
            lang = filters.lang.value if filters.lang else None
            results = [_project_data(p, lang)
                       for p in _with_related(qs[start:start + page_size])]
        pages = max(1, math.ceil(count / page_size))
        base = _abs(request.path)
        params = request.GET.copy()

        def link(n):
            params["page"] = n
            return f"{base}?{params.urlencode()}"

        return {"count": count, "page": page, "pages": pages, "page_size": page_size,
                "next": link(page + 1) if page < pages else None,
                "previous": link(page - 1) if page > 1 else None, "results": results}

    return _cached(request, build)


@api.get("/projects/{slug}", response={200: ProjectDetailOut, 404: ErrorOut, **ERRORS},
         tags=["projects"], summary="One published project")
def get_project(request, slug: str = Path(..., max_length=200, pattern=NO_NUL),
                lang: Lang | None = None):
    code = lang.value if lang else None

    def build():
        with scopes_disabled():  # open data: any hub's published project
            p = (_with_related(public_projects().filter(slug=slug))
                 .prefetch_related("images").first())
            if p is None:
                return None
            return {**_project_data(p, code), "story_html": clean_story(_text(p, "story", code)),
                    "video_url": p.video_url, "website": p.website,
                    "images": [_abs(i.image.url) for i in p.images.all()]}

    data = _cached(request, build)
    if data is None:
        return Status(404, {"detail": "Not found"})
    return Status(200, data)


@api.get("/hubs", response={200: list[HubOut], **ERRORS}, tags=["hubs"], summary="The partner hubs")
def list_hubs(request):
    def build():
        with scopes_disabled():  # counts over every hub's published projects
            counts = dict(public_projects().order_by().values_list("hub_id")
                          .annotate(n=Count("pk"))
                          .values_list("hub_id", "n"))
        return [{"slug": h.slug, "name": h.name, "city": h.city, "country": str(h.country),
                 "website": h.website, "url": _abs(h.get_absolute_url()),
                 "published_projects": counts.get(h.pk, 0)} for h in public_hubs()]

    return _cached(request, build)


@api.get("/figures", response={200: FiguresOut, **ERRORS}, tags=["figures"],
         summary="Aggregate figures of the showcase")
def figures(request):
    def build():
        with scopes_disabled():  # programme-wide figures
            rows = list(public_projects().annotate(
                has_award=Exists(Award.objects.filter(project=OuterRef("pk"))))
                .values_list("hub__slug", "theme", "stage", "countries", "looking_for",
                             "has_award"))
            n_hubs = public_hubs().count()
        by_hub, by_theme, by_stage, by_looking = {}, {}, {}, {}
        countries = set()
        for hub, theme, stage, codes, looking, _award in rows:
            by_hub[hub] = by_hub.get(hub, 0) + 1
            by_theme[theme] = by_theme.get(theme, 0) + 1
            by_stage[stage] = by_stage.get(stage, 0) + 1
            for value in looking:
                by_looking[value] = by_looking.get(value, 0) + 1
            countries.update(codes)
        return {"published_projects": len(rows), "hubs": n_hubs,
                "countries": len(countries),
                "award_winning_projects": sum(1 for r in rows if r[5]),
                "by_hub": by_hub, "by_theme": by_theme, "by_stage": by_stage,
                "by_looking_for": by_looking}

    return _cached(request, build)


# --- Hackathons and their published results ----------------------------------------------

RESULTS_CACHE_SECONDS = 60  # results change rarely; a minute of staleness at most


class RankedTeamOut(Schema):
    rank: int
    team: str
    project: str
    challenge: str | None = None
    normalised_score: float | None = None
    raw_score: float | None = None


class PrizeOut(Schema):
    name: str
    category: str
    winner: str | None = None


class HackathonOut(Schema):
    slug: str
    title: str
    theme: str
    host_hub: str
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    url: str
    results_published_at: datetime | None = None
    ranking: list[RankedTeamOut]
    prizes: list[PrizeOut]


@api.get("/hackathons", response={200: list[HackathonOut], **ERRORS}, tags=["hackathons"],
         summary="Hackathons whose results are published, with ranking and prizes")
def list_hackathons(request):
    """Only hackathons with published results; teams appear by team name, never by person."""
    from hackathons.queries import published_results

    key = "showcase:api:hackathons:v1"
    data = cache.get(key)
    if data is None:
        events = published_results()
        data = [{
            "slug": h.slug, "title": h.title, "theme": h.theme, "host_hub": h.hub.slug,
            "starts_at": h.starts_at, "ends_at": h.ends_at,
            "url": _abs(h.get_absolute_url()), "results_published_at": h.results_published_at,
            "ranking": [{"rank": s.rank, "team": s.team.name, "project": s.title,
                         "challenge": s.challenge.title if s.challenge else None,
                         "normalised_score": s.normalised_score, "raw_score": s.raw_score}
                        for s in h.ranked],
            "prizes": [{"name": p.name, "category": p.category,
                        "winner": p.winner.name if p.winner else None} for p in h.prize_list],
        } for h in events]
        cache.set(key, data, RESULTS_CACHE_SECONDS)
    return data
