"""Colour contrast by WCAG 2.1: relative luminance, contrast ratio, and accessible variants of a
brand colour.

A hub picks its brand colour freely; wherever the colour is used as text, or as a background
under text, the pages use a variant derived here that reaches ``AA_NORMAL`` (4.5:1) against
what it is used with. The hue is kept: the colour is only mixed towards black or white.
"""

import re
from functools import lru_cache
from types import MappingProxyType

AA_NORMAL = 4.5
WHITE = "#ffffff"
BLACK = "#000000"
DARK_INK = "#111111"
# The lightest and darkest page backgrounds brand-coloured text sits on (static/css/app.css:
# --surface, --paper, --sand). Text that reads on the darkest of them reads on all.
LIGHT_BACKGROUNDS = ("#ffffff", "#fbf9f6", "#f4efe6")
DEFAULT_BRAND = "#1f6f5c"

_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


def parse(colour: str) -> tuple[int, int, int]:
    """``#rrggbb`` or ``#rgb`` to an (r, g, b) tuple; ValueError otherwise."""
    match = _HEX.match((colour or "").strip())
    if not match:
        raise ValueError(f"not a hex colour: {colour!r}")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return tuple(int(digits[i:i + 2], 16) for i in (0, 2, 4))


def to_hex(rgb) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""
    r, g, b = parse(colour)
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def mix(colour: str, target: str, amount: float) -> str:
    """``colour`` moved ``amount`` (0–1) of the way towards ``target``."""
    a, b = parse(colour), parse(target)
    return to_hex(x + (y - x) * amount for x, y in zip(a, b, strict=True))


def adjust_for_contrast(colour: str, against: str, minimum: float = AA_NORMAL) -> str:
    """``colour`` itself when it reaches ``minimum`` against ``against``; otherwise the least
    darkened (or, on a dark ``against``, lightened) variant that does. For minimums up to
    4.5 this always succeeds: black or white reaches at least 4.58:1 against any colour."""
    colour = to_hex(parse(colour))
    if contrast_ratio(colour, against) >= minimum:
        return colour
    # Move away from the background: darken on a light one, lighten on a dark one; if that
    # direction cannot get there (a mid-grey background), try the other.
    towards = BLACK if luminance(against) > 0.18 else WHITE
    for target in (towards, WHITE if towards == BLACK else BLACK):
        if contrast_ratio(target, against) < minimum:
            continue
        lo, hi = 0.0, 1.0  # binary search for the smallest mix that reaches the minimum
        for _step in range(20):
            mid = (lo + hi) / 2
            if contrast_ratio(mix(colour, target, mid), against) >= minimum:
                hi = mid
            else:
                lo = mid
        candidate = mix(colour, target, hi)
        if contrast_ratio(candidate, against) >= minimum:
            return candidate
        return target
    return BLACK if contrast_ratio(BLACK, against) >= contrast_ratio(WHITE, against) else WHITE


def text_on(background: str, minimum: float = AA_NORMAL) -> str | None:
    """White or dark ink, whichever reads on ``background``; None when neither reaches it."""
    best = max((WHITE, DARK_INK), key=lambda ink: contrast_ratio(background, ink))
    return best if contrast_ratio(background, best) >= minimum else None


@lru_cache(maxsize=256)
def hub_palette(brand: str | None) -> MappingProxyType:
    """The colours a hub's pages, e-mails and PDFs use, all reaching 4.5:1 where text is.

    - ``brand``: the colour as chosen, for decoration only (bands, borders, dots, charts).
    - ``fill`` and ``ink``: a background that carries text, and that text. The brand colour
      itself when white or dark ink reads on it; else the brand darkened until white does.
    - ``text``: the brand colour as text (links, figures) on the light page backgrounds.
    - ``button``: a background for white text (e-mail buttons, which cannot switch ink).

    Computed once per colour (the contrast searches are loops) and shared read-only.
    """
    try:
        brand = to_hex(parse(brand or DEFAULT_BRAND))
    except ValueError:
        brand = DEFAULT_BRAND
    ink = text_on(brand)
    fill = brand
    if ink is None:
        fill, ink = adjust_for_contrast(brand, WHITE), WHITE
    darkest_page = min(LIGHT_BACKGROUNDS, key=luminance)
    return MappingProxyType({
        "brand": brand,
        "fill": fill,
        "ink": ink,
        "text": adjust_for_contrast(brand, darkest_page),
        "button": adjust_for_contrast(brand, WHITE),
    })
