"""The live-stack smoke: the stack as `make run` starts it, used over real HTTP, then its logs.

Web (runserver), a Celery worker and Celery beat run as child processes on the test database
and the test Redis with ``DEBUG=true`` (so the development mailbox exists), the demo data is
loaded with ``manage.py seed_demo``, and a short scripted walk goes through the main journeys
with real HTTP requests: sign up and verify through the mailbox, apply and submit, a staff
decision (TOTP), a report rendered by the worker, an announcement to everyone, a hackathon
team's submission and a judge's scores. Once the outbox is empty, every process's log must hold
no line at ERROR level and no traceback, and every outbox row must be sent.
"""

import base64
import hashlib
import hmac
import re
import struct
import sys
import time
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from creaconnect.notifications.models import Notification, State
from devstack import DEMO_PASSWORD, DEMO_TOTP_SECRET

from .browser import Browser, Page
from .stack import ROOT, Stack, beat_entries_not_run, child_env, free_port, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-Long-pass-2026!"  # a test account's password
HUB = "pali-pali"
BEAT_SECONDS = 15


def totp_now(secret: str) -> str:
    """The current RFC 6238 code (SHA-1, 6 digits, 30 s), as an authenticator app shows it."""
    key = base64.b32decode(secret)
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 15
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 10**6:06d}"


def ok(page: Page) -> Page:
    assert page.status < 400, f"{page.status} at {page.url}:\n{page.visible_text()[:2000]}"
    return page


def sign_in(base: str, email: str, *, totp: bool = False) -> Browser:
    browser = Browser(base)
    page = ok(browser.get("/accounts/login/"))
    page = ok(browser.submit(page, page.form(has="password"),
                             {"login": email, "password": DEMO_PASSWORD}))
    if totp:
        page = ok(browser.submit(page, page.form(has="code"), {"code": totp_now(DEMO_TOTP_SECRET)}))
        if page.url.endswith("/2fa/authenticate/"):  # a code is accepted once: wait for the next
            time.sleep(31 - time.time() % 30)
            page = ok(browser.submit(page, page.form(has="code"),
                                     {"code": totp_now(DEMO_TOTP_SECRET)}))
    assert "/accounts/" not in page.url, page.visible_text()[:1500]  # signed in, moved on
    return browser


def fill_answers(form) -> dict:
    """A plausible answer for every empty field of an application step."""
    given, data = dict(form.fields), {}
    for name in form.names - {"csrfmiddlewaretoken"}:
        kind = form.types.get(name)
        if given.get(name):
            continue
        if kind in ("radio", "select", "checkbox"):
            data[name] = next(o for o in form.options[name] if o)
        elif kind == "number":
            data[name] = "3"
        elif kind == "url":
            data[name] = "https://example.org/smoke"
        elif kind in ("text", "textarea"):
            data[name] = "Smoke answer."
    return data


def mailbox_link(browser: Browser, address: str, pattern: str) -> str:
    """The first link matching ``pattern`` in a message to ``address`` in /dev/mail/."""
    page = ok(browser.get("/dev/mail/"))
    for href, entry in re.findall(r'<a href="(/dev/mail/[^"]+/)">(.*?)</a>', page.text, re.S):
        if address in entry:
            found = re.search(pattern, ok(browser.get(href)).text)
            if found:
                return found.group(1)
    raise AssertionError(f"no message to {address} with {pattern} in the mailbox")


def sign_up_and_verify(base: str) -> tuple[Browser, str]:
    browser, email = Browser(base), f"smoke-{uuid.uuid4().hex[:10]}@example.org"
    page = ok(browser.get("/accounts/signup/"))
    page = ok(browser.submit(page, page.form(has="email"), {
        "display_name": "Smoke Tester", "email": email, "password1": PASSWORD,
        "password2": PASSWORD, "accept_terms": "on"}))
    link = mailbox_link(browser, email, r'href="(https?://[^"]+/accounts/confirm-email/[^"]+)"')
    page = ok(browser.get(link))
    page = ok(browser.submit(page, page.form(button="Confirm"), button="Confirm"))
    assert "/dashboard/" in page.url, page.visible_text()[:1500]
    return browser, email


def apply_and_submit(browser: Browser, project: str) -> None:
    page = ok(browser.get("/programme/"))
    call = next(link for link in page.links(rf"^/programme/calls/{HUB}-[^/]+/$")
                if "open-call" in link)
    page = ok(browser.post(call + "apply/", {}))
    for _ in range(10):
        if "/step-" not in page.url:
            break
        form = page.form(button="Save and continue")
        answers = fill_answers(form)
        first_text = next((n for n in sorted(form.names) if form.types.get(n) == "text"), None)
        if first_text and "/step-1/" in page.url:
            answers[first_text] = project
        page = ok(browser.submit(page, form, answers, button="Save and continue"))
    page = ok(browser.submit(page, page.form(button="Submit my application"),
                             button="Submit my application"))
    assert "Your application is submitted" in page.visible_text()


def staff_decide(staff: Browser, project: str) -> None:
    page = ok(staff.get(f"/manage/{HUB}/calls/"))
    for listing in page.links(rf"^/manage/{HUB}/calls/\d+/applications/$"):
        rows = re.findall(r'href="(/manage/[^"]+/applications/\d+/)"[^>]*>(.*?)</a>',
                          ok(staff.get(listing)).text, re.S)
        mine = [href for href, text in rows if project in text]
        if mine:
            break
    else:
        raise AssertionError(f"{project} is in no application list")
    page = ok(staff.get(mine[0]))
    page = ok(staff.submit(page, page.form(button="Record and send"),
                           {"decision": "accepted", "message": "Welcome aboard, {name}!"},
                           button="Record and send"))
    page = ok(staff.submit(page, page.form(button="Send the decision"),
                           button="Send the decision"))
    assert "The decision is recorded and sent." in page.visible_text()


def render_report(staff: Browser) -> None:
    page = ok(staff.get(f"/manage/{HUB}/reports/"))
    before = set(page.links(r"/reports/\d+/"))
    page = ok(staff.submit(page, page.form(button="Prepare the PDF"),
                           button="Prepare the PDF"))
    status = [link for link in page.links(r"/reports/\d+/status/") if link not in before]
    assert status, page.visible_text()[:1500]
    download = []

    def done():
        download[:] = ok(staff.get(status[0])).links(r"/reports/\d+/download/")
        return bool(download)

    assert wait_until(done, timeout=60, interval=1), "the report was never rendered"
    pdf = ok(staff.get(download[0]))
    assert pdf.text.startswith("%PDF")


def announce(admin: Browser) -> None:
    page = ok(admin.get("/outbox/announce/"))
    page = ok(admin.submit(page, page.form(button="Send the announcement"),
                           {"subject": "Smoke announcement", "body": "Hello from the smoke."},
                           button="Send the announcement"))
    assert "The announcement is queued" in page.visible_text()


def team_submits(team: Browser) -> None:
    page = ok(team.get("/dashboard/"))
    team_page = page.links(r"^/hackathons/[^/]+/teams/\d+/$")[0]
    page = ok(team.get(team_page + "submission/"))
    page = ok(team.submit(page, page.form(button="Save the draft"), {
        "title": "Smoke submission", "summary": "What the smoke team built.",
        "description": "Built during the smoke test.", "challenge": None}
        | {k: v for k, v in fill_answers(page.form(button="Save the draft")).items()
           if k == "challenge"}, button="Save the draft"))
    page = ok(team.submit(page, page.form(button="Submit our work"), button="Submit our work"))
    assert "Smoke submission" in page.visible_text()


def judge_scores(judge: Browser) -> None:
    queue = ok(judge.get("/judge/"))
    for link in queue.links(r"^/judge/submissions/\d+/$"):
        page = ok(judge.get(link))
        if any("Save my scores" in label for f in page.forms() for *_, label in f.buttons):
            break
    else:
        raise AssertionError("the judge has nothing left to score")
    form = page.form(button="Save my scores")
    scores = {name: "7" for name, kind in form.types.items() if kind == "number"}
    page = ok(judge.submit(page, form, scores | {"comment_to_team": "Clear and useful."},
                           button="Save my scores"))


REMINDER_KINDS = {"hackathon.submission_reminder", "hackathon.judging_reminder",
                  "programme.application.draft_reminder", "programme.session.reminder"}


def bring_reminders_due() -> None:
    """Move demo deadlines into the reminder windows, so each beat job has people to remind:
    a running hackathon's deadline in 12 h with one team's work still a draft, judging closing
    in 24 h, calls with drafts closing in 24 h, a training session in 12 h."""
    from hackathons.models import (
        Hackathon,
        HackathonStatus,
        Submission,
        SubmissionStatus,
        Team,
        TeamStatus,
    )
    from programme.models import Application, ApplicationState, Call, SessionSignup

    now = timezone.now()
    with scopes_disabled():
        running = Hackathon.objects.filter(status=HackathonStatus.RUNNING)
        running.update(submission_deadline=now + timedelta(hours=12))
        Team.objects.filter(hackathon__in=running).update(status=TeamStatus.LOCKED)
        draft = Submission.objects.filter(hackathon__in=running).first()
        Submission.objects.filter(pk=draft.pk).update(status=SubmissionStatus.DRAFT)
        Hackathon.objects.filter(status=HackathonStatus.JUDGING).update(
            judging_closes=now + timedelta(hours=24))
        Call.objects.filter(applications__state=ApplicationState.DRAFT).update(
            closes_at=now + timedelta(hours=24))
        assert Application.objects.filter(state=ApplicationState.DRAFT).exists()
        session = SessionSignup.objects.select_related("session").first().session
        type(session).objects.filter(pk=session.pk).update(starts_at=now + timedelta(hours=12))


def test_live_stack_walk_leaves_clean_logs_and_an_empty_outbox(tmp_path):
    started = time.monotonic()
    port = free_port()
    # Every beat job runs every few seconds, so each one also runs over the demo data.
    stack = Stack(env=child_env(DEV_MAILBOX_DIR=str(tmp_path / "mail"),
                                CELERY_BEAT_INTERVAL_OVERRIDE_SECONDS=str(BEAT_SECONDS)),
                  log_dir=tmp_path)
    try:
        seed = stack.start("seed", [sys.executable, str(ROOT / "manage.py"), "seed_demo"])
        assert seed.proc.wait(timeout=150) == 0, seed.log()[-3000:]
        bring_reminders_due()
        worker, beat = stack.worker(), stack.beat()
        base = f"http://127.0.0.1:{port}"
        stack.web(port)

        applicant, _ = sign_up_and_verify(base)
        project = f"Smoke project {uuid.uuid4().hex[:8]}"
        apply_and_submit(applicant, project)
        staff = sign_in(base, f"staff.{HUB}@creaconnect.test", totp=True)
        staff_decide(staff, project)
        render_report(staff)
        announce(sign_in(base, "admin@creaconnect.test", totp=True))
        team_submits(sign_in(base, "participant@creaconnect.test"))
        judge_scores(sign_in(base, "judge@creaconnect.test"))

        def outbox_empty():
            with scopes_disabled():
                return not Notification.objects.filter(
                    state__in=[State.PENDING, State.SENDING]).exists()

        assert wait_until(outbox_empty, timeout=90, interval=1), "the outbox never emptied"
        wait_until(lambda: not any(beat_entries_not_run(beat.log(), worker.log()).values()),
                   timeout=60)
        assert wait_until(outbox_empty, timeout=60, interval=1), "the outbox never emptied"
    finally:
        stack.stop()

    assert beat_entries_not_run(beat.log(), worker.log()) == {"not sent": [],
                                                               "not succeeded": []}

    with scopes_disabled():
        states = dict.fromkeys(State.values, 0)
        for state in Notification.objects.values_list("state", flat=True):
            states[state] += 1
        reminded = set(Notification.objects.filter(kind__in=REMINDER_KINDS)
                       .values_list("kind", flat=True))
    assert reminded == REMINDER_KINDS  # every reminder job found people and reached them
    assert states[State.SENT] > 100, states  # the announcement alone reaches every demo person
    assert states == {**dict.fromkeys(State.values, 0), State.SENT: states[State.SENT]}
    assert stack.error_lines() == {c.name: [] for c in stack.children}
    jobs = len(re.findall(r"Sending due task ", beat.log()))
    print(f"live smoke: {states[State.SENT]} notifications sent, {jobs} beat jobs run, "
          f"{stack.line_count()} log lines checked, {time.monotonic() - started:.0f} s")
