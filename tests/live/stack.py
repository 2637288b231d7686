"""The live stack as `make run` starts it — web, Celery worker, Celery beat — as child processes
on the test database and the test Redis, each writing its own log file.

The children get Celery queues of their own (``CELERY_QUEUE_PREFIX``: their mail, pdf and
default queues), so a worker another test started on the same Redis never takes their tasks,
and their logs hold everything the stack did.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from devstack import db_url_from_settings

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
BEAT_SCHEDULER = "creaconnect.beat:SingleBeatScheduler"  # settings.CELERY_BEAT_SCHEDULER

# A log line at ERROR (or worse) level in Django's or Celery's format, a traceback, or a
# server error in runserver's request log (its own format carries no level name).
ERROR_LINE = re.compile(
    r"\b(ERROR|CRITICAL)\b|Traceback \(most recent call last\)|\" 5\d\d \d+$")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """The URL of the database the tests use (the test database), for a child process."""
    return db_url_from_settings(settings.DATABASES["default"])


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "EMAIL_URL"}
    env.update({
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "TESTING": "true",
        "DEBUG": "true",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CONN_MAX_AGE": "0",
        "PYTHONUNBUFFERED": "1",
        "CELERY_QUEUE_PREFIX": f"live-{uuid.uuid4().hex[:12]}-",
    })
    env.update(extra)
    return env


@dataclass
class Child:
    name: str
    proc: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@dataclass
class Stack:
    """Started children; ``stop()`` ends each one by its own process group."""

    env: dict[str, str]
    log_dir: Path
    children: list[Child] = field(default_factory=list)

    def start(self, name: str, args: list[str], ready: str | None = None,
              timeout: float = 60) -> Child:
        log_path = self.log_dir / f"{name}.log"
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(  # our own executables, fixed arguments
                args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        child = Child(name, proc, log_path)
        self.children.append(child)
        if ready is not None:
            deadline = time.monotonic() + timeout
            while ready not in child.log():
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{name} did not start:\n{child.log()[-4000:]}")
                time.sleep(0.2)
        return child

    def worker(self) -> Child:
        return self.start("worker", [
            str(BIN / "celery"), "-A", "creaconnect", "worker", "-l", "info",
            "--concurrency", "2",  # no -Q: the worker reads the prefix's three queues
            "--without-gossip", "--without-mingle", "--without-heartbeat",
            "-n", f"live-{uuid.uuid4().hex[:8]}@%h"], ready=" ready.")

    def beat(self) -> Child:
        return self.start("beat", [
            str(BIN / "celery"), "-A", "creaconnect", "beat", "-l", "info",
            "--scheduler", BEAT_SCHEDULER, "--pidfile=",
            "-s", str(self.log_dir / "celerybeat-schedule")], ready="beat: Starting")

    def web(self, port: int) -> Child:
        child = self.start("web", [sys.executable, str(ROOT / "manage.py"), "runserver",
                                   f"127.0.0.1:{port}", "--noreload"])
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                return child
            except OSError:
                if child.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"web did not start:\n{child.log()[-4000:]}") from None
                time.sleep(0.2)

    def stop(self) -> None:
        for child in self.children:
            if child.proc.poll() is None:
                os.killpg(child.proc.pid, signal.SIGTERM)
        for child in self.children:
            try:
                child.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(child.proc.pid, signal.SIGKILL)
                child.proc.wait(timeout=5)

    def error_lines(self) -> dict[str, list[str]]:
        """Every log line at ERROR level or within a traceback, by child."""
        return {c.name: [line for line in c.log().splitlines() if ERROR_LINE.search(line)]
                for c in self.children}

    def line_count(self) -> int:
        return sum(len(c.log().splitlines()) for c in self.children)


def beat_entries_not_run(beat_log: str, worker_log: str) -> dict[str, list[str]]:
    """The CELERY_BEAT_SCHEDULE entries beat never sent, and those no worker finished."""
    schedule = settings.CELERY_BEAT_SCHEDULE
    return {
        "not sent": [entry for entry, spec in schedule.items()
                     if f"Sending due task {entry} ({spec['task']})" not in beat_log],
        "not succeeded": [entry for entry, spec in schedule.items() if not re.search(
            rf"Task {re.escape(spec['task'])}\[[0-9a-f-]+\] succeeded in", worker_log)],
    }


def wait_until(predicate, timeout: float, interval: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())
