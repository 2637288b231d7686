"""Per-user rate limits: fixed-window counters in the Redis cache.

A scope (``apply``, ``upload``, ``interest``, ``score``) has a rate in
``settings.USER_RATE_LIMITS`` such as ``"20/h"`` (env-overridable). Views call
``enforce(request, scope)`` (or use ``@rate_limited(scope)`` / ``RateLimitMixin``); over the
limit it raises ``RateLimitExceeded``, which ``RateLimitMiddleware`` turns into the translated
429 page with a ``Retry-After`` header. Signed-in people are counted per account, visitors per
client address.
"""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class RateLimitExceeded(Exception):
    def __init__(self, scope: str, retry_after: int):
        super().__init__(f"rate limit of {scope!r} reached; retry after {retry_after}s")
        self.scope, self.retry_after = scope, retry_after


def parse_rate(rate: str) -> tuple[int, int]:
    """``"20/h"`` → (20, 3600); ``"5/10m"`` → (5, 600)."""
    count, _, period = rate.partition("/")
    number = period[:-1] or "1"
    return int(count), int(number) * UNITS[period[-1]]


def identity(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def hit(scope: str, ident: str) -> None:
    """Count one action of ``ident`` in ``scope``; raises ``RateLimitExceeded`` past the
    limit. Fixed windows aligned on the clock: at most ``limit`` actions per window."""
    limit, window = parse_rate(settings.USER_RATE_LIMITS[scope])
    now = int(time.time())
    key = f"ratelimit:{scope}:{ident}:{now // window}"
    if cache.add(key, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: a new window starts
            cache.add(key, 1, timeout=window + 5)
            count = 1
    if count > limit:
        raise RateLimitExceeded(scope, retry_after=max(1, window - now % window))


def enforce(request, scope: str) -> None:
    hit(scope, identity(request))


def rate_limited(scope: str, methods=("POST",)):
    """Decorator for function views: count each request with one of ``methods``."""
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                enforce(request, scope)
            return view(request, *args, **kwargs)
        return wrapped
    return decorator


class RateLimitMixin:
    """For class-based views: ``rate_limit_scope`` counts every POST."""

    rate_limit_scope: str = ""

    def dispatch(self, request, *args, **kwargs):
        if self.rate_limit_scope and request.method == "POST":
            enforce(request, self.rate_limit_scope)
        return super().dispatch(request, *args, **kwargs)
