"""The programme console's benchmark entries (issue 16), on their own:

- ``/consortium/`` (the programme figures) and ``/consortium/surveys/`` under load, signed in
  as the programme admin: gunicorn with DEBUG=false, wrk, the same method as bench/run.py
  (goal: the figures page answers in under 300 ms at the large size);
- the funder's indicators report rendered by one Celery worker (goal: under 30 s for 20,000
  people).

``make bench`` measures the same through bench/run.py with every other page; this module
exists so the console's entries can be measured again without re-measuring (and
overwriting) the rest on a busy machine. It writes ``bench/results-consortium-<size>.json``.

    python -m bench.consortium --size large --port 8151
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import UTC, datetime

from bench import run

GOALS = {"consortium_p50_ms": 300.0, "indicators_s": 30.0}


def _alone(url: str, seconds: float, cookie: str) -> dict:
    """One connection on one thread (wrk needs as many connections as threads)."""
    argv = ["wrk", "-t1", "-c1", f"-d{max(1, round(seconds))}s", "--latency", "--timeout",
            "5s", "-H", f"Cookie: {cookie}", url]
    text = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    return run.parse_wrk(text)


def measure(size: str, seconds: float, port: int) -> dict:
    env = run.bench_env(size, port)
    load = os.getloadavg()
    run.prepare(size, env)
    run.setup_django(env)
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from hubs.demo import ensure_demo_totp

    admin = get_user_model().objects.get(email="admin@creaconnect.test")
    ensure_demo_totp(admin)
    pages = [{"name": "programme console /consortium/", "path": reverse("consortium:home"),
              "kind": "signed_in", "user": admin},
             {"name": "surveys /consortium/surveys/", "path": reverse("consortium:surveys"),
              "kind": "signed_in", "user": admin}]
    server = run.start_gunicorn(env, port)
    rows = []
    try:
        run.prime(pages, port)
        for page in pages:
            cookie = run.session_cookie(page["user"])
            url = f"http://127.0.0.1:{port}{page['path']}"
            run.wrk(url, 1, cookie)
            result = run.wrk(url, seconds, cookie)
            # One connection: the time of one request on its own, not its wait in a queue.
            single = _alone(url, seconds, cookie)
            result.update(name=page["name"], path=page["path"],
                          single_p50_ms=single["p50_ms"], single_p99_ms=single["p99_ms"],
                          queries=run.count_queries(page), status=page.get("status"))
            rows.append(result)
            print(f"bench[{size}] {page['name']:34} {result['rps']:7.1f} req/s p50 "
                  f"{result['p50_ms']:.1f} ms p99 {result['p99_ms']:.1f} ms (16 connections); "
                  f"alone p50 {single['p50_ms']:.1f} ms; {result['queries']} queries",
                  flush=True)
    finally:
        server.terminate()
        server.wait(timeout=20)
    from bench import extras

    report = extras.indicators_report(env, timeout=600)
    print(f"bench[{size}] indicators report {report}", flush=True)
    return {"size": size, "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": run.machine(), "load_average": [round(x, 2) for x in load],
            "seconds": seconds, "data": run.data_size(), "pages": rows,
            "indicators_report": report, "goals": GOALS}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=["small", "large"], default="large")
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--port", type=int, default=8151)
    args = parser.parse_args(argv)
    result = measure(args.size, args.duration, args.port)
    out = run.BENCH / f"results-consortium-{args.size}.json"
    out.write_text(json.dumps(result, indent=2, default=str))
    print(f"bench: wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
