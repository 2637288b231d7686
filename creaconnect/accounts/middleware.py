"""Per-request account rules: interface language, second factor for consoles, staff idle
timeout."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import get_language_from_path, ngettext
from django.utils.translation import gettext as _

_PREFIXED = {code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE}
_SKIP = ("/static/", "/media/", "/dev/", "/admin/", "/i18n/", "/healthz", "/readyz")


class UserLanguageMiddleware:
    """Send a signed-in user who chose another language to the prefixed URL.

    English URLs carry no prefix, so without this a French-speaking user who opens ``/``
    would see English even though they chose French. Only plain page GETs are redirected.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            request.method == "GET"
            and user.is_authenticated
            and user.preferred_language in _PREFIXED
            and not request.headers.get("HX-Request")
            and not request.path.startswith(_SKIP)
            and get_language_from_path(request.path_info) is None
        ):
            target = f"/{user.preferred_language}{request.get_full_path()}"
            return HttpResponseRedirect(target)
        return self.get_response(request)


# --- Second factor for consoles, idle timeout for staff ----------------------------------

MFA_NEXT_SESSION_KEY = "cc_mfa_setup_next"
LAST_SEEN_SESSION_KEY = "cc_last_seen"
PRIVILEGED_SESSION_KEY = "cc_privileged"
# Writing the session on every request would cost a database write per page: the
# last-activity stamp is refreshed at most this often (seconds).
_LAST_SEEN_RESOLUTION = 60


def is_console_path(path_info: str) -> bool:
    """Console pages are recognised by their URL prefix (``settings.CONSOLE_PATH_PREFIXES``):
    ``/manage/<hub>/...`` (every hub console namespace), the programme-wide outbox and reports,
    and Django admin, with or without a language prefix."""
    lang = get_language_from_path(path_info)
    if lang:
        path_info = path_info[len(lang) + 1:]
    return path_info.startswith(tuple(settings.CONSOLE_PATH_PREFIXES))


class MFARequiredMiddleware:
    """Hub staff, programme admins and Django admin users reach no console page without TOTP.

    Such a user without an authenticator is sent to allauth's TOTP activation page with a
    message; the page they wanted is kept in the session and offered again once the codes are
    shown. A user with TOTP signs in with password and code (allauth's login stage).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .services import has_totp, needs_mfa

        user = request.user
        if user.is_authenticated and is_console_path(request.path_info):
            if has_totp(user):
                request.session.pop(MFA_NEXT_SESSION_KEY, None)
            elif needs_mfa(user):
                return self._require_setup(request)
        return self.get_response(request)

    def _require_setup(self, request):
        if request.method == "GET":
            request.session[MFA_NEXT_SESSION_KEY] = request.get_full_path()
        messages.warning(request, _(
            "Hub staff and programme admins must turn on two-factor authentication before "
            "opening a console: confirm your password if asked, then scan the QR code with an "
            "authenticator app and enter the six-digit code it shows."))
        target = reverse("mfa_activate_totp")
        nxt = request.session.get(MFA_NEXT_SESSION_KEY)
        if nxt:
            target += "?" + urlencode({"next": nxt})
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)


class StaffIdleTimeoutMiddleware:
    """Sign out hub staff and admins after ``STAFF_SESSION_IDLE_SECONDS`` without a request.

    Participants are not affected. Only this session ends (the user's other devices stay
    signed in); the person lands on the login page with a message and a ``next`` back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .services import needs_mfa

        user = request.user
        if user.is_authenticated:
            session = request.session
            privileged = session.get(PRIVILEGED_SESSION_KEY)
            # Re-checked on console pages: someone who just became staff is timed out too.
            if privileged is None or (not privileged and is_console_path(request.path_info)):
                fresh = needs_mfa(user)
                if fresh != privileged:  # written only when it changes: no needless save
                    session[PRIVILEGED_SESSION_KEY] = fresh
                privileged = fresh
            if privileged:
                now = int(time.time())
                last = session.get(LAST_SEEN_SESSION_KEY)
                if last is not None and now - last > settings.STAFF_SESSION_IDLE_SECONDS:
                    return self._time_out(request)
                if last is None or now - last >= _LAST_SEEN_RESOLUTION:
                    session[LAST_SEEN_SESSION_KEY] = now
        return self.get_response(request)

    def _time_out(self, request):
        request.cc_idle_logout = True  # the logout signal then ends this session only
        logout(request)
        minutes = max(1, settings.STAFF_SESSION_IDLE_SECONDS // 60)
        messages.info(request, ngettext(
            "You were signed out after %(minutes)d minute without activity. Please sign in "
            "again.",
            "You were signed out after %(minutes)d minutes without activity. Please sign in "
            "again.", minutes) % {"minutes": minutes})
        if getattr(request, "htmx", False):  # a fragment request: send the whole page away
            response = HttpResponse(status=204)
            response["HX-Redirect"] = redirect_to_login(request.headers.get(
                "HX-Current-URL") or reverse(settings.LOGIN_REDIRECT_URL))["Location"]
            return response
        if request.method == "GET":
            return redirect_to_login(request.get_full_path())
        return redirect_to_login(reverse(settings.LOGIN_REDIRECT_URL))
