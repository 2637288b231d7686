"""The indicators as CSV and XLSX: the same tables as the PDF, with the same small-cell rule
(they are written from ``indicators.as_data``, whose suppressed cells already read "< 5")
and the EU funding statement."""

import csv
import io
import math

from django.utils.translation import gettext as _

EU_BLUE, EU_GOLD = "#003399", "#FFCC00"


def _period(data) -> str:
    start, end = data["period"]["start"], data["period"]["end"]
    if not start and not end:
        return _("Every date")
    return _("From %(start)s to %(end)s") % {"start": start or "…", "end": end or "…"}


def _heading(data) -> list[list[str]]:
    return [
        [_("CreaConnect programme indicators")],
        [_("Period"), _period(data)],
        [_("Co-funded by the European Union")],
        [_("Counts of fewer than %(n)s people are shown as “%(shown)s”.")
         % {"n": data["min_cell"], "shown": data["suppressed"]}],
    ]


def _cell(value):
    return "" if value is None else value


def to_csv(data: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(_heading(data))
    writer.writerow([])
    writer.writerow([_("Section"), _("Table"), _("Figure"), *data["columns"]])
    for section in data["sections"]:
        for table in section["tables"]:
            for row in table["rows"]:
                writer.writerow([section["title"], table["title"], row["label"],
                                 *[_cell(v) for v in row["values"]]])
    # A byte-order mark so spreadsheet programs read the accents right.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def emblem_png(height: int = 60) -> bytes:
    """The EU emblem drawn with Pillow from its geometry (as ``static/img/eu-emblem.svg``):
    a 3:2 blue rectangle, twelve gold five-pointed stars on a circle of radius height / 3,
    each inscribed in a circle of radius height / 18, one point up."""
    from PIL import Image, ImageDraw

    scale = 4  # drawn large, then reduced: smooth edges
    h = height * scale
    w = h * 3 // 2
    image = Image.new("RGB", (w, h), EU_BLUE)
    draw = ImageDraw.Draw(image)
    outer = h / 18
    inner = outer * math.sin(math.radians(18)) / math.sin(math.radians(126))
    for hour in range(12):
        a = math.radians(-90 + 30 * hour)
        x, y = w / 2 + h / 3 * math.cos(a), h / 2 + h / 3 * math.sin(a)
        points = []
        for k in range(10):
            radius, b = (outer if k % 2 == 0 else inner), math.radians(-90 + 36 * k)
            points.append((x + radius * math.cos(b), y + radius * math.sin(b)))
        draw.polygon(points, fill=EU_GOLD)
    image = image.resize((w // scale, h // scale), Image.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def to_xlsx(data: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image as XLImage
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Indicators")[:31]
    sheet.append([""])  # the emblem sits beside the title
    for line in _heading(data):
        sheet.append(line)
    sheet["A2"].font = Font(bold=True, size=14)
    logo = XLImage(io.BytesIO(emblem_png()))
    sheet.add_image(logo, "E1")
    sheet.append([])
    for section in data["sections"]:
        sheet.append([section["title"]])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=13)
        for table in section["tables"]:
            sheet.append([table["title"], *data["columns"]])
            for column in range(1, len(data["columns"]) + 2):
                sheet.cell(row=sheet.max_row, column=column).font = Font(bold=True)
            for row in table["rows"]:
                sheet.append([row["label"], *[_cell(v) for v in row["values"]]])
                for column in range(2, len(data["columns"]) + 2):
                    sheet.cell(row=sheet.max_row, column=column).alignment = Alignment(
                        horizontal="right")
            if not table["rows"]:
                sheet.append([_("No data for this period.")])
            if table["note"]:
                sheet.append([table["note"]])
            sheet.append([])
    sheet.column_dimensions["A"].width = 48
    for column in range(2, len(data["columns"]) + 2):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = 16
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
