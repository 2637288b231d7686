"""``GET /api/v1/indicators``: the funder's programme indicators as open data.

The same tables as the report, with the same small-cell rule (a count of fewer than five
people reads "< 5", and the cells that would give it away by subtraction are hidden too).
A router of the open-data API (``showcase.api``), added to it when the consortium app is
ready: the showcase app does not import the consortium.
"""

import hashlib
from datetime import date, timedelta

from django.core.cache import cache
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from showcase.api import ERRORS, api

from .indicators import as_data, build_indicators

CACHE_SECONDS = 300

router = Router(tags=["indicators"])


class PeriodIn(Schema):
    """Whole calendar years or quarters only: with free start and end dates, two periods a
    day apart could be subtracted to reveal the few people the "< 5" rule hides."""

    year: int | None = Field(None, ge=2020, le=2100,
                             description="Calendar year; without it, the whole programme.")
    quarter: int | None = Field(None, ge=1, le=4,
                                description="Quarter (1-4) of the year given, else of this year.")


def period_dates(period: PeriodIn) -> tuple[date | None, date | None]:
    if period.year is None and period.quarter is None:
        return None, None
    year = period.year or timezone.localdate().year
    if period.quarter is None:
        return date(year, 1, 1), date(year, 12, 31)
    first_month = 3 * (period.quarter - 1) + 1
    start = date(year, first_month, 1)
    following = (date(year + 1, 1, 1) if period.quarter == 4
                 else date(year, first_month + 3, 1))
    return start, following - timedelta(days=1)


class RowOut(Schema):
    key: str
    label: str
    kind: str = Field(description="count, hours or rate (a percentage)")
    values: list[int | float | str | None] = Field(
        description="One value per column; a hidden count of people reads “< 5”.")


class TableOut(Schema):
    key: str
    title: str
    note: str
    rows: list[RowOut]


class SectionOut(Schema):
    title: str
    tables: list[TableOut]


class PeriodOut(Schema):
    start: date | None
    end: date | None


class IndicatorsOut(Schema):
    period: PeriodOut
    columns: list[str] = Field(description="One column per hub, then the programme.")
    suppressed: str
    min_cell: int
    sections: list[SectionOut]


@router.get("/indicators", response={200: IndicatorsOut, **ERRORS},
            summary="Programme indicators per hub (aggregates with small-cell suppression)")
def indicators(request, period: Query[PeriodIn]):
    start, end = period_dates(period)
    key = "consortium:api:indicators:" + hashlib.sha256(
        f"{start}|{end}|{request.LANGUAGE_CODE}".encode()).hexdigest()[:32]
    data = cache.get(key)
    if data is None:
        data = as_data(build_indicators(start=start, end=end))
        cache.set(key, data, CACHE_SECONDS)
    return data


api.add_router("", router)
