"""Dates and numbers follow the page's language: /fr/ shows "24 novembre 2026" and decimal
commas, English pages their own formats. No template hard-codes a date format."""

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django_scopes import scope

from hackathons.models import Criterion
from tests.factories import CallFactory, CohortFactory, make_hackathon

CLOSES = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)


def test_call_page_dates_in_french_and_english(client, hub_a):
    with scope(hub=hub_a):
        cohort = CohortFactory(hub=hub_a, starts_on=date(2027, 2, 1), ends_on=date(2027, 6, 30))
        call = CallFactory(hub=hub_a, cohort=cohort, slug="dated",
                           opens_at=datetime(2026, 10, 1, 9, 0, tzinfo=UTC), closes_at=CLOSES)
    fr = client.get(f"/fr/programme/calls/{call.slug}/").content.decode()
    assert "24 novembre 2026" in fr
    assert "février 2027" in fr
    assert "juin 2027" in fr
    client.cookies.clear()
    en = client.get(f"/programme/calls/{call.slug}/").content.decode()
    assert "24 November 2026" in en
    assert "February 2027" in en
    assert "novembre" not in en


def test_decimal_numbers_use_the_local_separator(client, hub_a):
    h = make_hackathon(hub_a, slug="weights")
    with scope(hub=hub_a):
        Criterion.objects.create(hackathon=h, name="Feasibility", weight=Decimal("1.50"),
                                 order=3)
    fr = client.get(f"/fr/hackathons/{h.slug}/").content.decode()
    assert "(×1,50)" in fr
    client.cookies.clear()
    en = client.get(f"/hackathons/{h.slug}/").content.decode()
    assert "(×1.50)" in en


def test_no_template_hard_codes_a_date_format():
    """``|date`` and ``|time`` take a named, localised format (DATE_FORMAT, ...) only."""
    root = Path(settings.BASE_DIR)
    offenders = []
    for path in root.glob("**/templates/**/*.html"):
        if ".venv" in path.parts or "node_modules" in path.parts:
            continue
        for match in re.finditer(r"\|(?:date|time):\"([^\"]*)\"", path.read_text()):
            if not re.fullmatch(r"[A-Z_]+_FORMAT|c|U", match.group(1)):
                offenders.append(f"{path.relative_to(root)}: {match.group(0)}")
    assert offenders == []


def test_dates_in_messages_follow_the_recipients_language(hub_a, participant):
    from creaconnect.core.i18n_content import LocalisedDate
    from creaconnect.notifications.services import notify

    participant.preferred_language = "fr"
    n = notify(kind="hackathon.started", user=participant, hub=hub_a,
               context={"hackathon": "H", "deadline": LocalisedDate(CLOSES)})
    assert n.context["deadline"] == "24 novembre 2026 à 17:00 UTC"
    participant.preferred_language = "en"
    n = notify(kind="hackathon.started", user=participant, hub=hub_a,
               context={"hackathon": "H", "deadline": LocalisedDate(CLOSES)})
    assert n.context["deadline"] == "24 November 2026, 17:00 UTC"
