"""Every audit entry of the platform, hub or not, as sentences; filters and a CSV export."""

import csv
import html

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from creaconnect.core import audit
from creaconnect.core.http import private_download
from creaconnect.core.models import AuditEntry
from hubs.queries import public_hubs

from ..forms import AuditFilterForm
from .base import ConsortiumView

PAGE_SIZE = 50
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """Neutralise spreadsheet formulas in an exported cell (CSV injection)."""
    value = "" if value is None else str(value)
    return "'" + value if value[:1] in FORMULA_START else value


def action_choices() -> list[tuple[str, str]]:
    """Every action with a sentence, labelled by its sentence ("Someone published the call
    …"), never by its code."""
    someone, thing = _("Someone"), "…"
    return sorted(((code, str(sentence) % {"actor": someone, "target": thing})
                   for code, sentence in audit.ACTION_SENTENCES.items()),
                  key=lambda choice: choice[1].lower())


class AuditMixin:
    def filtered(self, request):
        hubs = public_hubs()  # evaluated once by the form
        form = AuditFilterForm(request.GET or None, hubs=hubs, actions=action_choices())
        entries = AuditEntry.objects.select_related("actor")
        filters = {}
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            filters = {k: str(v) for k, v in data.items() if v}
            if data["hub"] == AuditFilterForm.NO_HUB:
                entries = entries.filter(hub_id__isnull=True)
            elif data["hub"]:
                entries = entries.filter(hub_id=int(data["hub"]))
            if data["actor"]:
                entries = entries.filter(Q(actor__display_name__icontains=data["actor"])
                                         | Q(actor__email__icontains=data["actor"]))
            if data["action"]:
                entries = entries.filter(action=data["action"])
            if data["target"]:
                entries = entries.filter(target_label__icontains=data["target"])
            if data["start"]:
                entries = entries.filter(created__date__gte=data["start"])
            if data["end"]:
                entries = entries.filter(created__date__lte=data["end"])
        elif form.is_bound:
            entries = entries.none()
        hub_names = {hub.pk: hub.name for hub in hubs}
        return form, entries.order_by("-created", "-id"), hub_names, filters


class AuditView(AuditMixin, ConsortiumView):
    def get(self, request):
        form, entries, hub_names, _filters = self.filtered(request)
        page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
        # The sentence without a link to the target: a link needs one query per entry.
        rows = [(entry, hub_names.get(entry.hub_id, ""), audit.describe(entry))
                for entry in page.object_list]
        return render(request, "consortium/audit.html", {
            "form": form, "page": page, "rows": rows,
            "export_query": request.GET.urlencode(),
        })


class _Echo:
    def write(self, value):
        return value


class AuditExportView(AuditMixin, ConsortiumView):
    """The filtered log as CSV, streamed. The export is itself an audit entry."""

    def get(self, request):
        form, entries, hub_names, filters = self.filtered(request)
        audit.record(actor=request.user, action="audit.exported",
                     data={"filters": filters, "rows": entries.count()})
        writer = csv.writer(_Echo())
        header = [_("Time"), _("Hub"), _("Who"), _("What happened"), _("Action"),
                  _("Object type"), _("Object id"), _("Object")]

        def rows():
            yield writer.writerow(header)
            for entry in entries.iterator(chunk_size=2000):
                yield writer.writerow([csv_cell(v) for v in (
                    timezone.localtime(entry.created).isoformat(timespec="seconds"),
                    hub_names.get(entry.hub_id, ""),
                    entry.actor.email if entry.actor else "",
                    html.unescape(strip_tags(audit.describe(entry))), entry.action,
                    entry.target_type, entry.target_id, entry.target_label)])

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
        return private_download(response)
