"""Reports' part of a personal data export and of an account erasure.

Reports are the hubs' documents, not the requester's; the export lists the ones the person
asked for. On erasure the requester link stays (the user row stays, anonymised) and any
request parameter naming them is scrubbed.
"""

from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from creaconnect.core import registry

from .models import Report


class ReportPrivacy:
    key = "reports"
    order = 70
    label = _("Reports you requested")

    def export(self, user):
        return [{"report": str(r), "requested": r.created, "state": r.state}
                for r in Report.objects.filter(requested_by=user)]

    def files(self, user):
        return []

    def anonymise(self, user, identity):
        mentions = (Report.objects.annotate(params_text=Cast("params", TextField()))
                    .filter(identity.q("params_text", "error")))
        for report in mentions:
            report.params = identity.scrub(report.params)
            report.error = identity.scrub(report.error)
            report.save(update_fields=["params", "error"])


registry.privacy_providers.append(ReportPrivacy())
