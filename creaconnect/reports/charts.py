"""Small server-side SVG charts for reports (and pages): bars and horizontal bars.

The markup is built from numbers and escaped labels only, so it is safe to mark safe.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from creaconnect.core.colour import WHITE, adjust_for_contrast

# Bars are graphics that carry meaning: WCAG 1.4.11 asks 3:1 against the white page.
GRAPHIC_CONTRAST = 3.0


def bar_chart(data: list[tuple[str, float]], *, width: int = 520, height: int = 220,
              colour: str = "#1f6f5c", title: str = "") -> str:
    """Vertical bars with value labels. ``data`` is ``[(label, value), ...]``."""
    if not data:
        return ""
    colour = adjust_for_contrast(colour, WHITE, GRAPHIC_CONTRAST)
    top = max(v for _l, v in data) or 1
    pad_left, pad_bottom, pad_top = 10, 40, 24
    slot = (width - pad_left * 2) / len(data)
    bar_w = min(56.0, max(6.0, slot * 0.62))
    plot_h = height - pad_bottom - pad_top
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">']
    parts.append(f'<line x1="{pad_left}" y1="{height - pad_bottom}" x2="{width - pad_left}" '
                 f'y2="{height - pad_bottom}" stroke="#9aa5ad" stroke-width="1"/>')
    for i, (label, value) in enumerate(data):
        h = plot_h * (value / top)
        x = pad_left + i * slot + (slot - bar_w) / 2
        y = height - pad_bottom - h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                     f'rx="2" fill="{escape(colour)}"/>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 5:.1f}" font-size="10" '
                     f'text-anchor="middle" fill="#1d2a33">{value:g}</text>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{height - pad_bottom + 14:.1f}" '
                     f'font-size="9" text-anchor="middle" fill="#44525c">'
                     f'{escape(str(label)[:14])}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  numbers and escaped labels only


def hbar_chart(data: list[tuple[str, float]], *, width: int = 520, colour: str = "#1f6f5c",
               title: str = "") -> str:
    """Horizontal bars, for long labels (countries, disciplines)."""
    if not data:
        return ""
    colour = adjust_for_contrast(colour, WHITE, GRAPHIC_CONTRAST)
    row, label_w = 22, 170
    height = row * len(data) + 10
    top = max(v for _l, v in data) or 1
    plot_w = width - label_w - 50
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">']
    for i, (label, value) in enumerate(data):
        y = 5 + i * row
        w = plot_w * (value / top)
        parts.append(f'<text x="{label_w - 8}" y="{y + 14}" font-size="10" text-anchor="end" '
                     f'fill="#1d2a33">{escape(str(label)[:28])}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" '
                     f'rx="2" fill="{escape(colour)}"/>')
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 14}" font-size="10" '
                     f'fill="#1d2a33">{value:g}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  numbers and escaped labels only
