"""One confirmation step for every POST that destroys or withdraws.

A destructive branch calls :func:`confirmation_required` after it has found its object and
before it calls the service. A POST without ``confirmed=1`` gets the shared confirmation page
(``components/confirm.html``, status 200) and nothing changes; its "Yes, …" button re-posts the
same fields plus ``confirmed=1``, a plain form, so it works without JavaScript. The guard
``tests/trust/test_confirmations.py`` crawls every role's forms and fails on a destructive
button that changes something without this step.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

CONFIRM_FIELD = "confirmed"
_NOT_REPOSTED = {"csrfmiddlewaretoken", CONFIRM_FIELD}


def is_confirmed(request: HttpRequest) -> bool:
    return request.POST.get(CONFIRM_FIELD) == "1"


def _back_url(request: HttpRequest, cancel_url: str | None) -> str:
    if cancel_url:
        return cancel_url
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()},
                                                   require_https=request.is_secure()):
        return referer
    return request.get_full_path()


def confirmation_required(request: HttpRequest, *, title: str, consequence: str,
                          confirm_label: str, thing: str = "", undo: str = "",
                          cancel_url: str | None = None) -> HttpResponse | None:
    """None when the POST is confirmed; otherwise the confirmation page, changing nothing.

    ``title`` asks the question, ``consequence`` says in a sentence what will happen,
    ``thing`` names the object, ``undo`` says whether (and how) it can be undone, and
    ``confirm_label`` is the button ("Yes, remove …").
    """
    if is_confirmed(request):
        return None
    fields = [(name, value) for name in request.POST if name not in _NOT_REPOSTED
              for value in request.POST.getlist(name)]
    match = request.resolver_match
    in_console = bool(match and match.kwargs.get("hub_slug")
                      and getattr(request, "hub", None) is not None)
    response = render(request, "components/confirm.html", {
        "base_template": "hubs/console/base.html" if in_console else "base.html",
        "title": title, "consequence": consequence, "confirm_label": confirm_label,
        "thing": thing, "undo": undo, "fields": fields, "confirm_field": CONFIRM_FIELD,
        "action": request.get_full_path(), "cancel_url": _back_url(request, cancel_url),
    })
    if getattr(request, "htmx", False):
        # An htmx button asked for a fragment: show the whole page instead (the page's own
        # form then posts without htmx).
        response["HX-Retarget"] = "body"
        response["HX-Reswap"] = "innerHTML"
    return response
