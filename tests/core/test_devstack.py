"""The development stack hands its child processes the right addresses: a ``DATABASE_URL`` that
reaches the same database (a TCP server or the embedded one on a Unix socket) and a
``SITE_URL`` on the port ``make run`` actually serves. It stays outside the Django project."""

import ast
import os
import subprocess
import sys

import environ
import pytest
from django.conf import settings

from devstack import cli, db_url_from_settings, processes, services
from devstack.database import connection_kwargs
from tests.conftest import ROOT

CONNECTIONS = [
    # the embedded pgserver: a Unix-socket directory (spaces and dots in a clone's path)
    {"HOST": "/home/me/a clone/.data/postgres", "PORT": 5432, "USER": "postgres",
     "PASSWORD": "", "NAME": "test_creaconnect"},
    {"HOST": "/run/postgresql", "PORT": 5433, "USER": "postgres", "PASSWORD": "",
     "NAME": "creaconnect"},
    {"HOST": "127.0.0.1", "PORT": 5432, "USER": "cc", "PASSWORD": "p@ss:/w#?%", "NAME": "cc"},
    {"HOST": "::1", "PORT": 5432, "USER": "cc", "PASSWORD": "", "NAME": "cc_bench_small"},
    {"HOST": "db.example.org", "PORT": "", "USER": "", "PASSWORD": "", "NAME": "cc"},
]


@pytest.mark.parametrize("db", CONNECTIONS, ids=lambda db: db["HOST"])
def test_database_url_reads_back_the_same_in_django_and_devstack(db):
    url = db_url_from_settings(db)
    django_db = environ.Env.db_url_config(url)
    assert {key: django_db[key] for key in db} == db
    assert "OPTIONS" not in django_db  # nothing left in the query string for Django to drop
    assert db_url_from_settings(django_db) == url
    assert connection_kwargs(url) == {
        key: db[django_key] for key, django_key in (
            ("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("password", "PASSWORD"),
            ("dbname", "NAME")) if db[django_key]}


def test_no_app_imports_the_development_stack():
    """devstack lives outside the Django project: the apps never import it (tests may)."""
    apps = [path for path in ROOT.iterdir() if (path / "__init__.py").exists()
            and path.name not in {"devstack", "tests", "bench"}]
    found = []
    for path in [ROOT / "manage.py", *(p for app in apps for p in app.rglob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.relative_to(ROOT)}: {name}" for name in names
                      if name.split(".")[0] == "devstack"]
    assert apps
    assert found == []


def test_one_process_ending_stops_the_others():
    """``make run``'s supervisor (honcho): when one process ends, the others are stopped and
    the run ends with an error; nothing is left running."""
    python = [sys.executable, "-c"]
    commands = {"quick": [*python, "print('done')"],
                "slow": [*python, "import os, time; print(os.getpid(), flush=True); "
                                  "time.sleep(120)"]}
    code = processes.supervise(commands, env=dict(os.environ), port=services.free_port())
    assert code == 1


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
    seen = probe({"DATABASE_URL": db_url_from_settings(db)})
    assert seen["DB"] == db["NAME"]


@pytest.fixture
def children_of_run(monkeypatch):
    """``make run`` up to the point where it starts web, worker and beat: the environment each
    of them would get (services, migrations and the demo data are skipped)."""
    monkeypatch.setattr(services, "start", lambda stack: None)
    monkeypatch.setattr(cli, "manage", lambda *args: None)
    monkeypatch.setattr(cli, "compile_messages", lambda: None)
    monkeypatch.setattr(services, "port_bindable", lambda port: True)
    started = {}

    def supervise(commands, *, env, port):
        started.update((name, env) for name in commands)
        return 0

    monkeypatch.setattr(processes, "supervise", supervise)

    def run(**env):
        # run() sets variables for its children: on a copy, so nothing leaks into the session.
        monkeypatch.setattr(os, "environ", dict(os.environ))
        for key, value in env.items():
            os.environ.pop(key, None)
            if value is not None:
                os.environ[key] = value
        assert cli.run(None, []) == 0
        return started

    return run


def test_make_run_on_another_port_links_to_that_port(children_of_run, django_db_setup):
    started = children_of_run(PORT="8403", SITE_URL=None)
    assert set(started) == {"web", "worker", "beat"}
    assert {env["SITE_URL"] for env in started.values()} == {"http://127.0.0.1:8403"}
    seen = probe({"SITE_URL": started["worker"]["SITE_URL"],
                  "DATABASE_URL": db_url_from_settings(settings.DATABASES["default"])})
    assert seen["SITE"] == "http://127.0.0.1:8403"


def test_an_explicit_site_url_wins_over_the_port(children_of_run):
    started = children_of_run(PORT="8403", SITE_URL="https://creaconnect.example.org")
    assert {env["SITE_URL"] for env in started.values()} == {"https://creaconnect.example.org"}
