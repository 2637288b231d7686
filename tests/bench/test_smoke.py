"""The benchmark harness cannot rot: a short run on its own small data set (seeded like the
real one), every page measured under wrk with 0 errors and answering 200."""

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from devstack import db_url_from_settings

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = {"floor /healthz", "home /", "programme /programme/", "showcase /showcase/",
            "showcase search ?q=&stage=", "showcase project page", "api /api/v1/projects",
            "hackathon page", "dashboard /dashboard/", "console applications table",
            "judge queue /judge/", "team page"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_bench_smoke_run_measures_every_page_without_errors(tmp_path):
    assert shutil.which("wrk"), "wrk is missing (apt-get install wrk)"
    base = os.environ.get("DATABASE_URL") or db_url_from_settings(
        settings.DATABASES["default"], dbname="creaconnect")
    out = tmp_path / "results.json"
    env = {**os.environ, "DATABASE_URL": base, "REDIS_URL": settings.REDIS_URL,
           "BENCH_REDIS_DB": settings.REDIS_URL.rsplit("/", 1)[1]}
    env.pop("TESTING", None)
    proc = subprocess.run(
        [sys.executable, "-m", "bench.run", "--size", "small", "--smoke", "--duration", "2",
         "--port", str(free_port()), "--output", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    result = json.loads(out.read_text())
    pages = {p["name"]: p for p in result["pages"]}
    assert EXPECTED <= set(pages), sorted(EXPECTED - set(pages))
    for name, page in pages.items():
        assert page["errors"] == 0, (name, page)
        assert page["rps"] > 0, (name, page)
        assert page["status"] == 200, (name, page)
    assert result["data"]["showcase.ShowcaseProject"] > 0
