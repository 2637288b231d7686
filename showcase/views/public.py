"""Public showcase pages: the gallery, a project's page, expressing interest, the event.

The showcase spans every hub on purpose, so its reads run inside ``scopes_disabled()`` and
go through :mod:`showcase.queries`, which only returns consented, published projects.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_scopes import scopes_disabled

from creaconnect.core.cache import cache_public_page
from creaconnect.core.i18n_content import localised
from creaconnect.core.ratelimit import enforce
from hubs.queries import public_hubs

from .. import services
from ..forms import GalleryFilterForm, InterestForm
from ..models import AgendaItem
from ..queries import (
    client_ip,
    current_event,
    gallery_projects,
    project_for_page,
    public_countries,
    public_projects,
    related_projects,
)

PAGE_SIZE = 12


def language_links(path: str) -> list[tuple[str, str]]:
    """``(lang_code, absolute URL)`` of ``path`` in every UI language (hreflang)."""
    links = []
    for code, _name in settings.LANGUAGES:
        links.append((code, settings.SITE_URL + translate_url(path, code)))
    return links


def canonical(path: str) -> str:
    return settings.SITE_URL + path


def wants_fragment(request, target: str) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request and htmx.target == target


@require_GET
@cache_public_page("showcase", "hubs")
def gallery(request):
    with scopes_disabled():  # the public gallery shows every hub's published projects
        hubs = public_hubs()  # evaluated once by the form, reused by the page
        form = GalleryFilterForm(request.GET or None, hubs=hubs,
                                 country_codes=public_countries())
        filters = form.filters() if request.GET else {}
        paginator = Paginator(gallery_projects(**filters), PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        projects = list(page.object_list)
    context = {"form": form, "page": page, "projects": projects, "filters": filters,
               "hubs": hubs, "canonical": canonical(request.path),
               "language_links": language_links(request.path)}
    if wants_fragment(request, "results"):
        response = render(request, "showcase/gallery.html#results", context)
        # Push a tidy address (no empty filters) into the browser history.
        params = request.GET.copy()
        for key in [k for k, v in params.items() if v in ("", None)]:
            del params[key]
        response["HX-Push-Url"] = request.path + (f"?{params.urlencode()}" if params else "")
    else:
        response = render(request, "showcase/gallery.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _project_page(request, project, form=None, status=200):
    return render(request, "showcase/project.html", {
        "project": project,
        "story_html": services.clean_story(localised(project, "story")),
        "team": list(project.members.all()),  # prefetched: visible members only
        "images": list(project.images.all()),
        "awards": list(project.awards.all()),
        "related": related_projects(project),
        "form": form or InterestForm(),
        "canonical": canonical(project.get_absolute_url()),
        "language_links": language_links(project.get_absolute_url()),
        "cover_url": urljoin(settings.SITE_URL + "/", project.cover.url) if project.cover else "",
    }, status=status)


@require_GET
@cache_public_page("showcase", "hubs", "hackathons", "accounts")
def project_detail(request, slug):
    project = project_for_page(slug)
    if project is None:
        raise Http404
    return _project_page(request, project)


@require_POST
def express_interest(request, slug):
    project = project_for_page(slug)
    if project is None:
        raise Http404
    if request.user.is_authenticated:  # visitors are limited per address in the service
        enforce(request, "interest")
    form = InterestForm(request.POST)
    fragment = wants_fragment(request, "interest")
    if form.is_valid():
        if form.is_spam():
            sent = True  # pretend: a bot learns nothing from the answer
        else:
            try:
                services.send_interest(
                    project=project, ip=client_ip(request),
                    **{k: v for k, v in form.cleaned_data.items() if k != "website"})
                sent = True
            except services.RateLimited as exc:
                form.add_error(None, str(exc))
                sent, status = False, 429
            except services.ShowcaseError as exc:
                form.add_error(None, str(exc))
                sent, status = False, 422
        if sent:
            if fragment:
                return render(request, "showcase/project.html#interest",
                              {"project": project, "sent": True, "form": InterestForm()})
            messages.success(request, _("Thank you. Your message was sent to the team."))
            return redirect(project.get_absolute_url() + "#interest")
    else:
        status = 422
    if fragment:
        # htmx 2 does not swap 4xx answers: the fragment with its errors goes out as 200.
        return render(request, "showcase/project.html#interest",
                      {"project": project, "form": form})
    return _project_page(request, project, form=form, status=status)


@require_GET
def event(request):
    ev = current_event()
    projects = agenda = []
    if ev is not None:
        agenda = list(AgendaItem.objects.filter(event=ev))
        with scopes_disabled():  # presented projects come from every hub
            projects = list(public_projects().filter(events=ev).order_by("title"))
    return render(request, "showcase/event.html", {
        "event": ev, "agenda": agenda, "projects": projects,
        "canonical": canonical(request.path), "language_links": language_links(request.path),
    })
