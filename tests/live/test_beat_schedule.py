"""Every scheduled job runs, proven through the real scheduler.

A real ``celery beat`` with the production scheduler class (django-celery-beat's
DatabaseScheduler, which copies CELERY_BEAT_SCHEDULE into its tables on the test database)
and a real worker, with every entry made due every few seconds. The test walks the setting,
so a job added later is covered without editing it.
"""

import re

import pytest
from django.conf import settings

from creaconnect.celery import app

from .stack import Stack, beat_entries_not_run, child_env, wait_until

pytestmark = pytest.mark.worker

INTERVAL_SECONDS = 3


def _our_tasks():
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}


def test_every_task_has_a_soft_limit_below_its_hard_limit():
    """Celery refuses to send a task whose soft limit (its own, or the global default it
    inherits) is above its hard limit; beat then logs SchedulingError and never runs it."""
    tasks = _our_tasks()
    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} <= set(tasks)
    for name, task in tasks.items():
        assert task.time_limit, f"{name} sets no limits of its own"
        assert task.soft_time_limit, f"{name} sets no limits of its own"
        assert task.soft_time_limit < task.time_limit, name
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT


@pytest.mark.django_db(transaction=True)
def test_beat_sends_every_scheduled_job_and_the_worker_runs_it(tmp_path):
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule
    stack = Stack(env=child_env(CELERY_BEAT_INTERVAL_OVERRIDE_SECONDS=str(INTERVAL_SECONDS)),
                  log_dir=tmp_path)
    try:
        worker = stack.worker()
        beat = stack.beat()
        wait_until(lambda: not any(beat_entries_not_run(beat.log(), worker.log()).values()),
                   timeout=90)
    finally:
        stack.stop()

    missing = beat_entries_not_run(beat.log(), worker.log())
    assert not missing["not sent"], f"beat never sent {missing}:\n{beat.log()[-3000:]}"
    assert not missing["not succeeded"], f"never finished {missing}:\n{worker.log()[-3000:]}"
    assert "SchedulingError" not in beat.log()
    assert not re.search(r"\] (raised unexpected|failed|retry)", worker.log())
    assert stack.error_lines() == {"worker": [], "beat": []}
