import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis as redis_lib
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.core.cache import cache
from django_scopes import scopes_disabled

from devstack import db_url_from_settings
from tests.factories import (
    CreditedMemberFactory,
    HubFactory,
    MembershipFactory,
    ShowcaseProjectFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language. A request to a prefixed page (``/es/...``)
    leaves its language active in the thread (LocaleMiddleware never deactivates), and a
    later test rendering outside a request would otherwise speak Spanish."""
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate-limit counters and cached fragments live in (the test database of) Redis."""
    cache.clear()


@pytest.fixture
def hub_a(db):
    return HubFactory(slug="hub-a", name="Hub Alpha")


@pytest.fixture
def hub_b(db):
    return HubFactory(slug="hub-b", name="Hub Beta", brand_colour="#b91c1c")


@pytest.fixture
def staff_a(hub_a):
    with scopes_disabled():
        return MembershipFactory(hub=hub_a).user


@pytest.fixture
def staff_b(hub_b):
    with scopes_disabled():
        return MembershipFactory(hub=hub_b).user


@pytest.fixture
def admin_user(db):
    return UserFactory(is_programme_admin=True)


@pytest.fixture
def participant(db):
    return UserFactory()


@pytest.fixture
def make_project(db):
    """Make a showcase project directly (bypassing the workflow) in a given state:
    ``make_project(hub, state=..., members=1, consented=True, users=None, **fields)``.

    Projects are numbered from 1 in each test (``Project 1``, ``Member 1.0``); ``consented``
    approves every credited member.
    """
    from showcase.models import ConsentState, ProjectState

    counter = {"n": 0}

    def make(hub, *, state=ProjectState.PUBLISHED, members=1, consented=True, users=None,
             **fields):
        counter["n"] += 1
        n = counter["n"]
        values = {"title": f"Project {n}", "slug": f"project-{n}-{hub.slug}",
                  "tagline": f"Tagline {n}", **fields}
        project = ShowcaseProjectFactory(hub=hub, state=state, **values)
        for i, user in enumerate(users or [UserFactory() for _ in range(members)]):
            CreditedMemberFactory(
                project=project, user=user, display_name=f"Member {n}.{i}", order=i,
                consent=ConsentState.APPROVED if consented else ConsentState.PENDING)
        return project

    return make


# --- A real SMTP server and a real Celery worker ---------------------------------------

ROOT = Path(__file__).resolve().parents[1]


class RecordingHandler:
    """Accepts mail and records it; some addresses fail on purpose.

    ``flaky*@`` gets a 451 (try later) on its first attempt, ``bounce*@`` a 550.
    """

    def __init__(self):
        self.messages = []
        self.seen_flaky = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("bounce"):
            return "550 5.1.1 No such mailbox here"
        if address.startswith("flaky") and address not in self.seen_flaky:
            self.seen_flaky.add(address)
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"

    def to(self, address):
        return [m for rcpts, m in self.messages if address in rcpts]


@pytest.fixture(scope="session")
def smtp_server():
    import socket

    with socket.socket() as probe:  # aiosmtpd cannot start on port 0: pick a free one
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    handler.port = port
    yield handler
    controller.stop()


@pytest.fixture
def smtp_settings(settings, smtp_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    return smtp_server


def close_response(response):
    """Close a streamed response (its file) without the request_finished signal closing the
    test's database connection."""
    from django.core.signals import request_finished
    from django.db import close_old_connections

    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def wait_for(predicate, timeout=30.0, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, smtp_server, tmp_path_factory):
    """A real ``celery worker`` on the test database, the test Redis and the test SMTP server."""
    media = tmp_path_factory.mktemp("worker-media")
    env = {
        **os.environ,
        "DATABASE_URL": db_url_from_settings(django_settings.DATABASES["default"]),
        "REDIS_URL": django_settings.REDIS_URL,
        "TESTING": "true",
        "DEBUG": "true",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}",
        "NOTIFICATION_RETRY_BASE_SECONDS": "0.5",
        "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
        # The worker writes reports and exports where this process reads them.
        "PUBLIC_MEDIA_ROOT": str(django_settings.PUBLIC_MEDIA_ROOT),
        "PRIVATE_MEDIA_ROOT": str(django_settings.PRIVATE_MEDIA_ROOT),
        "CONN_MAX_AGE": "0",
    }
    redis_lib.Redis.from_url(django_settings.REDIS_URL).flushdb()
    log = open(media / "worker.log", "w")  # closed at teardown
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("celery")), "-A", "creaconnect", "worker",
         "-l", "info", "--concurrency", "2", "--without-gossip", "--without-mingle",
         "--without-heartbeat", "-n", f"test-{os.getpid()}@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    ready = wait_for(lambda: "ready" in (media / "worker.log").read_text() or
                     proc.poll() is not None, timeout=60)
    if not ready or proc.poll() is not None:
        proc.kill()
        pytest.fail("Celery worker did not start:\n" + (media / "worker.log").read_text())
    proc.log_path = media / "worker.log"
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
