"""Concurrency of team joins, reminder jobs, the results report, registered extensions."""

import re
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from creaconnect.core import registry
from creaconnect.notifications import kinds as notification_kinds
from creaconnect.notifications.models import Notification
from creaconnect.notifications.services import render
from creaconnect.reports import services as report_services
from creaconnect.reports.models import Report, ReportState
from hackathons import tasks
from hackathons.models import (
    Criterion,
    HackathonStatus,
    JudgeAssignment,
    MentorAssignment,
    Score,
    TeamMembership,
    TeamStatus,
)
from hackathons.services import HackathonError, event
from hackathons.services import teams as team_services
from tests.factories import make_hackathon, make_judge, make_submission, make_team, registered

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_team_size_is_never_exceeded_under_concurrent_joins(hub_a):
    h = make_hackathon(hub_a, team_max=3)
    team = make_team(h, size=1)
    joiners = [registered(h, i=i + 1) for i in range(8)]
    barrier = threading.Barrier(len(joiners))
    outcomes = []

    def join(user):
        try:
            barrier.wait()
            with scope(hub=hub_a):
                team_services.join_with_code(hackathon=h, code=team.invite_code, actor=user)
            outcomes.append("joined")
        except HackathonError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=join, args=(u,)) for u in joiners]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with scope(hub=hub_a):
        assert TeamMembership.objects.filter(team=team).count() == 3
    assert outcomes.count("joined") == 2
    assert outcomes.count("refused") == 6


@pytest.mark.django_db
def test_submission_reminder_goes_once_to_teams_without_a_final_submission(hub_a):
    soon = timezone.now() + timedelta(hours=20)
    h = make_hackathon(hub_a, status=HackathonStatus.RUNNING, submission_deadline=soon,
                       registration_closes=soon - timedelta(days=2),
                       judging_opens=soon, judging_closes=soon + timedelta(days=3))
    waiting = make_team(h, size=2, status=TeamStatus.LOCKED, name="Late")
    done = make_team(h, size=2, status=TeamStatus.LOCKED, name="Done", offset=4)
    make_submission(done, submitted=True)
    make_submission(waiting, submitted=False)
    assert tasks.remind_submissions() == 2
    assert tasks.remind_submissions() == 0  # once only
    recipients = set(Notification.objects.filter(kind="hackathon.submission_reminder")
                     .values_list("recipient_id", flat=True))
    with scope(hub=hub_a):
        assert recipients == set(TeamMembership.objects.filter(team=waiting)
                                 .values_list("user_id", flat=True))
    # Not yet due (deadline further than 24 h away): nothing.
    far = make_hackathon(hub_a, status=HackathonStatus.RUNNING, slug="far")
    make_team(far, size=2, status=TeamStatus.LOCKED, offset=8)
    assert tasks.remind_submissions() == 0


@pytest.mark.django_db
def test_judging_reminder_goes_once_to_judges_with_unscored_work(hub_a):
    closes = timezone.now() + timedelta(hours=30)
    h = make_hackathon(hub_a, status=HackathonStatus.JUDGING, judging_closes=closes,
                       judging_opens=closes - timedelta(days=3),
                       submission_deadline=closes - timedelta(days=3),
                       registration_closes=closes - timedelta(days=5))
    sub = make_submission(make_team(h, size=2))
    lazy, busy = make_judge(h), make_judge(h)
    with scope(hub=hub_a):
        JudgeAssignment.objects.create(hackathon=h, submission=sub, judge=lazy)
        JudgeAssignment.objects.create(hackathon=h, submission=sub, judge=busy,
                                       scored_at=timezone.now())
    assert tasks.remind_judges() == 1
    assert tasks.remind_judges() == 0
    note = Notification.objects.get(kind="hackathon.judging_reminder")
    assert note.recipient == lazy
    subject, text, _html = render(note)
    assert "closes soon" in subject
    assert "1 submission" in text


def test_beat_schedule_names_real_tasks():
    from django.conf import settings

    names = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "hackathons.tasks.task_remind_submission_deadline" in names
    assert "hackathons.tasks.task_remind_judges" in names


@pytest.mark.django_db
def test_every_kind_renders(hub_a):
    context = {"hackathon": "H", "team": "T", "person": "P", "message": "m", "accepted": True,
               "captain": "C", "member": "M", "previous": "P", "problems": ["x"],
               "mentor": "Mo", "title": "Ti", "until": "2026-01-01 10:00 UTC",
               "deadline": "2026-01-01 10:00 UTC", "author": "A", "closes": "soon",
               "count": 2, "status": "ok", "waitlisted": False}
    keys = [k for k in notification_kinds.KINDS if k.startswith("hackathon.")]
    assert len(keys) >= 19
    for key in keys:
        n = Notification(kind=key, context=context, email="x@example.org", language="en")
        subject, text, _html = render(n)
        assert subject.strip(), key
        assert "{{" not in text, key


@pytest.mark.django_db
def test_results_report_pdf(hub_a, staff_a):
    from pypdf import PdfReader

    h = make_hackathon(hub_a, status=HackathonStatus.JUDGING, title="Heritage Remix")
    subs = [make_submission(make_team(h, size=2, offset=i * 2, name=f"Crew {i}"))
            for i in range(3)]
    judges = [make_judge(h) for _ in range(2)]
    with scope(hub=hub_a):
        crit = list(Criterion.objects.filter(hackathon=h))
        for i, sub in enumerate(subs):
            for j, judge in enumerate(judges):
                JudgeAssignment.objects.create(hackathon=h, submission=sub, judge=judge,
                                               scored_at=timezone.now())
                for c in crit:
                    Score.objects.create(hackathon=h, submission=sub, judge=judge, criterion=c,
                                         value=(i + j + 3) % 11)
        event.publish_results(hackathon=h, actor=staff_a)
        report = report_services.request_report(kind="hackathon_results", hub=hub_a,
                                                params={"hackathon": h.pk, "slug": h.slug},
                                                actor=staff_a)
    assert report_services.run_report(report.pk) == "done"
    with scopes_disabled():
        report = Report.objects.get(pk=report.pk)
    assert report.state == ReportState.DONE
    with report.file.open("rb") as fh:
        text = " ".join(page.extract_text() for page in PdfReader(fh).pages)
    text = re.sub(r"\s+", " ", text)
    for needle in ("Heritage Remix", "Ranking", "Crew 0", "Criterion breakdown",
                   "Judge statistics"):
        assert needle in text, needle
    report.file.delete(save=False)


@pytest.mark.django_db
def test_dashboard_mentor_and_open_now_providers():
    from hubs.models import Hub

    hub = Hub.objects.create(slug="p", name="P", city="x", country="FR", description="d")
    h = make_hackathon(hub)
    team = make_team(h, size=2)
    from tests.factories import UserFactory

    mentor = UserFactory()
    with scope(hub=hub):
        MentorAssignment.objects.create(hackathon=h, team=team, mentor=mentor)
    request = RequestFactory().get("/")
    request.user = team.captain
    sections = [s for p in registry.dashboard_section_providers for s in p(request)]
    assert any(s["template"] == "hackathons/_dashboard.html" for s in sections)
    request.user = mentor
    sections = [s for p in registry.mentor_section_providers for s in p(request)]
    # The team's mentor also gets the office-hours section (they may offer hours to the team).
    templates = [s["template"] for s in sections]
    assert templates.count("hackathons/_mentor.html") == 1
    assert "programme/office_hours/_mentor_section.html" in templates
    mentor_section = next(s for s in sections if s["template"] == "hackathons/_mentor.html")
    from django.template.loader import render_to_string

    html = render_to_string("hackathons/_mentor.html", {"ctx": mentor_section["context"]})
    assert team.name in html
    items = [i for p in registry.open_now_providers for i in p(request)]
    assert any(i["title"] == h.title for i in items)


def test_permission_names_used_in_views_exist():
    import rules

    pattern = re.compile(r"(?:permission_required = |has_perm\()\"([a-z_]+\.[a-z_]+)\"")
    used = set()
    for path in (ROOT / "hackathons" / "views").glob("*.py"):
        used |= set(pattern.findall(path.read_text()))
    assert "hackathons.manage_hackathon" in used
    assert "hackathons.score_submission" in used
    assert {u for u in used if not rules.perm_exists(u)} == set()
