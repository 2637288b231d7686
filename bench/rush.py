"""The deadline rush (issue 20): the last minutes before a call's and a hackathon's deadline.

    BENCH_SCENARIO=rush python -m devstack bench        (also the last step of `make bench`)
    python -m bench.rush [--applicants 300 --teams 100 --autosave-seconds 120 ...]

On its own database (``<db>_bench_rush``, migrated; the rush's hub, call, hackathon, people and
sessions are made fresh each run) and the production set-up of bench/run.py (gunicorn 2 × 4
threads, DEBUG=false, real PostgreSQL and Redis), locust (bench/rush_locust.py) drives:

- N applicants, each signed in, starting an application to a two-step call and autosaving
  (the htmx request of the step form, with the browser's sequence number) every 5 s with
  jitter; one save in five is a burst of two overlapping saves (a delayed save and the one
  sent on leaving the page), which may reach the server in either order. After the autosave
  period each one saves both steps in full and submits, at a random moment in the last
  ``--window`` seconds before the call closes; one in ten double-clicks submit. A few
  (``--late``) fill everything in but only submit after the deadline, three times.
- M hackathon teams (their captain) save the submission's text, upload a 2 MB PDF and submit,
  spread over the same period, before the hackathon's deadline (the call's).

Sign-in is not measured: the sessions are created server-side before the run (hashing 400
passwords would measure PBKDF2, not the rush). Afterwards the database is compared with what
the clients saw: lost saves (an applicant's answer differs from the newest value, in the
client's order, that the server acknowledged), submissions accepted before and after the
deadline, duplicate applications and duplicate submissions, uploads intact by SHA-256.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from devstack import ensure_database

from .run import (
    BENCH,
    BIN,
    ROOT,
    bench_env,
    machine,
    session_key,
    setup_django,
    sh,
    start_gunicorn,
)

GOALS = {"autosave_p99_ms": 300.0}
PREFIX = "rush-"


def prepare(env: dict) -> None:
    ensure_database(env["DATABASE_URL"])
    dev = {**env, "DEBUG": "true"}
    sh([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], dev)
    sh([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env)


def _people(kind: str, n: int) -> list:
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    emails = [f"{PREFIX}{kind}-{i}@bench.test" for i in range(n)]
    there = set(user_model.objects.filter(email__in=emails).values_list("email", flat=True))
    missing = []
    for i, email in enumerate(emails):
        if email in there:
            continue
        user = user_model(email=email, display_name=f"{kind.title()} {i}")
        user.set_unusable_password()  # nobody signs in with a password in the rush
        missing.append(user)
    user_model.objects.bulk_create(missing, batch_size=1000)
    by_email = {u.email: u for u in user_model.objects.filter(email__in=emails)}
    return [by_email[e] for e in emails]


def seed(args, port: int) -> dict:
    """The rush's hub, call (two steps, four required questions), hackathon (running, locked
    one-person teams) and signed-in sessions; returns the plan the locust users follow."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from hackathons.factories import HackathonFactory, TeamFactory, TeamMembershipFactory
    from hackathons.models import Challenge, Hackathon, HackathonStatus, TeamStatus
    from hubs.factories import HubFactory
    from programme.factories import CallFactory, QuestionFactory
    from programme.models import Call, QuestionKind

    closes = timezone.now() + timedelta(days=1)  # until schedule() sets the real moment
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    with scopes_disabled():
        Call.objects.filter(slug__startswith=PREFIX).delete()
        Hackathon.objects.filter(slug__startswith=PREFIX).delete()
        hub = HubFactory(slug=f"{PREFIX}hub", name="Rush hub")
        call = CallFactory(hub=hub, slug=f"{PREFIX}{stamp}", title="Rush call",
                           cohort__slug=f"{PREFIX}{stamp}",
                           opens_at=timezone.now() - timedelta(days=30), closes_at=closes)
        questions = {
            1: [QuestionFactory(call=call, step=1, order=1, label="Project name",
                                kind=QuestionKind.SHORT_TEXT),
                QuestionFactory(call=call, step=1, order=2, label="Summary",
                                kind=QuestionKind.LONG_TEXT)],
            2: [QuestionFactory(call=call, step=2, order=1, label="Plan",
                                kind=QuestionKind.LONG_TEXT),
                QuestionFactory(call=call, step=2, order=2, label="Stage",
                                kind=QuestionKind.SINGLE_CHOICE, choices=["Idea", "Prototype"])],
        }
        hackathon = HackathonFactory(
            hub=hub, slug=f"{PREFIX}{stamp}", title="Rush hackathon",
            status=HackathonStatus.RUNNING, starts_at=timezone.now() - timedelta(days=1),
            registration_opens=timezone.now() - timedelta(days=20),
            registration_closes=timezone.now() - timedelta(days=2),
            ends_at=closes + timedelta(hours=1), submission_deadline=closes,
            judging_opens=closes + timedelta(hours=1),
            judging_closes=closes + timedelta(days=7))
        challenge = Challenge.objects.create(hackathon=hackathon, title="Rush challenge")
        applicants = _people("applicant", args.applicants)
        captains = _people("team", args.teams)
        teams = []
        for i, captain in enumerate(captains):
            team = TeamFactory(hackathon=hackathon, name=f"Rush team {i}", captain=captain,
                               challenge=challenge, status=TeamStatus.LOCKED)
            TeamMembershipFactory(team=team, hackathon=hackathon, user=captain)
            teams.append(team)
    late = set(range(args.applicants - args.late, args.applicants))

    def step_url(s):
        return reverse("programme:apply_step", kwargs={"slug": call.slug, "step": s})

    def team_url(name, team):
        return reverse(f"hackathons:{name}", kwargs={"slug": hackathon.slug, "pk": team.pk})

    return {
        "host": f"http://127.0.0.1:{port}", "cookie": settings.SESSION_COOKIE_NAME,
        "interval": args.interval, "file_bytes": args.file_mb * 1024 * 1024,
        "call": call.pk, "hackathon": hackathon.pk,
        "apply_url": reverse("programme:apply", kwargs={"slug": call.slug}),
        "review_url": reverse("programme:apply_review", kwargs={"slug": call.slug}),
        "steps": {str(s): {"url": step_url(s),
                           "questions": [{"name": f"q{q.pk}", "id": q.pk, "kind": q.kind}
                                         for q in qs]} for s, qs in questions.items()},
        "applicants": [{"id": u.pk, "session": session_key(u), "late": i in late}
                       for i, u in enumerate(applicants)],
        "teams": [{"id": t.pk, "session": session_key(t.captain),
                   "page": team_url("submission", t), "save": team_url("submission_save", t),
                   "upload": team_url("submission_upload", t),
                   "submit": team_url("submission_submit", t)} for t in teams],
    }


def warm(plan: dict) -> None:
    """Each gunicorn worker compiles templates and loads catalogs on its first requests: do
    that before the clock starts (the applicants' and teams' pages, a few times)."""
    import urllib.request

    for url, session in [(plan["apply_url"], plan["applicants"][0]["session"]),
                         (plan["steps"]["1"]["url"], plan["applicants"][0]["session"]),
                         (plan["teams"][0]["page"], plan["teams"][0]["session"])] * 6:
        request = urllib.request.Request(  # noqa: S310  our own local server
            plan["host"] + url, headers={"Cookie": f"{plan['cookie']}={session}"})
        try:
            urllib.request.urlopen(request, timeout=30).read()  # noqa: S310  our local server
        except OSError as exc:
            print(f"rush: warming {url} failed: {exc}")


def schedule(plan: dict, args) -> None:
    """Set the clock once the server is up: users start within ``ramp`` seconds, autosave
    for ``autosave_seconds``, and the deadline of both the call and the hackathon falls
    ``window`` seconds later."""
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from hackathons.models import Hackathon
    from programme.models import Call

    plan["start"] = time.time() + args.ramp
    plan["autosave_until"] = plan["start"] + args.autosave_seconds
    plan["deadline"] = plan["autosave_until"] + args.window
    closes = timezone.now() + timedelta(seconds=plan["deadline"] - time.time())
    with scopes_disabled():
        Call.objects.filter(pk=plan["call"]).update(closes_at=closes)
        Hackathon.objects.filter(pk=plan["hackathon"]).update(
            submission_deadline=closes, ends_at=closes + timedelta(hours=1),
            judging_opens=closes + timedelta(hours=1))


def run_locust(plan: dict, env: dict, workdir: Path) -> tuple[dict, dict]:
    """Run the locust users to the end of the plan; the client log and locust's stats."""
    plan_path, log_path = workdir / "plan.json", workdir / "client.json"
    plan_path.write_text(json.dumps(plan))
    users = len(plan["applicants"]) + len(plan["teams"])
    run_time = int(plan["deadline"] - time.time() + 10)
    argv = [str(BIN / "locust"), "-f", str(ROOT / "bench" / "rush_locust.py"), "--headless",
            "--users", str(users), "--spawn-rate", str(max(10, users // 5)),
            "--run-time", f"{run_time}s", "--host", plan["host"], "--only-summary",
            "--csv", str(workdir / "locust"), "--loglevel", "WARNING", "--stop-timeout", "30"]
    locust_env = {**env, "RUSH_PLAN": str(plan_path), "RUSH_LOG": str(log_path)}
    proc = subprocess.run(argv, cwd=ROOT, env=locust_env, capture_output=True, text=True,
                          check=False, timeout=run_time + 120)
    if not log_path.exists():
        raise RuntimeError("locust wrote no client log:\n" + proc.stdout[-3000:]
                           + proc.stderr[-3000:])
    stats = {}
    with open(workdir / "locust_stats.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            stats[row["Name"]] = row
    return json.loads(log_path.read_text()), stats


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))], 1)


def verify(plan: dict, log: dict) -> dict:
    """What the database holds, against what the clients were told."""
    from django.db.models import Count
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from creaconnect.core.models import AuditEntry
    from hackathons.models import Submission, SubmissionFile, SubmissionStatus
    from programme.models import Answer, Application, ApplicationState

    deadline = datetime.fromtimestamp(plan["deadline"], tz=UTC)
    with scopes_disabled():
        apps = list(Application.objects.filter(call_id=plan["call"]))
        by_person = {a.applicant_id: a for a in apps}
        stored = {(a.application.applicant_id, a.question_id): a.value for a in
                  Answer.objects.filter(application__call_id=plan["call"])
                  .select_related("application")}
        lost, checked = [], 0
        for person in log["applicants"]:
            for qid, (seq, value) in person["saved"].items():
                checked += 1
                if stored.get((person["id"], int(qid))) != value:
                    lost.append({"person": person["id"], "question": qid, "seq": seq,
                                 "client": value,
                                 "db": stored.get((person["id"], int(qid)))})
        on_time = [p for p in log["applicants"] if not p["late"]]
        # What the clients were told: a submit answered by the dashboard went through.
        told_accepted = sum(1 for p in log["applicants"] if p.get("accepted"))
        refused_in_time = [p["refused"] for p in on_time if not p.get("accepted")]
        late = [p for p in log["applicants"] if p["late"]]
        submitted = {pk: a for pk, a in by_person.items()
                     if a.state == ApplicationState.SUBMITTED}
        accepted_before = sum(1 for p in on_time if p["id"] in submitted
                              and submitted[p["id"]].submitted_at <= deadline)
        accepted_after = sum(1 for a in submitted.values() if a.submitted_at > deadline) + \
            sum(1 for p in late if p["id"] in submitted
                and submitted[p["id"]].submitted_at <= deadline)
        duplicate_rows = sum(n - 1 for n in Application.objects.filter(call_id=plan["call"])
                             .values("applicant").annotate(n=Count("id"))
                             .values_list("n", flat=True) if n > 1)
        duplicate_submits = sum(
            n - 1 for n in AuditEntry.objects.filter(
                action="application.submitted",
                target_id__in=[str(a.pk) for a in apps]).values("target_id")
            .annotate(n=Count("id")).values_list("n", flat=True) if n > 1)
        files = {f.submission.team_id: f for f in SubmissionFile.objects.filter(
            submission__hackathon_id=plan["hackathon"]).select_related("submission")}
        intact = 0
        for team in log["teams"]:
            f = files.get(team["id"])
            if f is None or not team.get("sha256"):
                continue
            with f.file.open("rb") as fh:
                if hashlib.sha256(fh.read()).hexdigest() == team["sha256"]:
                    intact += 1
        team_submitted = Submission.objects.filter(
            hackathon_id=plan["hackathon"], status=SubmissionStatus.SUBMITTED,
            submitted_at__lte=deadline).count()
    return {
        "applicants": len(log["applicants"]), "teams": len(log["teams"]),
        "late_applicants": len(late), "saves_checked": checked, "lost_saves": len(lost),
        "lost_examples": lost[:5], "stale_saves_sent": log["stale_candidates"],
        "submissions_expected": len(on_time), "accepted_before_deadline": accepted_before,
        "clients_told_accepted": told_accepted, "refused_in_time": refused_in_time[:5],
        "accepted_after_deadline": accepted_after, "late_attempts": log["late_attempts"],
        "double_clicks": log["double_clicks"], "duplicate_applications": duplicate_rows,
        "duplicate_submissions": duplicate_submits,
        "uploads_sent": sum(1 for t in log["teams"] if t.get("sha256")),
        "uploads_intact": intact, "team_submissions_accepted": team_submitted,
        "checked_at": timezone.now().isoformat(timespec="seconds"),
    }


def measure(args) -> dict:
    env = bench_env("rush", args.port, db_suffix="rush_smoke" if args.smoke else "rush")
    load = os.getloadavg()
    prepare(env)
    setup_django(env)
    plan = seed(args, args.port)
    server = start_gunicorn(env, args.port)
    try:
        warm(plan)
        schedule(plan, args)
        with tempfile.TemporaryDirectory(prefix="rush-") as tmp:
            log, stats = run_locust(plan, env, Path(tmp))
    finally:
        server.terminate()
        server.wait(timeout=20)
    total = stats.get("Aggregated", {})
    autosave = log["timings"]["autosave"]
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"), "machine": machine(),
        "load_average": [round(x, 2) for x in load],
        "autosave_seconds": args.autosave_seconds, "window_seconds": args.window,
        "interval_seconds": args.interval, "file_mb": args.file_mb,
        "requests": int(total.get("Request Count", 0)),
        "errors": int(total.get("Failure Count", 0)),
        "error_examples": log["errors"][:10],
        "autosaves": len(autosave), "autosave_p50_ms": _percentile(autosave, 0.50),
        "autosave_p99_ms": _percentile(autosave, 0.99),
        "submit_p50_ms": _percentile(log["timings"]["submit"], 0.50),
        "submit_p99_ms": _percentile(log["timings"]["submit"], 0.99),
        "upload_p50_ms": _percentile(log["timings"]["upload"], 0.50),
        "upload_p99_ms": _percentile(log["timings"]["upload"], 0.99),
        "by_request": {name: {"count": int(row["Request Count"]),
                              "failures": int(row["Failure Count"]),
                              "p50_ms": float(row["50%"] or 0), "p99_ms": float(row["99%"] or 0)}
                       for name, row in stats.items() if name != "Aggregated"},
        **verify(plan, log),
    }
    return result


def goal_lines(res: dict) -> list[str]:
    def line(ok, text):
        return ("- [rush] met: " if ok else "- [rush] missed: ") + text

    p99 = res.get("autosave_p99_ms")
    return [
        line(res["errors"] == 0, f"{res['errors']} errors in {res['requests']:,} requests "
                                 "(goal 0)"),
        line(p99 is not None and p99 < GOALS["autosave_p99_ms"],
             f"autosave p50 {res['autosave_p50_ms']} ms, p99 {p99} ms (goal p99 < 300 ms)"),
        line(res["lost_saves"] == 0, f"{res['lost_saves']} lost saves of "
                                     f"{res['saves_checked']:,} checked (goal 0)"),
        line(res["accepted_before_deadline"] == res["submissions_expected"],
             f"{res['accepted_before_deadline']} of {res['submissions_expected']} submissions "
             "accepted before the deadline (goal all)"),
        line(res["accepted_after_deadline"] == 0,
             f"{res['accepted_after_deadline']} accepted after it, "
             f"{res['late_attempts']} late attempts (goal 0)"),
        line(res["duplicate_applications"] == 0 and res["duplicate_submissions"] == 0,
             f"duplicates: {res['duplicate_applications']} applications, "
             f"{res['duplicate_submissions']} submissions with {res['double_clicks']} "
             "double clicks (goal 0)"),
        line(res["uploads_intact"] == res["teams"]
             and res["team_submissions_accepted"] == res["teams"],
             f"{res['uploads_intact']} of {res['teams']} uploads stored intact (SHA-256), "
             f"{res['team_submissions_accepted']} team submissions accepted (goal all)"),
    ]


def markdown(res: dict) -> list[str]:
    lines = [f"## The deadline rush — {res['date']}", "",
             f"{res['applicants']} signed-in applicants autosaving every "
             f"{res['interval_seconds']} s for {res['autosave_seconds']} s, then submitting in "
             f"the last {res['window_seconds']} s ({res['late_applicants']} only after the "
             f"deadline); {res['teams']} teams uploading a {res['file_mb']} MB file and "
             "submitting. Load generator: locust (bench/rush_locust.py). Load average at "
             f"start {', '.join(map(str, res['load_average']))}.", "",
             "| request | count | failures | p50 ms | p99 ms |", "|---|---:|---:|---:|---:|"]
    for name, row in sorted(res["by_request"].items()):
        lines.append(f"| {name} | {row['count']:,} | {row['failures']} | {row['p50_ms']:.0f} | "
                     f"{row['p99_ms']:.0f} |")
    lines += ["", f"Autosaves: {res['autosaves']:,}, p50 {res['autosave_p50_ms']} ms, p99 "
              f"{res['autosave_p99_ms']} ms (client-side, exact); overlapping pairs sent "
              f"{res['stale_saves_sent']}. Submit p50 {res['submit_p50_ms']} ms, p99 "
              f"{res['submit_p99_ms']} ms; 2 MB upload p50 {res['upload_p50_ms']} ms, p99 "
              f"{res['upload_p99_ms']} ms.", ""]
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applicants", type=int, default=300)
    parser.add_argument("--teams", type=int, default=100)
    parser.add_argument("--late", type=int, default=10, help="applicants who submit too late")
    parser.add_argument("--autosave-seconds", type=float, default=120)
    parser.add_argument("--window", type=float, default=30,
                        help="the last seconds before the deadline, when people submit")
    parser.add_argument("--interval", type=float, default=5, help="seconds between autosaves")
    parser.add_argument("--ramp", type=float, default=10, help="seconds to start every user")
    parser.add_argument("--file-mb", type=int, default=2)
    parser.add_argument("--port", type=int, default=8098)
    parser.add_argument("--smoke", action="store_true", help="own database; results only to "
                                                             "--output")
    parser.add_argument("--output", type=Path)
    # `make bench` passes the page bench's --size/--duration too: not the rush's business.
    args, _ignored = parser.parse_known_args(argv)
    result = measure(args)
    for line in goal_lines(result):
        print(line, flush=True)
    if args.output:
        args.output.write_text(json.dumps(result, indent=2, default=str))
    if not args.smoke:
        from .run import write_reports

        (BENCH / "results-rush.json").write_text(json.dumps(result, indent=2, default=str))
        write_reports()
        print("bench: wrote bench/results-rush.json, bench/results.json and bench/results.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
