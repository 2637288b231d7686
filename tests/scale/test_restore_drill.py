"""scripts/restore-drill, run for real against the test database (README "Running at scale").

The drill dumps the test database, drops and recreates a scratch database, restores into it,
starts the app on it and checks that every stored file the rows name exists; the scratch
database is gone afterwards. A file deleted from the storage makes the drill fail, naming it.
"""

import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection

from creaconnect.reports.models import Report, ReportState
from tests.factories import UserFactory
from tests.live.stack import ROOT, database_url

pytestmark = pytest.mark.django_db(transaction=True)


def client_binaries() -> dict[str, str]:
    """pg_dump/pg_restore at least as new as the server: the machine's, or the embedded
    server's own (pgserver ships them) when the machine's are older or missing."""
    server_major = connection.pg_version // 10000
    system = shutil.which("pg_dump")
    if system:
        found = re.search(r"(\d+)\.", subprocess.run(
            [system, "--version"], capture_output=True, text=True, check=False).stdout)
        if found and int(found.group(1)) >= server_major:
            return {}
    try:
        import pgserver
    except ImportError:
        return {}
    bin_dir = Path(pgserver.__file__).parent / "pginstall" / "bin"
    return {"PG_DUMP": str(bin_dir / "pg_dump"), "PG_RESTORE": str(bin_dir / "pg_restore")}


def drill(tmp_path, scratch: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **client_binaries(), "DATABASE_URL": database_url(), "TESTING": "true",
           "MEDIA_ROOT": str(settings.MEDIA_ROOT),
           "PUBLIC_MEDIA_ROOT": str(settings.PUBLIC_MEDIA_ROOT),
           "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT)}
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "restore-drill"), "--scratch", scratch,
         "--dump", str(tmp_path / "db.dump")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)


def database_exists(name: str) -> bool:
    db = settings.DATABASES["default"]
    with psycopg.connect(host=db["HOST"] or None, port=db["PORT"] or None, user=db["USER"],
                         password=db["PASSWORD"] or None, dbname="postgres") as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                            [name]).fetchone() is not None


@pytest.fixture
def stored_report():
    report = Report.objects.create(kind="hub_overview", requested_by=UserFactory(),
                                   language="en", state=ReportState.DONE)
    report.file.save("drill.pdf", ContentFile(b"%PDF-1.4 restore drill " + os.urandom(8)))
    yield report
    report.file.storage.delete(report.file.name)


def test_the_restore_drill_restores_answers_and_finds_every_file(tmp_path, stored_report):
    scratch = f"cc_drill_{uuid.uuid4().hex[:10]}"
    done = drill(tmp_path, scratch)
    assert done.returncode == 0, done.stdout + done.stderr
    for step in ("dump", "drop", "restore", "answers", "files", "done"):
        assert f"restore-drill: {step} " in done.stdout, done.stdout
    assert "files named by the restored rows exist" in done.stdout
    assert not database_exists(scratch)


def test_a_file_missing_from_the_storage_fails_the_drill(tmp_path, stored_report):
    stored_report.file.storage.delete(stored_report.file.name)
    scratch = f"cc_drill_{uuid.uuid4().hex[:10]}"
    done = drill(tmp_path, scratch)
    assert done.returncode != 0
    assert stored_report.file.name in done.stdout
    assert not database_exists(scratch)
