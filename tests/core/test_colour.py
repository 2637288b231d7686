"""Hub brand colours as used in pages, e-mails and charts reach WCAG AA contrast."""

import re

import pytest
from django.urls import reverse

from creaconnect.core.colour import (
    LIGHT_BACKGROUNDS,
    WHITE,
    adjust_for_contrast,
    contrast_ratio,
    hub_palette,
)
from creaconnect.notifications.services import notify, render
from creaconnect.reports.charts import bar_chart
from hubs.demo import HUBS
from tests.factories import HubFactory

PALE_YELLOW = "#ffeb3b"
DARK_NAVY = "#0b1d3a"
AWKWARD = [PALE_YELLOW, DARK_NAVY, "#777777", "#00ff00", "#ff0000", "#ffffff", "#000000",
           "#808080", "#1f6f5c"]


def assert_palette_readable(brand):
    p = hub_palette(brand)
    assert contrast_ratio(p["fill"], p["ink"]) >= 4.5, (brand, p)
    for background in LIGHT_BACKGROUNDS:
        assert contrast_ratio(p["text"], background) >= 4.5, (brand, p, background)
    assert contrast_ratio(p["button"], WHITE) >= 4.5, (brand, p)
    return p


def test_known_contrast_ratios():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("hub", HUBS, ids=[h["slug"] for h in HUBS])
def test_every_demo_hub_colour_as_used_reaches_aa(hub):
    assert_palette_readable(hub["brand_colour"])


@pytest.mark.parametrize("brand", AWKWARD)
def test_awkward_colours_still_yield_aa_combinations(brand):
    assert_palette_readable(brand)


def test_pale_yellow_and_dark_navy_get_the_right_variants():
    yellow = hub_palette(PALE_YELLOW)
    assert yellow["fill"] == PALE_YELLOW
    assert yellow["ink"] == "#111111"
    assert yellow["text"] != PALE_YELLOW  # too pale as text: darkened...
    r, g, b = (int(yellow["text"][i:i + 2], 16) for i in (1, 3, 5))
    assert r >= g > b  # ...but still a yellow-brown, not grey
    navy = hub_palette(DARK_NAVY)
    assert navy["fill"] == DARK_NAVY
    assert navy["ink"] == WHITE
    assert navy["text"] == DARK_NAVY


def test_mid_tone_fill_is_darkened_for_white_ink():
    # Neither white (4.29:1) nor #111 (4.40:1) reaches 4.5:1 on this grey: darken the fill.
    p = hub_palette("#7a7a7a")
    assert p["fill"] != "#7a7a7a"
    assert p["ink"] == WHITE
    assert contrast_ratio(p["fill"], WHITE) >= 4.5
    assert contrast_ratio(p["fill"], WHITE) < 4.8  # the least change that does it


def test_adjust_leaves_a_good_colour_alone():
    assert adjust_for_contrast("#1d4ed8", WHITE) == "#1d4ed8"


def test_hub_pages_use_the_accessible_values(client, db):
    hub = HubFactory(slug="sunny", name="Sunny hub", brand_colour=PALE_YELLOW)
    p = hub.palette
    css = client.get(reverse("hub_themes")).content.decode()
    rule = re.search(r"\.hub-sunny\{([^}]*)\}", css).group(1)
    assert f"--hub:{p['fill']};" in rule
    assert "--hub-ink:#111111;" in rule
    assert f"--hub-text:{p['text']};" in rule
    assert contrast_ratio(p["text"], "#f4efe6") >= 4.5
    page = client.get(hub.get_absolute_url()).content.decode()
    assert 'class="hub-hero hub-sunny"' in page
    assert reverse("hub_themes") in page  # the page loads those rules


def test_email_button_is_readable_with_a_pale_brand(db, participant):
    hub = HubFactory(slug="sunny-mail", name="Sunny", brand_colour=PALE_YELLOW)
    n = notify(kind="hub.staff_invited", user=participant, hub=hub, url="/x/",
               context={"hub": hub.name, "inviter": "Ana", "role": "staff"})
    _subject, _text, html = render(n)
    button = re.search(r'<a href="[^"]*/x/" style="background:(#[0-9a-f]{6});color:#ffffff',
                       html).group(1)
    assert contrast_ratio(button, WHITE) >= 4.5


def test_chart_bars_reach_graphic_contrast():
    svg = bar_chart([("a", 1), ("b", 2)], colour=PALE_YELLOW, title="t")
    fill = re.search(r'<rect[^>]*fill="(#[0-9a-f]{6})"', svg).group(1)
    assert contrast_ratio(fill, WHITE) >= 3
