"""Small server-side SVG charts for reports (and pages): bars and horizontal bars.

The markup is built from numbers and escaped labels only, so it is safe to mark safe.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from creaconnect.core.colour import WHITE, adjust_for_contrast

# Bars are graphics that carry meaning: WCAG 1.4.11 asks 3:1 against the white page.
GRAPHIC_CONTRAST = 3.0
# Average advance of a DejaVu Sans character, as a share of the font size (for wrapping).
CHAR_WIDTH = 0.6


def wrap_label(label, max_chars: int, max_lines: int = 3) -> list[str]:
    """``label`` in lines of at most ``max_chars`` characters, broken between words (a word
    longer than a line is cut); past ``max_lines`` the last line ends with an ellipsis. The
    whole label is kept wherever it fits: no more "Prototype and first user tes"."""
    max_chars = max(4, max_chars)
    lines, current = [], ""
    for word in str(label).split():
        while len(word) > max_chars:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:max_chars - 1] + "-")
            word = word[max_chars - 1:]
        candidate = f"{current} {word}".strip()
        if len(candidate) <= max_chars:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        lines = lines[:max_lines - 1] + [last[:max_chars - 1].rstrip() + "…"]
    return lines or [""]


def _tspans(lines: list[str], x: float, line_height: float) -> str:
    return "".join(f'<tspan x="{x:.1f}" dy="{0 if i == 0 else line_height:.1f}">'
                   f"{escape(line)}</tspan>" for i, line in enumerate(lines))


def bar_chart(data: list[tuple[str, float]], *, width: int = 520, height: int = 220,
              colour: str = "#1f6f5c", title: str = "") -> str:
    """Vertical bars with value labels. ``data`` is ``[(label, value), ...]``."""
    if not data:
        return ""
    colour = adjust_for_contrast(colour, WHITE, GRAPHIC_CONTRAST)
    top = max(v for _l, v in data) or 1
    pad_left, pad_top, font = 10, 24, 9
    slot = (width - pad_left * 2) / len(data)
    labels = [wrap_label(label, int(slot / (font * CHAR_WIDTH))) for label, _v in data]
    pad_bottom = 14 + 11 * max(len(lines) for lines in labels)
    height += pad_bottom - 40
    bar_w = min(56.0, max(6.0, slot * 0.62))
    plot_h = height - pad_bottom - pad_top
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">']
    parts.append(f'<line x1="{pad_left}" y1="{height - pad_bottom}" x2="{width - pad_left}" '
                 f'y2="{height - pad_bottom}" stroke="#9aa5ad" stroke-width="1"/>')
    for i, (_label, value) in enumerate(data):
        h = plot_h * (value / top)
        x = pad_left + i * slot + (slot - bar_w) / 2
        y = height - pad_bottom - h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                     f'rx="2" fill="{escape(colour)}"/>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 5:.1f}" font-size="10" '
                     f'text-anchor="middle" fill="#1d2a33">{value:g}</text>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{height - pad_bottom + 14:.1f}" '
                     f'font-size="{font}" text-anchor="middle" fill="#44525c">'
                     f'{_tspans(labels[i], x + bar_w / 2, 11)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  numbers and escaped labels only


def hbar_chart(data: list[tuple[str, float]], *, width: int = 520, colour: str = "#1f6f5c",
               title: str = "") -> str:
    """Horizontal bars, for long labels (countries, disciplines)."""
    if not data:
        return ""
    colour = adjust_for_contrast(colour, WHITE, GRAPHIC_CONTRAST)
    label_w, font, line_h = 190, 10, 12
    labels = [wrap_label(label, int((label_w - 12) / (font * CHAR_WIDTH)), 2)
              for label, _v in data]
    rows = [max(22, 10 + line_h * len(lines)) for lines in labels]
    height = sum(rows) + 10
    top = max(v for _l, v in data) or 1
    plot_w = width - label_w - 50
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">']
    y = 5
    for i, (_label, value) in enumerate(data):
        w = plot_w * (value / top)
        middle = y + rows[i] / 2
        first = middle + 4 - line_h * (len(labels[i]) - 1) / 2
        parts.append(f'<text x="{label_w - 8}" y="{first:.1f}" font-size="{font}" '
                     f'text-anchor="end" fill="#1d2a33">'
                     f'{_tspans(labels[i], label_w - 8, line_h)}</text>')
        parts.append(f'<rect x="{label_w}" y="{middle - 7:.1f}" width="{w:.1f}" height="14" '
                     f'rx="2" fill="{escape(colour)}"/>')
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{middle + 4:.1f}" font-size="{font}" '
                     f'fill="#1d2a33">{value:g}</text>')
        y += rows[i]
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  numbers and escaped labels only
