"""One Celery beat sends the jobs, however many are started.

docker-compose.yml runs one beat replica. If a second one starts anyway (``--scale beat=2``,
a restart that overlaps the old container, two hosts), both would send every job: twice the
reminders sweep, twice the retention run. ``SingleBeatScheduler`` is django-celery-beat's
``DatabaseScheduler`` that ticks only while it holds a lease in Redis:

- the lease is one key (``CELERY_BEAT_LEASE_KEY``) taken with ``SET NX PX`` and renewed on
  every tick by its holder only (a compare-and-extend script), so it expires
  ``CELERY_BEAT_LEASE_SECONDS`` after its holder stops ticking (killed, frozen, cut off);
- a beat without the lease sends nothing and asks again every few seconds; when it gets the
  lease it reloads the schedule from the database, so it continues from the ``last_run_at``
  its predecessor wrote instead of sending every job at once;
- the holder writes ``last_run_at`` to the database after every job it sends (not every three
  minutes, Celery's default), so a takeover repeats nothing that was already sent.

A beat tick returns within ``max_interval`` (5 s) and the lease lasts far longer, so a working
holder never loses it. Redis down: no beat holds the lease, jobs wait (they are sweepers and
reminders; the next run catches up), which is the same as beat being down.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import uuid

import redis
from django.conf import settings
from django_celery_beat.schedulers import DatabaseScheduler

logger = logging.getLogger(__name__)

# Renew the lease only if we still hold it (no one else's lease is ever extended).
RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""
RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('del', KEYS[1])
end
return 0
"""


class BeatLease:
    """A lease on one Redis key, held by this process's ``token``."""

    def __init__(self, url: str, key: str, seconds: float):
        self.client = redis.Redis.from_url(url, socket_timeout=3, socket_connect_timeout=3)
        self.key = key
        self.millis = int(seconds * 1000)
        self.token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    def hold(self) -> bool:
        """Take the lease, or renew it when it is ours; False when another beat holds it
        (or Redis cannot be reached: then no beat can prove it is the only one)."""
        try:
            if self.client.eval(RENEW, 1, self.key, self.token, self.millis):
                return True
            return bool(self.client.set(self.key, self.token, nx=True, px=self.millis))
        except redis.RedisError as error:
            logger.warning("beat lease: Redis unavailable (%s); sending nothing", error)
            return False

    def holder(self) -> str | None:
        try:
            value = self.client.get(self.key)
        except redis.RedisError:
            return None
        return value.decode() if value else None

    def release(self) -> None:
        try:
            self.client.eval(RELEASE, 1, self.key, self.token)
        except redis.RedisError:
            logger.warning("beat lease: not released; it expires by itself")


class SingleBeatScheduler(DatabaseScheduler):
    """django-celery-beat's database scheduler, ticking only while it holds the lease."""

    def __init__(self, *args, **kwargs):
        self.lease = BeatLease(settings.CELERY_BROKER_URL, settings.CELERY_BEAT_LEASE_KEY,
                               settings.CELERY_BEAT_LEASE_SECONDS)
        self.holding = False
        self.said_standby = False
        super().__init__(*args, **kwargs)
        # last_run_at reaches the database after every job sent (see the module docstring).
        self.sync_every_tasks = 1

    def standby_interval(self) -> float:
        return max(0.5, min(self.max_interval, self.lease.millis / 1000 / 3))

    def tick(self, *args, **kwargs):
        if not self.lease.hold():
            if self.holding:
                logger.warning("beat: lost the lease to %s; standing by", self.lease.holder())
            elif not self.said_standby:
                logger.info("beat: another beat holds the lease (%s); standing by",
                            self.lease.holder())
            self.holding, self.said_standby = False, True
            return self.standby_interval()
        if not self.holding:
            logger.info("beat: holding the lease (%s); sending jobs", self.lease.token)
            self.holding, self.said_standby = True, False
            # Forget what this process believed: the next read of ``schedule`` loads every
            # entry's last_run_at again (the previous holder's) and rebuilds the heap.
            self._last_full_sync = datetime.datetime.min
        interval = super().tick(*args, **kwargs)
        if self._dirty:  # a job was sent: record its last_run_at before anything else
            self._do_sync()
        return interval

    def close(self):
        try:
            super().close()
        finally:
            if self.holding:
                self.lease.release()
