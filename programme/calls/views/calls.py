"""Public pages of the programme: the calls list and a call's page."""

from django.http import Http404
from django.shortcuts import render
from django_countries import countries

from creaconnect.core.cache import cache_public_page
from hubs.queries import public_hubs

from ..models import Application
from ..services.calls import public_call, public_calls


@cache_public_page("hubs", "programme")
def call_list(request):
    hub_slug = request.GET.get("hub", "")
    country = request.GET.get("country", "")
    is_open, upcoming, closed = public_calls(hub_slug=hub_slug, country=country)
    hubs = list(public_hubs())
    hub_countries = sorted({str(h.country) for h in hubs})
    return render(request, "programme/calls/list.html", {
        "open_calls": is_open, "upcoming": upcoming, "closed": closed[:12],
        "hubs": hubs, "countries": [(c, countries.name(c)) for c in hub_countries],
        "hub_slug": hub_slug, "country": country,
    })


def call_detail(request, slug):
    call = public_call(slug)
    if call is None:
        raise Http404
    mine = None
    if request.user.is_authenticated:
        from django_scopes import scope

        with scope(hub=call.hub):
            mine = Application.objects.filter(call=call, applicant=request.user).first()
    return render(request, "programme/calls/detail.html", {"call": call, "mine": mine})
