"""Factory of the report row (queued; ``hub_id`` a plain id, as on the model)."""

from creaconnect.core.factories import ModelFactory

from .models import Report


class ReportFactory(ModelFactory):
    class Meta:
        model = Report

    kind = "hub_overview"
