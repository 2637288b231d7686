"""Remember the interface language of signed-in users."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.translation import get_language_from_path

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
