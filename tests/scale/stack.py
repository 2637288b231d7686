"""Helpers shared by the scale tests: Celery workers on queues of their own, and cleaning the
test Redis of a stack's keys afterwards. Processes start through ``tests/live/stack.py``."""

from __future__ import annotations

import uuid

import redis
from django.conf import settings

from creaconnect.celery import app
from tests.live.stack import BIN, Stack, wait_until


def worker_args(name: str, queues: list[str] | None, concurrency: int = 1) -> list[str]:
    """``celery worker`` reading ``queues`` (all three of its prefix when None, as in make
    run and the test fixture)."""
    args = [str(BIN / "celery"), "-A", "creaconnect", "worker", "-l", "info",
            "--concurrency", str(concurrency), "--without-gossip", "--without-mingle",
            "--without-heartbeat", "-n", f"{name}-{uuid.uuid4().hex[:8]}@%h"]
    return [*args, "-Q", ",".join(queues)] if queues else args


def start_workers(stack: Stack, workers: dict[str, list[str] | None],
                  timeout: float = 90) -> None:
    """Start every worker at once, then wait until each one says it is ready."""
    children = [stack.start(name, worker_args(name, queues)) for name, queues in workers.items()]
    for child in children:
        if not wait_until(lambda c=child: " ready." in c.log() or c.proc.poll() is not None,
                          timeout=timeout) or child.proc.poll() is not None:
            raise RuntimeError(f"{child.name} did not start:\n{child.log()[-4000:]}")


def routed_queue(task_name: str, prefix: str) -> str:
    """The queue this task goes to (the settings' routes) under a stack's queue prefix."""
    return prefix + app.amqp.router.route({}, task_name)["queue"].name


def redis_client() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL)


def forget_prefix(prefix: str) -> None:
    """Delete a stack's queues, bindings and beat lease from the test Redis."""
    client = redis_client()
    keys = list(client.scan_iter(match=f"*{prefix}*", count=1000))
    if keys:
        client.delete(*keys)
