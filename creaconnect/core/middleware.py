"""Site-wide middleware: health endpoints and security headers."""

import logging
import math
from urllib.parse import unquote_plus, urlsplit

import redis
from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from .ratelimit import RateLimitExceeded, enforce

logger = logging.getLogger(__name__)


def check_database() -> bool:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.warning("readiness: database unreachable")
        return False


def check_redis() -> bool:
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        return bool(client.ping())
    except redis.RedisError:
        logger.warning("readiness: redis unreachable")
        return False
    finally:
        client.close()


class HealthCheckMiddleware:
    """Answers ``/healthz`` and ``/readyz`` before sessions, locale or the database.

    ``/healthz`` is pure liveness (no database, no template): it is also the floor the
    benchmarks compare pages against. ``/readyz`` checks PostgreSQL and Redis.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return HttpResponse("ok", content_type="text/plain")
        if request.path == "/readyz":
            checks = {"database": check_database(), "redis": check_redis()}
            ok = all(checks.values())
            return JsonResponse(
                {"status": "ok" if ok else "unavailable", "checks": checks},
                status=200 if ok else 503,
            )
        return self.get_response(request)


def _origin(url: str) -> str:
    """``scheme://host[:port]`` of an absolute URL (a CDN's ``STATIC_URL``, the public
    media's ``MEDIA_PUBLIC_URL``), or "" for a path on our own origin."""
    parts = urlsplit(url or "")
    return f" {parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


_STATIC_ORIGIN = _origin(settings.STATIC_URL)
_MEDIA_ORIGIN = _origin(getattr(settings, "MEDIA_PUBLIC_URL", ""))
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        f"script-src 'self'{_STATIC_ORIGIN}",
        f"style-src 'self'{_STATIC_ORIGIN}",
        f"img-src 'self' data:{_STATIC_ORIGIN}{_MEDIA_ORIGIN}",
        f"font-src 'self'{_STATIC_ORIGIN}",
        "connect-src 'self'",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy (no inline script or style) on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def _bad_request_page(request):
    if not hasattr(request, "user"):  # answered before the auth middleware ran
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
    return render(request, "400.html", status=400)


API_PREFIXES = ("/api/", *(f"/{code}/api/" for code, _name in settings.LANGUAGES))


class HostileRequestMiddleware:
    """Answers 400 (our error page) before any view runs for a request whose path or query
    string carries a NUL byte, or whose query string is longer than
    ``settings.MAX_QUERY_STRING_LENGTH``: no view, form or database query ever sees them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if (len(query) > settings.MAX_QUERY_STRING_LENGTH or "\x00" in request.path
                or "\x00" in unquote_plus(query) or "\x00" in request.path_info):
            if request.path_info.startswith(API_PREFIXES):  # the API answers JSON only
                return JsonResponse({"detail": "Bad request"}, status=400)
            return _bad_request_page(request)
        return self.get_response(request)


DEFAULT_RETRY_AFTER = 60  # seconds, for a 429 that did not say when to come back


class RateLimitMiddleware:
    """Per-user limits (creaconnect.core.ratelimit): any POST carrying a file counts against
    the ``upload`` scope; a ``RateLimitExceeded`` raised by a view becomes the 429 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 429 and not response.has_header("Retry-After"):
            response["Retry-After"] = str(DEFAULT_RETRY_AFTER)  # any other throttled answer
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method == "POST" and request.content_type == "multipart/form-data" and \
                getattr(request, "user", None) is not None and request.user.is_authenticated \
                and any(f.size for f in request.FILES.values()):
            try:
                enforce(request, "upload")
            except RateLimitExceeded as exc:
                return too_many_requests(request, exc)
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimitExceeded):
            return too_many_requests(request, exception)
        return None


def too_many_requests(request, exc):
    """The translated 429 page with ``Retry-After`` (seconds)."""
    return throttled_page(request, exc.retry_after)


def throttled_page(request, retry_after: int):
    response = render(request, "429.html",
                      {"retry_minutes": max(1, math.ceil(retry_after / 60))}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


# allauth's limits by the page that consumes them (allauth.account.app_settings.RATE_LIMITS).
ALLAUTH_ACTIONS = {
    "account_login": ("login", "login_failed"),
    "account_signup": ("signup",),
    "account_reset_password": ("reset_password",),
    "account_reset_password_from_key": ("reset_password_from_key",),
    "account_email": ("manage_email",),
    "account_email_verification_sent": ("confirm_email",),
    "account_confirm_email": ("confirm_email",),
    "account_change_password": ("change_password",),
    "account_reauthenticate": ("reauthenticate",),
}


def allauth_retry_after(request) -> int:
    """Seconds until allauth's limits of this page reset: the longest window among them (a
    window never exceeds it), or the longest configured window for an unknown page."""
    from allauth.account import app_settings as allauth_settings
    from allauth.core.internal.ratelimit import parse_rates

    rates = allauth_settings.RATE_LIMITS
    match = getattr(request, "resolver_match", None)
    actions = ALLAUTH_ACTIONS.get(match.url_name if match else "", tuple(rates))
    windows = [r.duration for a in actions for r in parse_rates(rates.get(a))]
    return int(max(windows, default=60))


def handler429(request, exception=None):
    """``handler429`` of the URL conf, which allauth renders when one of its limits is hit."""
    return throttled_page(request, allauth_retry_after(request))


class AtomicWritesMiddleware:
    """A request that may write (POST, PUT, PATCH, DELETE) writes all or nothing.

    The view, the session and the messages are saved in one transaction, rolled back when
    the response is a server error; a connection lost half-way leaves no half-written rows.
    Reads (GET, HEAD) take no transaction, so a cached page needs no database at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
        return response
