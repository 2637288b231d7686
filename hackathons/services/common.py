"""Helpers shared by the service modules (not part of the public service API)."""

from datetime import UTC

from django.utils import timezone

from creaconnect.core.i18n_content import Localised
from creaconnect.notifications.services import notify

from ..models import Hackathon, TeamMembership


def now():
    """The server's clock: every deadline is checked against it."""
    return timezone.now()


def lock_hackathon(hackathon) -> Hackathon:
    return Hackathon.objects.select_for_update().select_related("hub").get(pk=hackathon.pk)


def team_members(team):
    return [m.user for m in TeamMembership.objects.filter(team=team).select_related("user")]


def notify_users(users, *, kind, hackathon, url="", context=None, dedup_prefix=None):
    """Notify each user once; ``dedup_prefix`` makes the notification once-only per user."""
    ctx = {"hackathon": Localised(hackathon, "title"), **(context or {})}
    for user in {u.pk: u for u in users}.values():
        notify(user=user, kind=kind, hub=hackathon.hub, url=url, context=ctx,
               dedup_key=f"{dedup_prefix}:{user.pk}" if dedup_prefix else None)


def when(dt) -> str:
    """A date and time for a message's context (JSON): UTC, unambiguous in any language."""
    return dt.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
