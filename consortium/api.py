"""``GET /api/v1/indicators``: the funder's programme indicators as open data.

The same tables as the report, with the same small-cell rule (a count of fewer than five
people reads "< 5", and the cells that would give it away by subtraction are hidden too).
A router of the open-data API (``showcase.api``), added to it when the consortium app is
ready: the showcase app does not import the consortium.
"""

import hashlib
from datetime import date

from django.core.cache import cache
from ninja import Field, Query, Router, Schema

from showcase.api import ERRORS, api

from .indicators import as_data, build_indicators

CACHE_SECONDS = 300

router = Router(tags=["indicators"])


class PeriodIn(Schema):
    start: date | None = Field(None, description="First day of the period (included).")
    end: date | None = Field(None, description="Last day of the period (included). An end "
                                               "before the start is an empty period.")


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
    key = "consortium:api:indicators:" + hashlib.sha256(
        f"{period.start}|{period.end}|{request.LANGUAGE_CODE}".encode()).hexdigest()[:32]
    data = cache.get(key)
    if data is None:
        data = as_data(build_indicators(start=period.start, end=period.end))
        cache.set(key, data, CACHE_SECONDS)
    return data


api.add_router("", router)
