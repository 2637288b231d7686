"""Health checks of the Celery containers (docker-compose.yml ``healthcheck``)::

    python -m creaconnect.healthcheck worker [node]   the worker answers a ping over the broker
    python -m creaconnect.healthcheck beat            beat keeps sending its most frequent job

(The compose workers, one per queue with node names ``mail@``/``pdf@``/``default@<host>``,
use ``celery inspect ping -d <node>`` directly; ``worker`` here takes the node name too.)

Exit status 0 when healthy; 1, with the reason on stderr, when not. The web container has
``/healthz`` and ``/readyz`` instead.
"""

from __future__ import annotations

import os
import socket
import sys
from datetime import timedelta

# The beat scheduler (creaconnect.beat) writes last_run_at after every job it sends; a standby
# beat takes over within the lease. This bounds both, with Celery's own sync period to spare.
BEAT_SYNC_SECONDS = 180
MARGIN_SECONDS = 60


def check_worker(node: str | None = None) -> str | None:
    """None when ``node`` (default: this container's ``celery@<hostname>``) answers a ping."""
    from creaconnect.celery import app

    node = node or f"celery@{socket.gethostname()}"
    replies = app.control.ping(destination=[node], timeout=5)
    if not any(node in reply for reply in replies):
        return f"worker {node} does not answer a ping"
    return None


def most_frequent_beat_entry() -> tuple[str, float] | None:
    """(name, interval in seconds) of the CELERY_BEAT_SCHEDULE entry that runs most often."""
    from django.conf import settings

    intervals = []
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        schedule = entry["schedule"]
        if isinstance(schedule, timedelta):
            schedule = schedule.total_seconds()
        if isinstance(schedule, int | float):  # crontab entries have no fixed interval
            intervals.append((float(schedule), name))
    if not intervals:
        return None
    interval, name = min(intervals)
    return name, interval


def check_beat() -> str | None:
    """None when beat has sent its most frequent job recently (as recorded by the database
    scheduler), so a beat that runs but no longer sends anything is unhealthy."""
    from django.utils import timezone
    from django_celery_beat.models import PeriodicTask

    entry = most_frequent_beat_entry()
    if entry is None:
        return None
    name, interval = entry
    allowed = 2 * interval + BEAT_SYNC_SECONDS + MARGIN_SECONDS
    last = PeriodicTask.objects.filter(name=name).values_list("last_run_at", flat=True).first()
    if last is None or (timezone.now() - last).total_seconds() > allowed:
        return f"beat has not sent {name!r} for over {allowed:.0f} s (last run: {last})"
    return None


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("worker", "beat"):
        print(__doc__.strip().split("\n\n")[0], file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "creaconnect.settings")
    import django

    django.setup()
    problem = check_worker(*argv[1:2]) if argv[0] == "worker" else check_beat()
    if problem:
        print(f"unhealthy: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
