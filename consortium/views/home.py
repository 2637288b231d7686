from django.shortcuts import render
from django.utils.translation import gettext as _

from creaconnect.reports.charts import hbar_chart
from hubs.queries import public_hubs

from ..figures import COLUMNS, FIGURES_TTL, cached_programme_rows
from ..forms import PeriodForm
from .base import ConsortiumView

# The figures drawn as charts, one bar per hub.
CHARTED = ("applications", "members", "training_hours", "registrations", "submissions",
           "projects")


class HomeView(ConsortiumView):
    def get(self, request):
        form = PeriodForm(request.GET or None)
        start, end = form.period() if form.is_bound else (None, None)
        hubs = list(public_hubs())
        rows, total, as_of = cached_programme_rows(hubs, start=start, end=end)
        labels = {key: label for key, label, _kind in COLUMNS}
        charts = []
        for key in CHARTED:
            data = [(row.hub.name, row.value(key)) for row in rows]
            title = _("%(figure)s per hub") % {"figure": labels[key]}
            charts.append({"title": title, "svg": hbar_chart(data, title=title)
                           if any(v for _n, v in data) else ""})
        return render(request, "consortium/home.html", {
            "form": form, "start": start, "end": end, "columns": COLUMNS, "rows": rows,
            "total": total, "charts": charts, "as_of": as_of,
            "kept_minutes": FIGURES_TTL // 60,
        })
