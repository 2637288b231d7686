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

from .stack import Stack, child_env, wait_until

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
        assert task.time_limit and task.soft_time_limit, f"{name} sets no limits of its own"
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

        def sent(entry, spec):
            return f"Sending due task {entry} ({spec['task']})" in beat.log()

        def succeeded(spec):
            pattern = rf"Task {re.escape(spec['task'])}\[[0-9a-f-]+\] succeeded in"
            return re.search(pattern, worker.log()) is not None

        wait_until(lambda: all(sent(e, s) and succeeded(s) for e, s in schedule.items()),
                   timeout=90)
    finally:
        stack.stop()

    not_sent = [entry for entry, spec in schedule.items() if not sent(entry, spec)]
    not_done = [entry for entry, spec in schedule.items() if not succeeded(spec)]
    assert not not_sent, f"beat never sent {not_sent}:\n{beat.log()[-3000:]}"
    assert not not_done, f"the worker never finished {not_done}:\n{worker.log()[-3000:]}"
    assert "SchedulingError" not in beat.log()
    assert not re.search(r"\] (raised unexpected|failed|retry)", worker.log())
    assert stack.error_lines() == {"worker": [], "beat": []}
