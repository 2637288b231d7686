"""A person's time zone: the one they chose in their profile, or one taken from where they (or
the hub they deal with) are, or the platform's. Messages, calendar entries and booking pages
show each person's times in it, named beside the time.

The choices are the IANA zones of the world's regions (``zoneinfo.available_timezones()``),
without the legacy aliases (``US/Eastern``, ``Etc/GMT+3``, ``posix/...``), grouped by region
for a select with option groups."""

import zoneinfo
from functools import lru_cache

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from creaconnect.core.i18n_content import LocalisedDate

REGIONS = {
    "Europe": _("Europe"),
    "Africa": _("Africa"),
    "America": _("Americas"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic"),
    "Australia": _("Australia"),
    "Indian": _("Indian Ocean"),
    "Pacific": _("Pacific"),
}

# One zone per country where the country has one (the programme's countries and neighbours);
# elsewhere the platform's zone is the default until the person chooses.
COUNTRY_ZONES = {
    "AT": "Europe/Vienna", "BA": "Europe/Sarajevo", "BE": "Europe/Brussels",
    "BG": "Europe/Sofia", "CH": "Europe/Zurich", "CY": "Asia/Nicosia", "CZ": "Europe/Prague",
    "DE": "Europe/Berlin", "DK": "Europe/Copenhagen", "EE": "Europe/Tallinn",
    "ES": "Europe/Madrid", "FI": "Europe/Helsinki", "FR": "Europe/Paris", "GB": "Europe/London",
    "GR": "Europe/Athens", "HR": "Europe/Zagreb", "HU": "Europe/Budapest", "IE": "Europe/Dublin",
    "IS": "Atlantic/Reykjavik", "IT": "Europe/Rome", "LT": "Europe/Vilnius",
    "LU": "Europe/Luxembourg", "LV": "Europe/Riga", "ME": "Europe/Podgorica",
    "MK": "Europe/Skopje", "MT": "Europe/Malta", "NL": "Europe/Amsterdam", "NO": "Europe/Oslo",
    "PL": "Europe/Warsaw", "PT": "Europe/Lisbon", "RO": "Europe/Bucharest",
    "RS": "Europe/Belgrade", "SE": "Europe/Stockholm", "SI": "Europe/Ljubljana",
    "SK": "Europe/Bratislava", "TR": "Europe/Istanbul", "UA": "Europe/Kyiv",
    "XK": "Europe/Belgrade",
    "AL": "Europe/Tirane", "MD": "Europe/Chisinau", "GE": "Asia/Tbilisi", "AM": "Asia/Yerevan",
    "TN": "Africa/Tunis", "MA": "Africa/Casablanca",
}


@lru_cache(maxsize=1)
def available_zones() -> frozenset[str]:
    """The zones a person may choose: each region's named zones, and UTC."""
    return frozenset({"UTC"} | {name for name in zoneinfo.available_timezones()
                                if name.split("/", 1)[0] in REGIONS and "/" in name})


def zone_label(name: str) -> str:
    """``America/Argentina/Buenos_Aires`` → ``Argentina / Buenos Aires``."""
    return name.split("/", 1)[-1].replace("_", " ").replace("/", " / ")


def zone_choices(*, blank_label=None) -> list:
    """Grouped choices for a select: ``[(region label, [(zone, city), ...]), ...]``, Europe
    first; ``blank_label`` adds an empty first choice."""
    by_region: dict[str, list] = {region: [] for region in REGIONS}
    for name in available_zones() - {"UTC"}:
        by_region[name.split("/", 1)[0]].append((name, zone_label(name)))
    choices = [("", blank_label)] if blank_label is not None else []
    choices.append(("UTC", "UTC"))
    choices += [(label, sorted(by_region[region], key=lambda c: c[1]))
                for region, label in REGIONS.items()]
    return choices


def zone_for_country(country) -> str:
    """The zone of a place in ``country`` (a code or a django-countries value), or the
    platform's (``settings.TIME_ZONE``)."""
    return COUNTRY_ZONES.get(str(country or "").upper(), settings.TIME_ZONE)


def zone_for(user, *, fallback: str | None = None) -> str:
    """``user``'s time zone: the one in their profile; otherwise ``fallback`` (what the caller
    knows: the zone chosen when booking, the hub's), then their country's, then the
    platform's."""
    profile = getattr(user, "profile", None) if user is not None else None
    chosen = getattr(profile, "time_zone", "") or ""
    if chosen in available_zones():
        return chosen
    if fallback and fallback in available_zones():
        return fallback
    if profile is not None and profile.country:
        return zone_for_country(profile.country)
    return settings.TIME_ZONE


class ZonedDate(LocalisedDate):
    """A moment in a message, in the recipient's language and in their time zone, named:
    "24 novembre 2026 18:00 CET"."""

    __slots__ = ("zone",)

    def __init__(self, moment, zone: str):
        super().__init__(moment)
        self.zone = zone

    def resolve(self, language: str | None) -> str:
        with translation.override(language or settings.LANGUAGE_CODE):
            moment = timezone.localtime(self.moment, zoneinfo.ZoneInfo(self.zone))
            return f"{date_format(moment, 'DATETIME_FORMAT')} {moment.tzname()}"
