"""Public pages: home, hub list, hub page, and the stylesheet of hub colours."""

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from creaconnect.core.cache import cache_public_page
from creaconnect.core.registry import open_now_providers

from ..models import Hub
from ..queries import public_hubs

THEME_CACHE_KEY = "hubs:theme-css:v2"


@cache_public_page("hubs", "programme", "hackathons")
def home(request):
    open_now = []
    for provider in open_now_providers:
        open_now.extend(provider(request))
    open_now.sort(key=lambda item: item["until"])
    return render(request, "hubs/home.html", {"hubs": public_hubs(), "open_now": open_now[:6]})


@cache_public_page("hubs")
def hub_list(request):
    return render(request, "hubs/hub_list.html", {"hubs": public_hubs()})


@cache_public_page("hubs", "programme", "hackathons")
def hub_detail(request, slug):
    hub = get_object_or_404(Hub, slug=slug)
    open_now = []
    for provider in open_now_providers:
        open_now.extend(item for item in provider(request) if item.get("hub_id") == hub.pk)
    return render(request, "hubs/hub_detail.html", {"hub": hub, "open_now": open_now})


@require_GET
def theme_css(request):
    """Each hub's brand colour as a CSS class, so no page needs an inline style (CSP).

    ``--hub`` is a fill that carries ``--hub-ink`` text at 4.5:1 or more, ``--hub-text`` the
    colour as text on the light page backgrounds, ``--hub-brand`` the colour as chosen (for
    decoration only): see ``creaconnect.core.colour.hub_palette``.
    """
    css = cache.get(THEME_CACHE_KEY)
    if css is None:
        rules = []
        for hub in Hub.objects.only("slug", "brand_colour"):
            p = hub.palette
            rules.append(f".hub-{hub.slug}{{--hub:{p['fill']};--hub-ink:{p['ink']};"
                         f"--hub-text:{p['text']};--hub-brand:{p['brand']};}}")
        css = "\n".join(rules) + "\n"
        cache.set(THEME_CACHE_KEY, css, 3600)
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response
