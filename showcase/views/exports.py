"""Machine-readable views: Atom feed, sitemap, the event's iCalendar file, CSV export."""

import csv
from datetime import UTC

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django_scopes import scopes_disabled

from hubs.queries import public_hubs

from ..forms import GalleryFilterForm
from ..models import AgendaItem, Award, CreditedMember
from ..queries import current_event, filter_projects, public_countries, public_projects


class NewProjectsFeed(Feed):
    feed_type = Atom1Feed
    title = _("CreaConnect showcase: new projects")
    subtitle = _("Projects from six European creative hubs, newly published in the showcase.")

    def link(self):
        return reverse("showcase:gallery")

    def items(self):
        with scopes_disabled():  # the feed lists every hub's published projects
            return list(public_projects().order_by("-published_at")[:30])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.tagline

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.hub.name

    def item_categories(self, item):
        return [item.get_theme_display(), item.hub.name]


class ProjectSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        with scopes_disabled():  # every hub's published projects are public
            return list(public_projects().order_by("slug"))

    def lastmod(self, item):
        return item.updated


class PagesSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"

    def items(self):
        return ["home", "showcase:gallery", "showcase:event", "hubs:list"]

    def location(self, item):
        return reverse(item)


class HubSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        return list(public_hubs())


SITEMAPS = {"pages": PagesSitemap, "hubs": HubSitemap, "projects": ProjectSitemap}


@require_GET
def sitemap(request):
    return sitemap_view(request, SITEMAPS, template_name="showcase/sitemap.xml")


# --- iCalendar -------------------------------------------------------------------------

def _ics_text(value: str) -> str:
    return (str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _ics_fold(line: str) -> str:
    """Fold lines longer than 75 octets (RFC 5545 §3.1)."""
    out, current = [], b""
    for ch in line:
        b = ch.encode()
        if len(current) + len(b) > 75:
            out.append(current.decode())
            current = b" " + b
        else:
            current += b
    out.append(current.decode())
    return "\r\n".join(out)


def _ics_time(dt) -> str:
    return dt.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _calendar(ev, items, *, with_event: bool, filename: str) -> HttpResponse:
    """An iCalendar file: the event itself (``with_event``) and the agenda ``items``, one
    VEVENT each."""
    host = settings.SITE_URL.split("//", 1)[-1]
    now = _ics_time(timezone.now())
    url = settings.SITE_URL + reverse("showcase:event")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//CreaConnect//Showcase//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    if with_event:
        lines += ["BEGIN:VEVENT", f"UID:showcase-event-{ev.pk}@{host}", f"DTSTAMP:{now}",
                  f"DTSTART:{_ics_time(ev.starts_at)}", f"DTEND:{_ics_time(ev.ends_at)}",
                  f"SUMMARY:{_ics_text(ev.title)}",
                  "LOCATION:" + _ics_text(", ".join(p for p in (ev.venue, ev.address, ev.city)
                                                    if p)),
                  f"DESCRIPTION:{_ics_text(ev.description)}", f"URL:{url}", "END:VEVENT"]
    for item in items:
        lines += ["BEGIN:VEVENT", f"UID:showcase-agenda-{item.pk}@{host}", f"DTSTAMP:{now}",
                  f"DTSTART:{_ics_time(item.starts_at)}",
                  f"DTEND:{_ics_time(item.ends_at or item.starts_at)}",
                  f"SUMMARY:{_ics_text(item.title)}",
                  f"LOCATION:{_ics_text(ev.venue)}",
                  f"DESCRIPTION:{_ics_text(item.description)}", f"URL:{url}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    body = "\r\n".join(_ics_fold(line) for line in lines) + "\r\n"
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response


@require_GET
def event_ics(request):
    """The whole programme (the event and every agenda session, as many calendar entries as
    the event page's button says), or with ``?part=day`` the event alone (one entry)."""
    ev = current_event()
    if ev is None:
        raise Http404
    if request.GET.get("part") == "day":
        return _calendar(ev, [], with_event=True, filename=ev.slug)
    return _calendar(ev, AgendaItem.objects.filter(event=ev), with_event=True,
                     filename=f"{ev.slug}-programme")


@require_GET
def agenda_item_ics(request, pk):
    """One session of the final event's agenda (one calendar entry)."""
    ev = current_event()
    if ev is None:
        raise Http404
    item = get_object_or_404(AgendaItem, event=ev, pk=pk)
    return _calendar(ev, [item], with_event=False, filename=f"{ev.slug}-{item.pk}")


# --- CSV -------------------------------------------------------------------------------

CSV_COLUMNS = ["slug", "title", "tagline", "url", "hub", "theme", "stage", "countries",
               "disciplines", "looking_for", "team", "awards", "published_at"]


def _cell(value) -> str:
    """Neutralise spreadsheet formulas (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_rows(qs):
    qs = qs.prefetch_related(
        Prefetch("members", queryset=CreditedMember.objects.filter(hidden=False)),
        Prefetch("awards", queryset=Award.objects.all()))
    for p in qs:
        yield {
            "slug": p.slug, "title": p.title, "tagline": p.tagline,
            "url": settings.SITE_URL + p.get_absolute_url(), "hub": p.hub.slug,
            "theme": p.theme, "stage": p.stage, "countries": " ".join(p.countries),
            "disciplines": " ".join(p.disciplines), "looking_for": " ".join(p.looking_for),
            "team": "; ".join(m.display_name for m in p.members.all()),
            "awards": "; ".join(a.title for a in p.awards.all()),
            "published_at": p.published_at.isoformat() if p.published_at else "",
        }


@require_GET
def export_csv(request):
    with scopes_disabled():  # open data: every hub's published projects
        form = GalleryFilterForm(request.GET or None, hubs=public_hubs(),
                                 country_codes=public_countries())
        filters = form.filters() if request.GET else {}
        rows = list(export_rows(filter_projects(public_projects(), **filters)
                                .order_by("-published_at", "pk")))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="creaconnect-showcase.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    writer = csv.DictWriter(response, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return response
