"""Two beats on the same schedule send each job once per interval, not twice (issue 18).

docker-compose.yml runs one beat; this proves that a second one (a scaled or overlapping
container) is harmless. Two real ``celery beat`` processes with the production scheduler
(settings.CELERY_BEAT_SCHEDULER) share the test database and Redis, every entry due every
INTERVAL seconds. While both run, one sends and the other stands by; when the sender is killed
(no clean shutdown, its lease just expires), the other takes over from the ``last_run_at`` the
first one wrote, without a burst. Every message beat sends is counted in the broker as well.
"""

import os
import re
import signal
import time
from collections import defaultdict
from datetime import datetime

import pytest
from django.conf import settings

from tests.live.stack import BIN, Stack, child_env, wait_until

from .stack import forget_prefix, redis_client

INTERVAL = 2.0
LEASE = 4.0
SENT = re.compile(r"^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}): INFO/\w+\] "
                  r"Scheduler: Sending due task (\S+) ", re.MULTILINE)


def _beat(stack: Stack, name: str):
    return stack.start(name, [
        str(BIN / "celery"), "-A", "creaconnect", "beat", "-l", "info", "--pidfile=",
        "-s", str(stack.log_dir / f"{name}-schedule")], ready="beat: Starting")


def _sends(log: str) -> dict[str, list[datetime]]:
    found = defaultdict(list)
    for stamp, entry in SENT.findall(log):
        found[entry].append(datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S,%f"))
    return found


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_two_beats_send_each_job_once_per_interval(tmp_path):
    assert settings.CELERY_BEAT_SCHEDULER == "creaconnect.beat:SingleBeatScheduler"
    env = child_env(CELERY_BEAT_INTERVAL_OVERRIDE_SECONDS=str(INTERVAL),
                    CELERY_BEAT_LEASE_SECONDS=str(LEASE))
    prefix = env["CELERY_QUEUE_PREFIX"]
    stack = Stack(env=env, log_dir=tmp_path)
    entries = list(settings.CELERY_BEAT_SCHEDULE)
    try:
        first, second = _beat(stack, "beat-a"), _beat(stack, "beat-b")
        # Both tick (one sends, one stands by), then a few intervals pass with both running.
        assert wait_until(lambda: "standing by" in first.log() + second.log(), timeout=90)
        both_up = time.monotonic()
        wait_until(lambda: time.monotonic() - both_up > 3 * INTERVAL and
                   all(len(_sends(first.log() + second.log())[e]) >= 2 for e in entries),
                   timeout=60)
        holder, standby = (first, second) if "holding the lease" in first.log() else (
            second, first)
        assert "holding the lease" in holder.log()
        assert "standing by" in standby.log()
        assert not _sends(standby.log()), "both beats sent jobs"

        os.killpg(holder.proc.pid, signal.SIGKILL)  # a crash: the lease is not released
        holder.proc.wait(timeout=10)
        killed_at = time.monotonic()
        assert wait_until(lambda: "holding the lease" in standby.log(), timeout=LEASE * 4)
        took_over_after = time.monotonic() - killed_at
        assert wait_until(lambda: all(len(_sends(standby.log())[e]) >= 3 for e in entries),
                          timeout=60), standby.log()[-3000:]
    finally:
        stack.stop()
        queued = redis_client().llen(f"{prefix}default")  # beat's jobs go to "default"
        forget_prefix(prefix)

    sends = _sends(first.log() + second.log())
    total = sum(len(times) for times in sends.values())
    assert queued == total, "every job beat logged is one message in the broker"
    gaps = {entry: min((b - a).total_seconds() for a, b in zip(sorted(times), sorted(times)[1:],
                                                               strict=False))
            for entry, times in sends.items()}
    print(f"\n{total} jobs sent by two beats over {len(entries)} entries; the standby took "
          f"over {took_over_after:.1f} s after the holder was killed; shortest gap between two "
          f"sends of one entry: {min(gaps.values()):.2f} s (interval {INTERVAL} s)")
    # Each entry went out once per interval: never twice in one (a 0.3 s scheduling jitter).
    assert min(gaps.values()) >= INTERVAL - 0.3, gaps
    assert stack.error_lines()[standby.name] == []
