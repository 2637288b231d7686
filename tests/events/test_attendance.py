"""The attendance list as a PDF (WeasyPrint, through the report worker's service), the
event figures for the funder's indicators, and the demo data."""

import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader

from creaconnect.reports import services as report_services
from creaconnect.reports.models import Report, ReportState
from events import services
from events.models import Event, EventKind, Registration, RegistrationStatus
from events.queries import event_indicators
from tests.events.conftest import add_registration, make_event
from tests.factories import UserFactory

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def test_attendance_list_pdf_names_people_with_check_in_times(client, hub_a, hub_b, staff_a,
                                                               staff_b):
    event = make_event(hub_a, slug="pitch-night", title="Pitch night at the Friche",
                       starts_in=-timedelta(hours=1), time_zone="Europe/Paris")
    present = add_registration(event, UserFactory(display_name="Léa O'Brien-Đorđević"),
                               organisation="Atelier Nord", country="FR")
    add_registration(event, UserFactory(display_name="Marco Absent"), organisation="Studio",
                     country="IT")
    add_registration(event, UserFactory(display_name="Wendy Waiting"),
                     status=RegistrationStatus.WAITLISTED)
    services.check_in(registration=present, actor=staff_a)
    client.force_login(staff_a)
    url = reverse("events_console:attendance", kwargs={"hub_slug": hub_a.slug,
                                                       "slug": event.slug})
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    with scopes_disabled():
        report = Report.objects.get(kind="event_attendance")
    assert report.params["event"] == event.pk
    assert report_services.run_report(report.pk) == "done"
    with scopes_disabled():
        report = Report.objects.get(pk=report.pk)
    assert report.state == ReportState.DONE
    with report.file.open("rb") as fh:
        data = fh.read()
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "events-attendance.pdf"
    pdf.write_bytes(data)
    if shutil.which("pdftoppm"):  # a picture to look at (tests/artifacts/)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf),
                        str(ARTIFACTS / "events-attendance")], check=True)
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(pdf).pages))
    for needle in ("Pitch night at the Friche", "Attendance list", "Léa O'Brien-Đorđević",
                   "Atelier Nord", "France", "Marco Absent", "Italy", "signature",
                   "checked in at", "co-funded by the european union"):
        assert needle.casefold() in text.casefold(), needle  # headings are upper-cased
    assert "Wendy Waiting" not in text
    # Another hub's staff cannot download it.
    client.force_login(staff_b)
    download = reverse("hub_reports:download", kwargs={"hub_slug": hub_a.slug,
                                                       "pk": report.pk})
    assert client.get(download).status_code == 404
    report.file.delete(save=False)


def test_event_indicators_count_events_registrations_and_attendance(hub_a, hub_b, staff_a):
    final = make_event(hub_a, slug="final", kind=EventKind.FINAL_EVENT,
                       is_programme_event=True, title="Final showcase")
    workshop = make_event(hub_b, slug="workshop")
    make_event(hub_b, slug="draft", state="draft")
    for event, n in ((final, 3), (workshop, 2)):
        for _ in range(n):
            add_registration(event)
    add_registration(workshop, status=RegistrationStatus.WAITLISTED)
    with scope(hub=hub_a):
        first = Registration.objects.filter(event=final).first()
    services.check_in(registration=first, actor=staff_a)
    figures = event_indicators()
    assert figures["n_events"] == 2
    assert figures["registrations"] == 5
    assert figures["attendance"] == 1
    assert [e["title"] for e in figures["final_events"]] == ["Final showcase"]
    assert figures["final_events"][0]["n_registered"] == 3
    later = event_indicators(start=final.starts_at.date() + timedelta(days=1))
    assert later["n_events"] == 0


def test_demo_has_the_final_event_and_hub_events_with_check_ins(db):
    call_command("seed_demo", verbosity=0)
    with scopes_disabled():
        final = Event.objects.get(is_programme_event=True)
        assert final.hub.slug == "la-friche"
        assert final.registrations.count() >= 5
        assert Event.objects.count() >= 4
        assert Registration.objects.filter(checked_in_at__isnull=False).exists()
        assert Registration.objects.filter(status=RegistrationStatus.WAITLISTED).exists()
    call_command("seed_demo", verbosity=0)  # idempotent
    with scopes_disabled():
        assert Event.objects.filter(is_programme_event=True).count() == 1


def test_funders_indicators_show_event_registrations_and_attendance(hub_a, staff_a):
    from consortium.indicators import build_indicators

    final = make_event(hub_a, slug="final", kind=EventKind.FINAL_EVENT,
                       is_programme_event=True)
    registrations = [add_registration(final) for _ in range(6)]
    for registration in registrations[:5]:
        services.check_in(registration=registration, actor=staff_a)
    indicators = build_indicators()
    rows = {row.key: row for table in indicators.tables for row in table.rows}
    column = [hub.pk for hub in indicators.hubs].index(hub_a.pk)
    assert rows["events"].values[column] == 1
    assert rows["event_registrations"].values[column] == 6
    assert rows["event_attendance"].values[column] == 5
    assert rows["final_event_attendance"].values[-1] == 5
