"""Resolve the hub of a console URL, check its staff, and run the view inside its scope."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import Resolver404, resolve
from django_scopes import scope

from .models import Hub


class HubScopeMiddleware:
    """Console URLs are the ones with a ``hub_slug`` argument (``/manage/<hub_slug>/...``).

    Unknown hub or a user who is neither its staff nor a programme admin: 404, so another
    hub's console does not even confirm that the hub exists. The scope is entered only when a
    hub was resolved: ``scope(hub=None)`` would mean "no filter" to django-scopes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.hub = None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        slug = match.kwargs.get("hub_slug")
        if slug is None:
            return self.get_response(request)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        hub = Hub.objects.filter(slug=slug).first()
        if hub is None or not request.user.has_perm("hubs.view_console", hub):
            raise Http404
        request.hub = hub
        with scope(hub=hub):
            return self.get_response(request)
