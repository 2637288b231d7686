"""The programme figures: each app's aggregates, per hub and in total, ready for the page.

The apps compute their numbers in the database (``*_figures`` query functions, a fixed
number of queries each); this module only adds them up and turns minutes into hours.
"""

import hashlib
import time
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from creaconnect.core.cache import versioned_key
from hackathons.queries import hackathon_figures
from programme.queries import programme_figures
from showcase.queries import showcase_figures

# The counts each app returns, added up as they are across hubs.
COUNTS = ("calls", "applications", "decided", "offered", "members", "sessions",
          "training_minutes", "attendance_taken", "attended", "mentoring_minutes",
          "team_mentoring_minutes", "milestones_met", "registrations", "teams", "submissions",
          "projects", "published", "interest_requests")

# The columns shown, in order: (key, label, kind) with kind "count", "hours" or "rate".
COLUMNS = (
    ("calls", _("Calls"), "count"),
    ("applications", _("Applications"), "count"),
    ("acceptance_rate", _("Acceptance rate"), "rate"),
    ("members", _("Cohort members"), "count"),
    ("sessions", _("Training sessions"), "count"),
    ("training_hours", _("Training hours"), "hours"),
    ("attendance_rate", _("Attendance"), "rate"),
    ("mentoring_hours", _("Mentoring hours"), "hours"),
    ("milestones_met", _("Milestones met"), "count"),
    ("registrations", _("Hackathon registrations"), "count"),
    ("teams", _("Teams"), "count"),
    ("submissions", _("Submissions"), "count"),
    ("projects", _("Showcase projects"), "count"),
    ("interest_requests", _("Interest requests"), "count"),
)


def _rate(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass
class Row:
    """One hub's figures (``hub`` is None for the programme total)."""

    hub: object
    raw: dict = field(default_factory=dict)

    def value(self, key: str):
        raw = self.raw
        if key == "acceptance_rate":
            return _rate(raw.get("offered", 0), raw.get("decided", 0))
        if key == "attendance_rate":
            return _rate(raw.get("attended", 0), raw.get("attendance_taken", 0))
        if key == "training_hours":
            return round((raw.get("training_minutes") or 0) / 60, 1)
        if key == "mentoring_hours":
            return round(((raw.get("mentoring_minutes") or 0)
                          + (raw.get("team_mentoring_minutes") or 0)) / 60, 1)
        return raw.get(key) or 0

    @property
    def cells(self) -> list[tuple[str, object, object, str]]:
        """(key, label, value, kind) for each column."""
        return [(key, label, self.value(key), kind) for key, label, kind in COLUMNS]


def _per_hub(start, end) -> dict[int, dict]:
    per_hub: dict[int, dict] = {}
    for figures in (programme_figures(start=start, end=end),
                    hackathon_figures(start=start, end=end),
                    showcase_figures(start=start, end=end)):
        for hub_id, values in figures.items():
            per_hub.setdefault(hub_id, {}).update(values)
    return per_hub


def _rows(hubs, per_hub: dict[int, dict]) -> tuple[list[Row], Row]:
    rows = [Row(hub=hub, raw=per_hub.get(hub.pk, {})) for hub in hubs]
    total = {key: sum((row.raw.get(key) or 0) for row in rows) for key in COUNTS}
    return rows, Row(hub=None, raw=total)


def programme_rows(hubs, *, start=None, end=None) -> tuple[list[Row], Row]:
    """One row per hub (in the order given) and the programme total, over the period."""
    return _rows(hubs, _per_hub(start, end))


# The console's figures are kept this long at most (a call closing at midnight, a bulk
# update that sends no signal); any save in the apps they count makes them stale at once.
FIGURES_TTL = 300
# The apps whose rows the figures count (their cache versions are part of the key).
FIGURES_APPS = ("programme", "hackathons", "showcase")
# While one request computes a period's figures, the others wait this long for its result
# before computing it themselves (16 admins opening the page together compute it once).
_WAIT_SECONDS, _POLL_SECONDS = 5.0, 0.05


def _figures_key(hubs, start, end) -> str:
    ids = ",".join(str(hub.pk) for hub in hubs)
    digest = hashlib.sha256(f"{start}|{end}|{ids}".encode()).hexdigest()[:24]
    versions = ".".join(versioned_key(app) for app in FIGURES_APPS)
    return f"consortium:figures:{hashlib.sha256(versions.encode()).hexdigest()[:16]}:{digest}"


def cached_programme_rows(hubs, *, start=None, end=None) -> tuple[list[Row], Row, datetime]:
    """:func:`programme_rows` kept in the cache per period and hub set, with the time they
    were computed ("figures as of"). Stale as soon as a programme, hackathon or showcase row
    is saved or deleted, and after :data:`FIGURES_TTL` seconds in any case."""
    hubs = list(hubs)
    key = _figures_key(hubs, start, end)
    stored = cache.get(key)
    if stored is None and not cache.add(f"{key}:computing", 1, timeout=int(_WAIT_SECONDS) * 6):
        deadline = time.monotonic() + _WAIT_SECONDS  # another request is computing them
        while stored is None and time.monotonic() < deadline:
            time.sleep(_POLL_SECONDS)
            stored = cache.get(key)
    if stored is None:
        try:
            stored = {"per_hub": _per_hub(start, end), "at": timezone.now()}
            cache.set(key, stored, timeout=FIGURES_TTL)
        finally:
            cache.delete(f"{key}:computing")
    rows, total = _rows(hubs, stored["per_hub"])
    return rows, total, stored["at"]
