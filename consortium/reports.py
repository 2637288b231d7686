"""The funder's indicators report: a programme-wide ``Report`` kind.

The worker builds the tables once (``indicators.build_indicators``), renders the PDF from
them and stores the CSV and the XLSX of the same tables beside it, in private storage under
``reports/indicators/<report id>/`` with unguessable names. They leave the server only
through the permission-checked downloads of ``views/indicators.py``.
"""

from datetime import date

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from creaconnect.core.storage import random_filename
from creaconnect.reports import kinds as report_kinds
from creaconnect.reports.charts import hbar_chart

from . import exports
from .indicators import SUPPRESSED, as_data, build_indicators

KIND = "programme_indicators"
EXPORTS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
# The rows drawn as a chart of the programme column, one bar per category.
CHARTED = ("roles", "country", "gender", "age", "discipline", "hackathon_countries")


def period_params(start: date | None, end: date | None) -> dict:
    return {"start": start.isoformat() if start else "", "end": end.isoformat() if end else ""}


def _period(report) -> tuple:
    def parse(value):
        return date.fromisoformat(value) if value else None

    return parse(report.params.get("start")), parse(report.params.get("end"))


def export_folder(report_id: int) -> str:
    return f"reports/indicators/{int(report_id)}/"


def export_name(report_id: int, ext: str) -> str | None:
    """The stored name of a report's CSV or XLSX, or None."""
    folder = export_folder(report_id)
    try:
        _dirs, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return None
    names = sorted(name for name in files if name.endswith(f".{ext}"))
    return folder + names[-1] if names else None


def _chart(table) -> str:
    """Bars of the programme column; a suppressed cell is left out, never drawn."""
    data = [(str(row.label), row.values[-1]) for row in table.shown_rows
            if row.key != "all" and isinstance(row.values[-1], int | float)
            and row.values[-1] != SUPPRESSED and row.values[-1] > 0]
    return hbar_chart(data, title=str(table.title), colour="#003399") if data else ""


def build_indicators_report(report) -> dict:
    """The PDF's context; stores the CSV and XLSX of the same tables on the way."""
    start, end = _period(report)
    indicators = build_indicators(start=start, end=end)
    for table in indicators.tables:
        if table.key in CHARTED:
            table.chart = _chart(table)
    data = as_data(indicators)
    stem = f"programme-indicators-{report.pk}"
    for ext, content in (("csv", exports.to_csv(data)), ("xlsx", exports.to_xlsx(data))):
        default_storage.save(export_folder(report.pk) + random_filename(f"{stem}.{ext}"),
                             ContentFile(content))
    figures = []
    everyone = next((t for t in indicators.tables if t.key == "roles"), None)
    if everyone:
        figures.append((_("people taking part"), everyone.rows[0].values[-1]))
    return {"indicators": indicators, "start": start, "end": end,
            "generated": indicators.generated, "figures": figures, "allowed_media": set()}


def filename(report, ext: str = "pdf") -> str:
    return f"programme-indicators-{report.created:%Y%m%d}-{report.pk}.{ext}"


report_kinds.register(report_kinds.ReportKind(
    key=KIND, label=gettext_lazy("Programme indicators (for the funder)"),
    template="consortium/reports/indicators.html", build_context=build_indicators_report,
    scope="programme", permission="consortium.view_console", filename=filename,
    listed=False,
))
