"""What the PDFs show: chart labels kept whole, a cover with the figures and the date, the hub
overview's twelve months (zeros included) and hackathon figures, the results chart in rank
order."""

import re
from datetime import timedelta
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.utils import timezone
from django_scopes import scope
from pypdf import PdfReader

from creaconnect.core.models import AuditEntry
from creaconnect.reports.charts import bar_chart, hbar_chart, wrap_label
from creaconnect.reports.services import render_pdf
from hackathons.models import HackathonStatus, Submission
from hubs.reports import build_hub_overview
from tests.factories import make_hackathon, make_submission, make_team
from tests.helpers import pdf_text

LONG = "Prototype and first user test"


def svg_text(svg: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", svg).split())


def test_long_labels_are_wrapped_not_cut():
    assert " ".join(wrap_label(LONG, 12)) == LONG
    for chart in (bar_chart([(LONG, 3), ("Pitch", 1)] * 4), hbar_chart([(LONG, 3)])):
        assert all(word in svg_text(chart) for word in LONG.split())
        assert "tes<" not in chart


def test_too_long_labels_end_with_an_ellipsis():
    lines = wrap_label("word " * 40, 10, 2)
    assert len(lines) == 2
    assert lines[-1].endswith("…")


@pytest.mark.django_db
def test_hub_overview_has_twelve_months_and_hackathon_figures(hub_a, staff_a):
    make_submission(make_team(make_hackathon(hub_a, slug="fig")))
    AuditEntry.objects.create(hub_id=hub_a.pk, action="x.y", actor=staff_a)
    ctx = build_hub_overview(SimpleNamespace(hub_id=hub_a.pk))
    assert ctx["activity_chart"].count("<rect") == 12  # one bar per month, zeros included
    labels = dict(ctx["figures"])
    assert labels["Hackathons hosted"] == 1
    assert labels["Hackathon projects submitted"] == 1
    assert labels["Hackathon participants"] == 2


@pytest.mark.django_db
def test_cover_shows_the_figures_and_the_date(hub_a, staff_a):
    ctx = build_hub_overview(SimpleNamespace(hub_id=hub_a.pk))
    pdf, _pages, _f = render_pdf("reports/hub_overview.html", ctx)
    cover = PdfReader(BytesIO(pdf)).pages[0].extract_text()
    assert "AT A GLANCE" in cover
    assert "Hackathons hosted" in cover
    assert "Produced on" in cover
    assert pdf_text(pdf).count("Hackathons hosted") == 1  # not repeated in the body


@pytest.mark.django_db
def test_results_chart_falls_with_the_rank(hub_a):
    from hackathons.reports import build_results_report

    h = make_hackathon(hub_a, slug="res", status=HackathonStatus.RESULTS_PUBLISHED,
                       judging_closes=timezone.now() - timedelta(days=1),
                       judging_opens=timezone.now() - timedelta(days=2),
                       submission_deadline=timezone.now() - timedelta(days=3),
                       starts_at=timezone.now() - timedelta(days=5),
                       ends_at=timezone.now() - timedelta(days=3),
                       registration_closes=timezone.now() - timedelta(days=6))
    subs = [make_submission(make_team(h, offset=2 * k)) for k in range(3)]
    with scope(hub=hub_a):
        for sub in subs:
            Submission.objects.filter(pk=sub.pk).update(rank=None)
    ctx = build_results_report(SimpleNamespace(hub_id=hub_a.pk, params={"hackathon": h.pk}))
    values = [r.normalised for r in ctx["rows"]]
    assert values == sorted(values, reverse=True)
    assert dict(ctx["figures"])["Projects ranked"] == len(ctx["rows"])
