"""A reporting period: the one way query functions filter rows by an optional date range."""

from datetime import date

from django.db.models import Q


def period_q(lookup: str, start: date | None = None, end: date | None = None) -> Q:
    """``Q`` keeping rows whose ``lookup`` (a date, or ``<datetime field>__date``) falls in
    ``[start, end]``, both ends included and each optional."""
    q = Q()
    if start is not None:
        q &= Q(**{f"{lookup}__gte": start})
    if end is not None:
        q &= Q(**{f"{lookup}__lte": end})
    return q
