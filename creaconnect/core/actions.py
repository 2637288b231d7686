"""One URL per action: a small POST-only view that changes one thing, then goes back.

A page shows forms whose ``action`` is the URL of one move (``…/staff/<pk>/remove/``); that
URL's view finds its object, asks for confirmation when the move destroys or withdraws, calls
one service and redirects to the page with a message. The app's error (``errors``) becomes an
error message on the page, never a 500. GET on an action URL answers 405: nothing changes on
GET (``tests/trust/test_get_is_safe.py``), and no view branches on an ``action`` field
(``tests/core/test_one_url_per_action.py``).

Subclasses put permission and tenancy checks in a shared base per app (a mixin placed before
this class), implement :meth:`act` and :meth:`back_url`.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views import View

from .confirm import confirmation_required


class ActionView(View):
    """POST only: ``act()`` returns a response (a form error page, a confirmation) or None
    (then the page at ``back_url()`` is shown again)."""

    http_method_names = ["post"]
    errors: tuple[type[Exception], ...] = ()

    def back_url(self) -> str:
        raise NotImplementedError

    def check(self, request) -> None:
        """Refuse the action before anything is read: raise one of ``errors`` (a message on
        the page) or ``Http404``."""

    def act(self, request, **kwargs) -> HttpResponse | None:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        try:
            self.check(request)
            response = self.act(request, **kwargs)
        except self.errors as exc:
            messages.error(request, str(exc))
            return redirect(self.back_url())
        return response or redirect(self.back_url())

    def confirm(self, **texts) -> HttpResponse | None:
        """The confirmation page until the POST carries ``confirmed=1``; its "Cancel" goes
        back to the page (an action URL answers no GET)."""
        return confirmation_required(self.request, cancel_url=self.back_url(), **texts)

    def done(self, message: str) -> None:
        messages.success(self.request, message)
