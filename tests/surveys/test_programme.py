"""Satisfaction in the programme console and in the funder's indicators: rates and ratings,
with the small-cell rule (under five responses: "< 5")."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from consortium.indicators import SUPPRESSED, build_indicators
from surveys import services
from surveys.models import Invitation, Survey

from .conftest import answer_all, ended_session

pytestmark = pytest.mark.django_db


def surveyed(hub, *, asked, answering, score):
    session, _users = ended_session(hub, present=asked, title=f"Session {hub.slug}")
    services.run_surveys()
    with scopes_disabled():
        survey = Survey.objects.get(session=session)
        answer_all(list(Invitation.objects.filter(survey=survey).order_by("pk"))[:answering],
                   score=score)
    return survey


def _rows(data):
    table = next(t for t in data.tables if t.key == "satisfaction")
    return {row.key: row.values for row in table.shown_rows}


def test_rates_and_ratings_with_small_cells_hidden(hub_a, hub_b):
    surveyed(hub_a, asked=6, answering=3, score=5)
    surveyed(hub_b, asked=8, answering=6, score=4)
    data = build_indicators()
    order = [h.pk for h in data.hubs]
    a, b = order.index(hub_a.pk), order.index(hub_b.pk)
    rows = _rows(data)
    assert rows["surveys_sent"][-1] == 2
    assert (rows["surveys_invited"][a], rows["surveys_invited"][b]) == (6, 8)
    # 3 responses in hub A are hidden; hub B's 6 too, else 9 - 6 = 3.
    assert rows["surveys_responded"][a] == rows["surveys_responded"][b] == SUPPRESSED
    assert rows["surveys_responded"][-1] == 9
    # A rate beside the people asked would give the hidden responses back.
    assert rows["response_rate"][a] == rows["response_rate"][b] == SUPPRESSED
    assert rows["response_rate"][-1] == 64
    assert rows["satisfaction:session"][a] == SUPPRESSED  # 3 ratings
    assert rows["satisfaction:session"][b] == 4.0
    assert rows["satisfaction:session"][-1] == 4.3
    assert rows["satisfaction:hackathon"][-1] is None  # no survey of that kind


def test_the_report_files_and_the_api_show_the_same(client, hub_a, hub_b, admin_user,
                                                    settings):
    import csv
    import io

    from consortium.reports import KIND
    from creaconnect.reports import services as report_services
    from tests.helpers import pdf_text

    surveyed(hub_a, asked=6, answering=3, score=5)
    surveyed(hub_b, asked=8, answering=6, score=4)
    report = report_services.request_report(kind=KIND, params={}, actor=admin_user)
    assert report_services.run_report(report.pk) == "done"
    client.force_login(admin_user)
    base = f"/consortium/indicators/{report.pk}/download"
    text = pdf_text(b"".join(client.get(f"{base}.pdf").streaming_content))
    assert "Satisfaction surveys" in text
    assert "Response rate (%)" in text
    rows = list(csv.reader(io.StringIO(b"".join(client.get(f"{base}.csv").streaming_content)
                                       .decode("utf-8-sig"))))
    responses = next(r for r in rows if len(r) > 3 and r[2] == "Responses")
    assert responses[3:] == ["< 5", "< 5", "9"], responses
    settings.SHOWCASE_API_RATE = "100000/m"
    data = client.get("/api/v1/indicators").json()
    api_rows = {r["key"]: r["values"] for s in data["sections"] for t in s["tables"]
                for r in t["rows"]}
    assert api_rows["surveys_responded"] == ["< 5", "< 5", 9]


def test_programme_console_lists_every_hubs_surveys(client, hub_a, hub_b, admin_user,
                                                    staff_a):
    surveyed(hub_a, asked=6, answering=3, score=5)
    surveyed(hub_b, asked=6, answering=5, score=4)
    client.force_login(admin_user)
    page = client.get("/consortium/surveys/").content.decode()
    assert "Session hub-a" in page
    assert "Session hub-b" in page
    assert "3 of 6" in page
    assert "5 of 6" in page
    assert "83%" in page  # the percent filter: English puts no space before the sign
    assert "4.0 / 5" in page
    assert "&lt; 5" in page
    assert f"/manage/{hub_b.slug}/surveys/" in page
    only_b = client.get(f"/consortium/surveys/?hub={hub_b.pk}").content.decode()
    assert "Session hub-a" not in only_b
    assert "Session hub-b" in only_b
    client.force_login(staff_a)
    assert client.get("/consortium/surveys/").status_code == 404


def test_programme_console_list_costs_the_same_whatever_its_length(client, hub_a, hub_b,
                                                                   admin_user):
    client.force_login(admin_user)
    surveyed(hub_a, asked=2, answering=1, score=4)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/consortium/surveys/").status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for hub in (hub_a, hub_b, hub_b):
        surveyed(hub, asked=3, answering=2, score=3)
    assert count() == small
