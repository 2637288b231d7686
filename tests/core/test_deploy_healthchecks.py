"""The container health checks of docker-compose.yml's worker and beat
(``python -m creaconnect.healthcheck``), against a real worker and the beat scheduler's table."""

import os
import socket
import subprocess
import sys
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from creaconnect import healthcheck
from devstack import db_url_from_settings
from tests.conftest import ROOT


def run_check(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": db_url_from_settings(settings.DATABASES["default"]),
           "REDIS_URL": settings.REDIS_URL, "TESTING": "true", "DEBUG": "true"}
    return subprocess.run([sys.executable, "-m", "creaconnect.healthcheck", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_worker_check_passes_for_a_running_worker_and_fails_for_a_missing_one(
        celery_worker_process):
    node = f"test-{os.getpid()}@{socket.gethostname()}"  # the name conftest gives the worker
    ok = run_check("worker", node)
    assert ok.returncode == 0, ok.stderr[-2000:]
    gone = run_check("worker", f"gone@{socket.gethostname()}")
    assert gone.returncode == 1
    assert "does not answer a ping" in gone.stderr


def test_beat_check_follows_the_most_frequent_job(db):
    name, interval = healthcheck.most_frequent_beat_entry()
    schedules = settings.CELERY_BEAT_SCHEDULE
    assert healthcheck.check_beat() is not None  # beat never ran: unhealthy

    every = IntervalSchedule.objects.create(every=int(interval), period=IntervalSchedule.SECONDS)
    job = PeriodicTask.objects.create(name=name, task=schedules[name]["task"], interval=every,
                                      last_run_at=timezone.now() - timedelta(seconds=interval))
    assert healthcheck.check_beat() is None

    job.last_run_at = timezone.now() - timedelta(seconds=2 * interval + 300)
    job.save()
    assert name in healthcheck.check_beat()


def test_usage_without_a_role():
    assert run_check().returncode == 2

