"""Helpers shared by test modules: reading PDFs, parsing pages and forms, crawling the site.

Test modules import from here (and from ``tests.factories`` and ``tests.conftest``), never
from one another.
"""

import io
import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.urls import resolve
from django.urls.exceptions import Resolver404
from pypdf import PdfReader

from tests.conftest import close_response

# --- The person the privacy tests follow ---------------------------------------------------

# A name and an address no demo row holds: a search for them finds only what they left.
PRIVACY_FIRST, PRIVACY_LAST = "Zephyrine", "Quillfeather"
PRIVACY_EMAIL = "zephyrine.qf@example.org"


# --- PDFs -------------------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    """The text of every page of a PDF, one page after the other."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# --- Pages and forms --------------------------------------------------------------------------

LINK = re.compile(r'(?:href|hx-get)="(/[^"#]*)"')
ACTION = re.compile(r'(?:action|hx-post)="(/[^"#]*)"')
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
ATTR = re.compile(r'([\w-]+)="([^"]*)"')
FIELD = re.compile(r"<(input|select|textarea)\b([^>]*)>", re.I)


def path_order(path: str) -> list:
    """Sort key of a path that compares its numbers as numbers (``/x/9/`` before
    ``/x/10/``), so a list of objects is walked in the order their rows were made, whatever
    the ids the database handed out in this run."""
    return [int(part) if i % 2 else part for i, part in enumerate(re.split(r"(\d+)", path))]


def links(html: str, prefix: str, pattern=LINK) -> list[str]:
    """The site paths under ``prefix`` that ``html`` links to (logout left out), each once,
    sorted by :func:`path_order`: a crawl reaches the same pages in every run."""
    found = set()
    for raw in pattern.findall(html):
        path = raw.replace("&amp;", "&")
        if path.startswith(prefix) and "logout" not in path:
            found.add(path)
    return sorted(found, key=path_order)


def url_name(path: str) -> str | None:
    """The namespaced URL name ``path`` resolves to, or None."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def form_fields(body: str) -> tuple[dict[str, str], list[str]]:
    """The fields of one form's body: (hidden and submit values, the names of the fields a
    person fills in). The CSRF token and file inputs are left out."""
    fixed, names = {}, []
    for _tag, field_raw in FIELD.findall(body):
        field = dict(ATTR.findall(field_raw))
        name, kind = field.get("name"), field.get("type", "text").lower()
        if not name or name == "csrfmiddlewaretoken" or kind == "file":
            continue
        if kind in ("hidden", "submit") and "value" in field:
            fixed.setdefault(name, field["value"])
        elif name not in names:
            names.append(name)
    return fixed, names


class VisibleText(HTMLParser):
    """The text a person reads: tag contents outside scripts and styles, and the titles and
    labels of elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.parts += [v for k, v in attrs if k in ("title", "aria-label") and v]

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = VisibleText()
    parser.feed(page)
    return " ".join(parser.parts)


# --- Crawling the demo site -------------------------------------------------------------------

# The demo accounts the crawls sign in as.
ROLE_EMAIL = {"participant": "participant@creaconnect.test",
              "staff": "staff.pali-pali@creaconnect.test", "admin": "admin@creaconnect.test",
              "mentor": "mentor@creaconnect.test", "judge": "judge@creaconnect.test"}
# GETs that change something (starting an application) or leave the site's pages.
CRAWL_SKIP = frozenset({"programme:apply", "set_language", "account_logout", "media"})


def crawl(client, start, prefix, budget, skip=CRAWL_SKIP, per_name_limit=2):
    """Yield (path, html or None, status) for the pages reached breadth-first from ``start``
    under ``prefix``: at most ``per_name_limit`` URLs per URL name, ``budget`` requests.
    Each page's links are followed in :func:`path_order`, so the same data gives the same
    crawl."""
    queue, seen, per_name, fetched = [start], {start}, defaultdict(int), 0
    while queue and fetched < budget:
        path = queue.pop(0)
        name = url_name(path)
        if name is None or name in skip or per_name[name] >= per_name_limit:
            continue
        per_name[name] += 1
        response = client.get(path)
        fetched += 1
        if response.streaming:
            close_response(response)
            yield path, None, response.status_code
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            yield path, None, response.status_code
            continue
        page = response.content.decode()
        yield path, page, 200
        for found in links(page, prefix):
            if found not in seen:
                seen.add(found)
                queue.append(found)
