"""The funder's indicators: the figures, the small-cell rule (no cell under 5 leaks, not even
by subtraction), consent, an empty period, and a fixed number of queries."""

import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from consortium.indicators import (
    MIN_CELL,
    SUPPRESSED,
    build_indicators,
    suppression_mask,
)
from creaconnect.accounts.models import ConsentRecord, Profile
from programme.models import ApplicationState
from tests.consortium.conftest import populate
from tests.factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db


def applicants(hub, n, *, country="", gender="", consent=True, birth_year=None,
               fewer=None, disciplines=()):
    """``n`` people who applied to a call of ``hub`` today, with the given profile."""
    now = timezone.now()
    with scopes_disabled():
        call = CallFactory(hub=hub)
        people = []
        for _ in range(n):
            app = ApplicationFactory(call=call, state=ApplicationState.ACCEPTED,
                                     submitted_at=now)
            Profile.objects.update_or_create(user=app.applicant, defaults={
                "country": country, "gender": gender, "birth_year": birth_year,
                "fewer_opportunities": fewer, "disciplines": list(disciplines)})
            if consent:
                ConsentRecord.objects.create(user=app.applicant, kind="demographics",
                                             version="1")
            people.append(app.applicant)
    return people


def table(indicators, key):
    return next(t for t in indicators.tables if t.key == key)


def row(indicators, table_key, row_key):
    return next(r for r in table(indicators, table_key).rows if r.key == row_key)


def assert_no_leak(indicators):
    """No visible count of people from 1 to 4, and no group (a row; the categories of a
    breakdown with their total) holds exactly one hidden cell, which subtraction from the
    group's total would reveal."""
    for t in indicators.tables:
        people = [r for r in t.rows if r.people]
        for r in people:
            for value in r.values:
                assert not (isinstance(value, int) and 0 < value < MIN_CELL), (t.key, r.key)
            assert sum(v == SUPPRESSED for v in r.values) != 1, (t.key, r.key, r.values)
        if t.breakdown and people:
            for j in range(len(people[0].values)):
                column = [r.values[j] for r in people]
                assert sum(v == SUPPRESSED for v in column) != 1, (t.key, j, column)


# --- The rule itself ------------------------------------------------------------------------

def test_primary_and_secondary_suppression():
    # Row: hubs 3, 7, 20 and total 30: hiding 3 alone would leave 30 - 7 - 20 = 3.
    mask = suppression_mask([[3, 7, 20, 30]], column_groups=False)
    assert mask == [[True, True, False, False]]
    # Zero is not hidden; a group with nothing hidden is left alone.
    assert suppression_mask([[0, 5, 9, 14]], column_groups=False) == [[False] * 4]


def test_random_tables_never_leak_by_subtraction():
    rng = random.Random(16)
    for _ in range(300):
        hubs = rng.randint(1, 6)
        cats = rng.randint(1, 6)
        body = [[rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 12, 40]) for _h in range(hubs)]
                for _c in range(cats)]
        matrix = [r + [sum(r)] for r in body]  # a total column
        matrix.insert(0, [sum(col) for col in zip(*matrix, strict=True)])  # and a total row
        mask = suppression_mask(matrix, column_groups=True)
        for i, r in enumerate(matrix):
            for j, value in enumerate(r):
                if 0 < value < MIN_CELL:
                    assert mask[i][j]
            assert sum(mask[i]) != 1
        for j in range(len(matrix[0])):
            assert sum(mask[i][j] for i in range(len(matrix))) != 1


# --- The report's figures -------------------------------------------------------------------

def test_small_hub_is_suppressed_everywhere(hub_a, hub_b):
    applicants(hub_a, 3, country="FR", gender="woman")
    applicants(hub_b, 6, country="RS", gender="man", birth_year=1995, fewer=True,
               disciplines=["design"])
    applicants(hub_b, 5, country="BE", gender="woman", birth_year=1980)
    data = build_indicators()
    hubs = [h.pk for h in data.hubs]
    a, b = hubs.index(hub_a.pk), hubs.index(hub_b.pk)
    everyone = row(data, "roles", "all")
    assert everyone.values[a] == SUPPRESSED  # 3 people
    # 3 + 11 = 14 in the programme column: hub B shown, it would give 14 - 11 = 3.
    assert everyone.values[b] == SUPPRESSED
    assert everyone.values[-1] == 14
    countries = table(data, "country")
    serbia = next(r for r in countries.rows if r.key == "country:RS")
    assert serbia.values[b] == 6
    outside = row(data, "eu", "eu:non_eu")
    assert outside.values[b] == 6
    assert row(data, "fewer", "fewer:yes").values[b] == 6
    assert row(data, "age", "age:25_34").values[b] == 6  # born 1995
    assert_no_leak(data)


def test_people_without_consent_are_not_stated(hub_a):
    applicants(hub_a, 6, country="FR", gender="woman", consent=False)
    data = build_indicators()
    a = [h.pk for h in data.hubs].index(hub_a.pk)
    assert row(data, "gender", "gender:").values[a] == 6
    assert row(data, "country", "country:").values[a] == 6
    assert not any(r.key == "country:FR" for r in table(data, "country").rows)
    assert row(data, "reach", "mobile:").values[a] == 0


def test_mobility_and_newcomers(hub_a):
    """People living in Serbia who applied to a French hub took part abroad."""
    people = applicants(hub_a, 5, country="RS")
    applicants(hub_a, 5, country="FR")
    data = build_indicators()
    a = [h.pk for h in data.hubs].index(hub_a.pk)
    assert row(data, "reach", "mobile:").values[a] == 5
    # With a period starting tomorrow nobody took part; from yesterday everyone is new.
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert row(build_indicators(start=tomorrow), "roles", "all").values[a] == 0
    yesterday = timezone.localdate() - timedelta(days=1)
    period = build_indicators(start=yesterday)
    assert row(period, "newcomer", "newcomer:new").values[a] == 10
    assert len(people) == 5


def test_empty_period_and_hub_without_data_render(hub_a, hub_b):
    populate(hub_a, 1)
    data = build_indicators(start=date(2001, 1, 1), end=date(2001, 12, 31))
    assert not any(t.has_data for t in data.tables)
    assert_no_leak(data)
    data = build_indicators()
    b = [h.pk for h in data.hubs].index(hub_b.pk)
    assert row(data, "roles", "all").values[b] == 0
    assert_no_leak(data)


def test_query_count_does_not_grow_with_data(hub_a, hub_b):
    populate(hub_a, 1)
    with CaptureQueriesContext(connection) as small:
        build_indicators()
    populate(hub_a, 3)
    populate(hub_b, 3)
    applicants(hub_b, 7, country="IT")
    with CaptureQueriesContext(connection) as large:
        build_indicators()
    assert len(small) == len(large)
    assert len(large) <= 30


# --- The report: PDF, CSV, XLSX, the page and its downloads ---------------------------------

def _run(admin_user, **params):
    from consortium.reports import KIND
    from creaconnect.reports import services

    report = services.request_report(kind=KIND, params=params, actor=admin_user)
    assert services.run_report(report.pk) == "done", report.error
    report.refresh_from_db()
    return report


def _small_numbers(values):
    return [v for v in values if v.isdigit() and 0 < int(v) < MIN_CELL]


def test_report_pdf_csv_and_xlsx_hide_small_cells(client, hub_a, hub_b, admin_user,
                                                  staff_a):
    import csv
    import io

    from openpyxl import load_workbook

    from tests.helpers import pdf_text

    applicants(hub_a, 3, country="FR", gender="woman")
    applicants(hub_b, 7, country="RS", gender="man", birth_year=1990)
    report = _run(admin_user)
    client.force_login(admin_user)
    base = f"/consortium/indicators/{report.pk}/download"
    response = client.get(f"{base}.pdf")
    pdf = b"".join(response.streaming_content)
    text = pdf_text(pdf)
    assert "Programme indicators" in text
    assert "Co-funded by the European Union" in text
    assert "< 5" in text
    assert "Serbia" in text
    response = client.get(f"{base}.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content)
                                       .decode("utf-8-sig"))))
    assert ["Co-funded by the European Union"] in rows
    people = [r for r in rows if len(r) > 3 and r[1].startswith(("People", "By ", "Newcomers",
                                                                "Residence"))]
    assert people, rows
    for r in people:
        assert not _small_numbers(r[3:]), r
    everyone = next(r for r in people if r[2] == "All people")
    assert everyone[3:5] == ["< 5", "< 5"]  # 3 in hub A; hub B hidden too, else 10 - 7 = 3
    assert everyone[-1] == "10"
    response = client.get(f"{base}.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [[str(c) if c is not None else "" for c in row]
             for row in book.active.iter_rows(values_only=True)]
    assert ["All people", "< 5", "< 5", "10"] == cells[[r[0] for r in cells]
                                                      .index("All people")][:4]
    assert any("Co-funded by the European Union" in r for r in cells)
    # Hub staff: nothing of it exists.
    client.force_login(staff_a)
    for ext in ("pdf", "csv", "xlsx"):
        assert client.get(f"{base}.{ext}").status_code == 404
    assert client.get("/consortium/indicators/").status_code == 404
    assert client.get(f"/consortium/indicators/{report.pk}/status/").status_code == 404


def test_empty_period_report_says_no_data(admin_user, hub_a):
    from tests.helpers import pdf_text

    report = _run(admin_user, start="2001-01-01", end="2001-12-31")
    with report.file.open("rb") as f:
        text = pdf_text(f.read())
    assert "No data for this period." in text
    assert "Co-funded by the European Union" in text


def test_page_requests_the_report_and_polls(client, admin_user, hub_a):
    client.force_login(admin_user)
    assert client.get("/consortium/indicators/").status_code == 200
    response = client.post("/consortium/indicators/", {"start": "2026-01-01",
                                                        "end": "2025-01-01"})
    assert response.status_code == 400  # end before start
    response = client.post("/consortium/indicators/", {"start": "2026-01-01", "end": ""})
    assert response.status_code == 302
    from creaconnect.reports.models import Report

    report = Report.objects.get(kind="programme_indicators")
    assert report.params == {"start": "2026-01-01", "end": ""}
    row = client.get(f"/consortium/indicators/{report.pk}/status/")
    assert b"hx-get" in row.content  # still queued: the row keeps polling
    assert client.get(f"/consortium/indicators/{report.pk}/download.csv").status_code == 404


def test_open_data_api_applies_the_same_rule(client, hub_a, hub_b, settings):
    settings.SHOWCASE_API_RATE = "100000/m"
    applicants(hub_a, 3, country="FR")
    applicants(hub_b, 7, country="RS")
    response = client.get("/api/v1/indicators")
    assert response.status_code == 200
    data = response.json()
    assert data["suppressed"] == "< 5"
    rows = [r for s in data["sections"] for t in s["tables"] for r in t["rows"]]
    everyone = next(r for r in rows if r["key"] == "all")
    assert everyone["values"][-1] == 10
    assert everyone["values"].count("< 5") == 2
    for r in rows:
        if r["key"].split(":")[0] in ("all", "role", "country", "gender", "age", "eu"):
            assert not [v for v in r["values"] if isinstance(v, int) and 0 < v < MIN_CELL], r
    assert client.get("/api/v1/indicators?year=nonsense").status_code == 422
    assert client.get("/api/v1/indicators?quarter=2").status_code == 200  # of this year
    assert client.get("/api/v1/indicators?year=2026&quarter=5").status_code == 422
    assert client.get("/api/v1/indicators?year=2026&quarter=4").status_code == 200
    assert "/api/v1/indicators" in client.get("/api/v1/openapi.json").json()["paths"]


def test_open_data_periods_are_whole_years_or_quarters():
    """Free start/end dates a day apart could be subtracted to reveal a hidden count."""
    from consortium.api import PeriodIn, period_dates

    assert period_dates(PeriodIn()) == (None, None)
    assert period_dates(PeriodIn(year=2026)) == (date(2026, 1, 1), date(2026, 12, 31))
    assert period_dates(PeriodIn(year=2026, quarter=1)) == (date(2026, 1, 1), date(2026, 3, 31))
    assert period_dates(PeriodIn(year=2026, quarter=4)) == (date(2026, 10, 1),
                                                            date(2026, 12, 31))
    assert "start" not in PeriodIn.model_fields
    assert "end" not in PeriodIn.model_fields


def test_site_footer_shows_the_eu_emblem(client):
    response = client.get("/en/", follow=True)
    assert b"Co-funded by the European Union" in response.content
    assert b"img/eu-emblem.svg" in response.content


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_renders_the_requested_report(celery_worker_process, client, hub_a):
    """Queued → running → done by a real worker: the page's request reaches it after
    commit, and the three files can then be downloaded."""
    from creaconnect.reports.models import Report, ReportState
    from tests.conftest import wait_for
    from tests.factories import UserFactory

    admin = UserFactory(is_programme_admin=True)
    applicants(hub_a, 6, country="BE")
    client.force_login(admin)
    assert client.post("/consortium/indicators/", {"start": "", "end": ""}).status_code == 302
    report = Report.objects.get(kind="programme_indicators")
    assert wait_for(lambda: Report.objects.get(pk=report.pk).state == ReportState.DONE,
                    timeout=90), celery_worker_process.log_path.read_text()[-3000:]
    row = client.get(f"/consortium/indicators/{report.pk}/status/").content
    assert b"hx-get" not in row
    assert b"download.xlsx" in row
    for ext in ("pdf", "csv", "xlsx"):
        response = client.get(f"/consortium/indicators/{report.pk}/download.{ext}")
        assert response.status_code == 200, ext
        assert b"".join(response.streaming_content)
