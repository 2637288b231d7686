"""Site-wide template tags: navigation, user menu, query strings."""

import html

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.html import strip_tags
from django.utils.translation import pgettext

from creaconnect.core.registry import nav_items, user_menu_providers

register = template.Library()


@register.simple_tag(takes_context=True)
def main_nav_items(context):
    """The header navigation, from the sections the feature apps registered."""
    request = context.get("request")
    path = request.path if request else ""
    items = []
    for _order, label, url_name in sorted(nav_items, key=lambda i: i[0]):
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "current": path.startswith(url)})
    return items


@register.simple_tag
def user_menu_links(user):
    links = []
    for provider in user_menu_providers:
        links.extend(provider(user))
    return links


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (pagination, filters)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.simple_tag
def tab_list(*labels_and_urls):
    """``{% tab_list label1 url1 label2 url2 as tabs %}``: (label, url) pairs for
    ``components/console_tabs.html`` (lists join with ``|add``)."""
    return list(zip(labels_and_urls[::2], labels_and_urls[1::2], strict=True))


@register.simple_tag
def console_nav(hub):
    """Feature tabs of a hub console (calls, cohorts, hackathons...)."""
    from creaconnect.core.registry import console_nav_items

    return [(label, reverse(name, kwargs={"hub_slug": hub.slug}))
            for _order, label, name in sorted(console_nav_items, key=lambda i: i[0])]


@register.filter
def localised(obj, field):
    """``{{ call|localised:"title" }}``: the field in the active language, else the original."""
    from creaconnect.core.i18n_content import localised as _localised

    return _localised(obj, field)


@register.filter
def button_colour(colour):
    """A brand colour darkened (if need be) until white text on it reaches 4.5:1."""
    from creaconnect.core.colour import hub_palette

    return hub_palette(colour)["button"]


SAFE_HREF_SCHEMES = ("http", "https", "mailto")


@register.filter
def safe_href(value):
    """A URL people typed, for an ``href``: only http(s) and mailto pass; anything else
    (``javascript:``, ``data:``, ``vbscript:``...) becomes an empty string. Forms already
    refuse such URLs; this keeps a stored one from ever becoming a link."""
    from urllib.parse import urlsplit

    url = str(value or "").strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return ""
    return url if scheme in SAFE_HREF_SCHEMES else ""


@register.filter
def zone_abbreviation(value) -> str:
    """The short name of an aware datetime's zone (``CET``, ``CEST``), for beside a time
    shown in a zone other than the visitor's; empty for a naive or missing value."""
    if value is None or getattr(value, "tzinfo", None) is None:
        return ""
    return value.strftime("%Z")


@register.filter
def label_text(label) -> str:
    """A field's label as plain text for an error summary line ("Label: error"): without the
    links a label may hold (a link inside the summary's link) and without its closing full
    stop, so a sentence-like label does not read "….: error"."""
    return html.unescape(strip_tags(str(label))).strip().rstrip(".:").strip()


@register.filter
def percent(value) -> str:
    """A percentage in the active language's style: the number localised (decimal comma where
    the language uses one) and the sign placed as the translation says — French and Spanish
    put a narrow no-break space before it ("67 %"), English and Italian do not ("67%")."""
    if value is None or value == "":
        return ""
    return pgettext("a percentage; put the sign as your language does", "%(value)s%%") % {
        "value": number_format(value)}
