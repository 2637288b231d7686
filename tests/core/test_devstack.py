"""The development stack hands its child processes the right addresses: a ``DATABASE_URL`` that
reaches the same database (a TCP server or the embedded one on a Unix socket) and a
``SITE_URL`` on the port ``make run`` actually serves."""

import os
import subprocess
import sys

import environ
import pytest
from django.conf import settings

from creaconnect import devstack
from tests.conftest import ROOT

CONNECTIONS = [
    # the embedded pgserver: a Unix-socket directory (spaces and dots in a clone's path)
    {"host": "/home/me/a clone/.data/postgres", "port": 5432, "user": "postgres", "password": None,
     "dbname": "test_creaconnect"},
    {"host": "/run/postgresql", "port": 5433, "user": "postgres", "password": None,
     "dbname": "creaconnect"},
    {"host": "127.0.0.1", "port": 5432, "user": "cc", "password": "p@ss:/w#?%", "dbname": "cc"},
    {"host": "::1", "port": 5432, "user": "cc", "password": None, "dbname": "cc_bench_small"},
    {"host": "db.example.org", "port": None, "user": None, "password": None, "dbname": "cc"},
]


@pytest.mark.parametrize("conn", CONNECTIONS, ids=lambda c: c["host"])
def test_database_url_reads_back_the_same_in_django_and_devstack(conn):
    url = devstack.build_db_url(**conn)
    assert devstack.parse_db_url(url) == conn
    django_db = environ.Env.db_url_config(url)
    assert (django_db["HOST"], django_db["NAME"], django_db["USER"] or None,
            django_db["PASSWORD"] or None) == (conn["host"], conn["dbname"], conn["user"],
                                               conn["password"])
    assert (django_db["PORT"] or None) == conn["port"]
    assert "OPTIONS" not in django_db  # nothing left in the query string for Django to drop
    assert devstack.db_url_from_settings(django_db) == url


_PROBE = """
import django
django.setup()
from django.conf import settings
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SELECT current_database()")
    print("DB", cursor.fetchone()[0])
print("SITE", settings.SITE_URL)
"""


def probe(env: dict) -> dict:
    """Django's own view, in a child process, of the environment it was given."""
    result = subprocess.run([sys.executable, "-c", _PROBE], cwd=ROOT, capture_output=True,
                            text=True, timeout=120,
                            env={**os.environ, "DJANGO_SETTINGS_MODULE": "creaconnect.settings",
                                 "DEBUG": "true", **env})
    assert result.returncode == 0, result.stderr[-3000:]
    return dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)


def test_a_child_process_reaches_the_test_database(django_db_setup):
    """The path every worker, beat and probe process the suite starts takes — on the embedded
    server (Unix socket) when DATABASE_URL is unset, on the machine's server otherwise."""
    db = settings.DATABASES["default"]
    seen = probe({"DATABASE_URL": devstack.db_url_from_settings(db)})
    assert seen["DB"] == db["NAME"]


class StartedChildren(Exception):  # a signal: stops Devstack.run once its children exist
    pass


@pytest.fixture
def children_of_run(monkeypatch):
    """Devstack.run up to the point where it starts web, worker and beat: the environment each
    of them would get (services, migrations and the demo data are skipped)."""
    monkeypatch.setattr(devstack.Devstack, "services", lambda self: None)
    monkeypatch.setattr(devstack, "manage", lambda *args, **kw: 0)
    monkeypatch.setattr(devstack, "compile_messages", lambda: None)
    monkeypatch.setattr(devstack, "port_bindable", lambda port: True)
    started = {}

    def fake_child(name, argv, env, ready=None):
        started[name] = env
        if len(started) == 3:
            raise StartedChildren
        return None

    monkeypatch.setattr(devstack, "Child", fake_child)

    def run(**env):
        # run() sets variables for its children: on a copy, so nothing leaks into the session.
        monkeypatch.setattr(os, "environ", dict(os.environ))
        for key, value in env.items():
            os.environ.pop(key, None)
            if value is not None:
                os.environ[key] = value
        with pytest.raises(StartedChildren):
            devstack.Devstack().run([])
        return started

    return run


def test_make_run_on_another_port_links_to_that_port(children_of_run, django_db_setup):
    started = children_of_run(PORT="8403", SITE_URL=None)
    assert set(started) == {"web", "worker", "beat"}
    assert {env["SITE_URL"] for env in started.values()} == {"http://127.0.0.1:8403"}
    seen = probe({"SITE_URL": started["worker"]["SITE_URL"],
                  "DATABASE_URL": devstack.db_url_from_settings(settings.DATABASES["default"])})
    assert seen["SITE"] == "http://127.0.0.1:8403"


def test_an_explicit_site_url_wins_over_the_port(children_of_run):
    started = children_of_run(PORT="8403", SITE_URL="https://creaconnect.example.org")
    assert {env["SITE_URL"] for env in started.values()} == {"https://creaconnect.example.org"}
