"""The dashboard's sections, rendered once per person and kept in Redis (issue 20).

Building the sections asks every feature (registrations, applications, judging, cohorts,
events, surveys, showcase consents, consoles) for its part: 15–20 queries and most of the
page's template work. They change only when something of the person's, or something shared
they see (a call, a hackathon, a team), is written. So the rendered sections are cached per
person, language and time zone, under two version tokens read in one ``MGET``:

- the person's own token, replaced when a row of a watched app that points at them is
  saved or deleted (an application, a registration, a judge assignment, a membership …:
  every foreign key to the user model of the row is followed);
- everyone's token, replaced when a watched row that points at no person is saved or
  deleted (a call, a hackathon, a team, a cohort, a survey …).

Writes that bypass signals (``QuerySet.update``, ``bulk_create``) are bounded by the entry's
lifetime (``DASHBOARD_CACHE_SECONDS``), as are time-driven texts ("closes in 2 days").
Forms inside sections get the request's own CSRF token at serve time (a placeholder is
cached), so one person's browsers can share an entry.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

WATCHED_APPS = {"programme", "hackathons", "showcase", "events", "surveys", "hubs"}
# Rows that never show on the dashboard and change often: not worth a new token.
IGNORED_MODELS = {"programme.answer", "hackathons.submissionversion",
                  "hackathons.feedbackmessage"}
CSRF_PLACEHOLDER = "__cc-dashboard-csrf__"
EVERYONE = "dash:v:all"


def _person_key(pk) -> str:
    return f"dash:v:{pk}"


def _user_fields(model) -> list[str]:
    user_model = settings.AUTH_USER_MODEL.lower()
    return [f.attname for f in model._meta.concrete_fields
            if f.is_relation and f.many_to_one
            and f.related_model._meta.label_lower == user_model]


_FIELDS: dict[type, list[str]] = {}


def forget(*, people=(), everyone: bool = False) -> None:
    """New tokens: the named people's sections (or everyone's) are rebuilt on next view."""
    token = secrets.token_hex(4)
    keys = {_person_key(pk): token for pk in people if pk}
    if everyone:
        keys[EVERYONE] = token
    if keys:
        cache.set_many(keys, timeout=None)


def _changed(sender, instance, **kwargs):
    meta = sender._meta
    if meta.app_label not in WATCHED_APPS or meta.label_lower in IGNORED_MODELS:
        return
    fields = _FIELDS.get(sender)
    if fields is None:
        fields = _FIELDS[sender] = _user_fields(sender)
    if fields:
        forget(people={getattr(instance, f) for f in fields})
    else:
        forget(everyone=True)


post_save.connect(_changed, dispatch_uid="dashboard-cache-save")
post_delete.connect(_changed, dispatch_uid="dashboard-cache-delete")


def sections_html(request, build) -> str:
    """The rendered sections for ``request.user``: from the cache, else ``build()`` (the
    providers' section dicts) rendered and stored."""
    seconds = settings.DASHBOARD_CACHE_SECONDS
    if seconds <= 0:  # off (the tests' default)
        return mark_safe(render_to_string(  # noqa: S308  our own template, escaped there
            "accounts/_dashboard_sections.html", {"sections": build()}, request=request))
    user = request.user
    mine, everyone = _person_key(user.pk), EVERYONE
    tokens = cache.get_many([mine, everyone])
    if mine not in tokens or everyone not in tokens:  # first view since a flush: start them
        fresh = {k: tokens.get(k) or secrets.token_hex(4) for k in (mine, everyone)}
        cache.set_many(fresh, timeout=None)
        tokens = fresh
    key = (f"dash:s:{user.pk}:{translation.get_language()}:"
           f"{timezone.get_current_timezone_name()}:{tokens[mine]}:{tokens[everyone]}")
    html = cache.get(key)
    if html is None:
        html = render_to_string("accounts/_dashboard_sections.html",
                                {"sections": build(), "csrf_token": CSRF_PLACEHOLDER},
                                request=request)
        cache.set(key, html, timeout=seconds)
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)  # noqa: S308  rendered by our own template, escaped there
