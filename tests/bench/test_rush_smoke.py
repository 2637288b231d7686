"""The deadline rush (bench/rush.py) cannot rot: a tiny run (5 applicants, 2 teams, 10 s of
autosaves) through the real server and locust, checked the way the full run is."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from devstack import db_url_from_settings

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_rush_smoke_loses_no_save_and_accepts_nothing_late(tmp_path):
    base = os.environ.get("DATABASE_URL") or db_url_from_settings(
        settings.DATABASES["default"], dbname="creaconnect")
    out = tmp_path / "rush.json"
    env = {**os.environ, "DATABASE_URL": base, "REDIS_URL": settings.REDIS_URL,
           "BENCH_REDIS_DB": settings.REDIS_URL.rsplit("/", 1)[1]}
    env.pop("TESTING", None)
    proc = subprocess.run(
        [sys.executable, "-m", "bench.rush", "--smoke", "--applicants", "5", "--teams", "2",
         "--late", "1", "--autosave-seconds", "10", "--window", "6", "--interval", "1",
         "--ramp", "3", "--port", str(free_port()), "--output", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    rush = json.loads(out.read_text())
    assert rush["errors"] == 0, rush["error_examples"]
    assert rush["autosaves"] > 0
    assert rush["saves_checked"] > 0
    assert rush["lost_saves"] == 0, rush["lost_examples"]
    assert rush["duplicate_applications"] == 0
    assert rush["duplicate_submissions"] == 0
    assert rush["late_attempts"] > 0
    assert rush["accepted_after_deadline"] == 0
    assert rush["accepted_before_deadline"] == rush["submissions_expected"] == 4, \
        rush["refused_in_time"]
    assert rush["uploads_intact"] == rush["teams"] == 2
    assert rush["team_submissions_accepted"] == 2
