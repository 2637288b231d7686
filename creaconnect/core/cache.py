"""Versioned cache keys and the anonymous page cache.

A *namespace* is an app label (``showcase``, ``hackathons``, ...). Every save or delete of a
model of a watched app bumps that app's version (:func:`connect_signals`), so anything cached
under :func:`versioned_key` or stored by :class:`AnonymousPageCacheMiddleware` for that
namespace is stale from then on. Bulk ``update()`` sends no signal: services that use it call
:func:`bump` themselves, and every cached page also expires after ``PAGE_CACHE_SECONDS`` so a
time-driven change (a call closing at midnight) shows up by itself.

The page cache serves public pages to visitors without a session only. A view opts in with
:func:`cache_public_page`; the stored copy holds a placeholder instead of the CSRF token, and
each hit gets a token masked from the visitor's own CSRF cookie (or a new cookie), so the
forms of a cached page (language switcher, interest form) keep working.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
import threading
import time
from functools import wraps

import redis
from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse

# Private helpers of Django's CSRF middleware: the page cache must produce exactly the tokens
# the middleware would have produced, and these are the functions that define them.
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    _unmask_cipher_token,
)
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_path

logger = logging.getLogger(__name__)

#: App labels whose model changes bump a version; public pages depend on some of them.
NAMESPACES = ("hubs", "programme", "hackathons", "showcase", "accounts")
CSRF_PLACEHOLDER = b"__cc-csrf-token__"
_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_SECRET_CHARS = frozenset(CSRF_ALLOWED_CHARS)
_CHAR_INDEX = {c: i for i, c in enumerate(CSRF_ALLOWED_CHARS)}
_N_CHARS = len(CSRF_ALLOWED_CHARS)
_BYTE_LIMIT = 256 - 256 % _N_CHARS  # bytes at or above it are dropped: no modulo bias
_LOCAL_PAGES_MAX = 512

# One Redis client per process, shared by its threads (redis-py clients are thread-safe):
# building a client per call, as Django's cache backend does, costs more CPU than the
# round trip itself on the hot path of a cached page.
_client_lock = threading.Lock()
_client: redis.Redis | None = None
_client_url: str | None = None

# Per-process copies: the namespace versions read at most every PAGE_CACHE_LOCAL_SECONDS,
# and the page entries they validate. A bump in this process clears them at once; another
# process sees it within PAGE_CACHE_LOCAL_SECONDS.
_memo = {"at": -1.0, "versions": {}}
_pages: dict[bytes, dict] = {}


def _redis() -> redis.Redis:
    global _client, _client_url
    url = settings.REDIS_URL
    if _client is None or _client_url != url:
        with _client_lock:
            if _client is None or _client_url != url:
                _client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
                _client_url = url
    return _client


def _prefix() -> str:
    return settings.CACHES["default"].get("KEY_PREFIX", "") + ":cc:"


def _version_keys() -> list[str]:
    prefix = _prefix()
    return [f"{prefix}v:{ns}" for ns in NAMESPACES]


def _forget_local() -> None:
    _memo["at"] = -1.0
    _pages.clear()


def _initial_version() -> int:
    # Millisecond clock: a version key lost from Redis (eviction, FLUSHDB) restarts above
    # every value it held before, so an old page can never look current again.
    return int(time.time() * 1000)


def version(namespace: str) -> int:
    key = f"{_prefix()}v:{namespace}"
    client = _redis()
    client.set(key, _initial_version(), nx=True)
    return int(client.get(key))


def bump(namespace: str) -> None:
    """Make everything cached for ``namespace`` stale (also on another web worker)."""
    key = f"{_prefix()}v:{namespace}"
    client = _redis()
    if not client.set(key, _initial_version(), nx=True):
        client.incr(key)
    _forget_local()


def versioned_key(namespace: str, *parts) -> str:
    """A cache key that goes stale when ``namespace`` is bumped, e.g. for a fragment."""
    return ":".join(["cc", namespace, str(version(namespace)), *map(str, parts)])


def _on_change(sender, **kwargs):
    label = getattr(getattr(sender, "_meta", None), "app_label", None)
    if label in NAMESPACES:
        bump(label)


def connect_signals() -> None:
    """Called from ``CoreConfig.ready``: any save/delete in a watched app bumps its version."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_change, dispatch_uid=f"cc-cache-bump-{signal!r}")


def cache_public_page(*namespaces: str):
    """Let the page cache keep this view's anonymous answers until ``namespaces`` change."""
    unknown = set(namespaces) - set(NAMESPACES)
    if unknown:
        raise ValueError(f"unknown cache namespaces: {sorted(unknown)}")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response.cc_page_cache = namespaces
            return response

        return wrapped

    return decorator


def _random_chars(n: int) -> str:
    """``n`` characters of the CSRF alphabet from the OS's CSPRNG, like Django's
    ``get_random_string`` but one ``urandom`` call instead of one per character (it was
    half of the cost of a cached page)."""
    out: list[str] = []
    while len(out) < n:
        out.extend(CSRF_ALLOWED_CHARS[b % _N_CHARS] for b in os.urandom(n + 16)
                   if b < _BYTE_LIMIT)
    return "".join(out[:n])


def masked_csrf_token(secret: str) -> str:
    """The token Django's ``get_token`` would put in a form for ``secret`` (a fresh mask)."""
    mask = _random_chars(CSRF_SECRET_LENGTH)
    cipher = "".join(CSRF_ALLOWED_CHARS[(_CHAR_INDEX[x] + _CHAR_INDEX[y]) % _N_CHARS]
                     for x, y in zip(secret, mask, strict=True))
    return mask + cipher


def _page_key(request) -> bytes:
    digest = hashlib.blake2b(request.get_full_path().encode(), digest_size=16).hexdigest()
    return f"{_prefix()}page:{digest}".encode()


def _may_use_cache(request) -> bool:
    cookies = request.COOKIES
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in cookies  # signed in (or has a session)
        and "messages" not in cookies
        and "HTTP_HX_REQUEST" not in request.META
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _keep(key: bytes, entry: dict) -> None:
    if len(_pages) >= _LOCAL_PAGES_MAX:
        _pages.clear()
    _pages[key] = entry


def _valid(entry, versions, now) -> bool:
    return entry["exp"] > now and all(versions.get(ns) == v for ns, v in entry["v"].items())


class AnonymousPageCacheMiddleware:
    """Serve opted-in public pages to visitors without a session from Redis.

    At most one round trip per request (``MGET`` of the page and the namespace versions),
    none while this process's copy of the versions is younger than PAGE_CACHE_LOCAL_SECONDS.
    Sits after the security middleware, so a hit still gets the HTTPS redirect and security
    headers, and before the session, locale and auth middleware, whose work a hit skips. The
    language comes from the URL prefix alone (``i18n_patterns`` without a default prefix), so
    the full path is the key; a page rendered in any other language is not stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if not seconds or not _may_use_cache(request):
            return self.get_response(request)
        key = _page_key(request)
        now = time.time()
        local = getattr(settings, "PAGE_CACHE_LOCAL_SECONDS", 0)
        kept = _pages.get(key)
        if local and now - _memo["at"] < local:
            if kept is not None and _valid(kept, _memo["versions"], now):
                return self._serve(request, kept)
        # Pages with a query string (filters, searches: endless variants anyone can make up)
        # are kept in this process's bounded copy only, never in the shared Redis, which
        # a crawler of random queries could otherwise fill.
        shared = not request.META.get("QUERY_STRING")
        version_keys = _version_keys()
        try:
            raw = _redis().mget([key if shared else key + b":none", *version_keys])
        except redis.RedisError:
            logger.warning("page cache: Redis unavailable, rendering %s", request.path)
            return self.get_response(request)
        versions = {ns: int(v) for ns, v in zip(NAMESPACES, raw[1:], strict=True)
                    if v is not None}
        _memo["versions"], _memo["at"] = versions, now
        entry = pickle.loads(raw[0]) if raw[0] is not None else kept  # noqa: S301  ours
        if entry is not None and _valid(entry, versions, now):
            if local and entry is not kept:
                _keep(key, entry)
            return self._serve(request, entry)
        response = self.get_response(request)
        namespaces = getattr(response, "cc_page_cache", None)
        if namespaces and self._storable(request, response):
            current = {ns: versions[ns] if ns in versions else version(ns)
                       for ns in namespaces}
            entry = self._entry(request, response, current, now + seconds)
            if not shared:
                _keep(key, entry)
                return response
            try:
                _redis().set(key, pickle.dumps(entry, pickle.HIGHEST_PROTOCOL), ex=seconds)
            except redis.RedisError:
                logger.warning("page cache: Redis unavailable, %s not stored", request.path)
        return response

    @staticmethod
    def _storable(request, response) -> bool:
        user = getattr(request, "user", None)
        expected = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        other_cookies = set(response.cookies) - {settings.CSRF_COOKIE_NAME}
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not other_cookies
            and (user is None or not user.is_authenticated)
            and getattr(request, "LANGUAGE_CODE", expected) == expected
            and "private" not in cache_control
            and "no-store" not in cache_control
        )

    @staticmethod
    def _entry(request, response, versions, expires) -> dict:
        content = response.content
        secret = request.META.get("CSRF_COOKIE")
        if secret:
            def swap(match):
                token = match.group(0)
                return CSRF_PLACEHOLDER if _unmask_cipher_token(token.decode()) == secret \
                    else token

            content = _TOKEN.sub(swap, content)
        headers = [(k, v) for k, v in response.items()
                   if k.lower() not in ("set-cookie", "content-length")]
        return {"v": versions, "exp": expires, "s": response.status_code, "h": headers,
                "c": content, "csrf": CSRF_PLACEHOLDER in content}

    @staticmethod
    def _serve(request, entry) -> HttpResponse:
        content = entry["c"]
        if entry["csrf"]:
            secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
            if len(secret) != CSRF_SECRET_LENGTH or not set(secret) <= _SECRET_CHARS:
                secret = _random_chars(CSRF_SECRET_LENGTH)
            content = content.replace(CSRF_PLACEHOLDER, masked_csrf_token(secret).encode())
        response = HttpResponse(content, status=entry["s"])
        for name, value in entry["h"]:
            response[name] = value
        response["Content-Length"] = str(len(content))
        if entry["csrf"]:
            # Exactly what CsrfViewMiddleware does when a page used the token.
            response.set_cookie(
                settings.CSRF_COOKIE_NAME, secret, max_age=settings.CSRF_COOKIE_AGE,
                domain=settings.CSRF_COOKIE_DOMAIN, path=settings.CSRF_COOKIE_PATH,
                secure=settings.CSRF_COOKIE_SECURE, httponly=settings.CSRF_COOKIE_HTTPONLY,
                samesite=settings.CSRF_COOKIE_SAMESITE)
            patch_vary_headers(response, ("Cookie",))
        response["X-Page-Cache"] = "hit"
        return response
