import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connections

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_needs_no_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_readyz_ok(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": True, "redis": True}


@pytest.mark.django_db(transaction=True)
def test_readyz_503_when_database_unreachable(client):
    conn = connections["default"]
    conn.close()
    saved = conn.settings_dict["PORT"], conn.settings_dict["HOST"]
    conn.settings_dict["HOST"], conn.settings_dict["PORT"] = "127.0.0.1", "1"
    try:
        response = client.get("/readyz")
    finally:
        conn.close()
        conn.settings_dict["PORT"], conn.settings_dict["HOST"] = saved
    assert response.status_code == 503
    assert response.json()["checks"]["database"] is False


@pytest.mark.django_db
def test_readyz_503_when_redis_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "redis": False}


def test_production_settings_pass_check_deploy():
    env = {
        "PATH": "/usr/bin:/bin", "DEBUG": "false", "TESTING": "false",
        "SECRET_KEY": "k" * 20 + "Zx9!qP2@vR7#mT4$wL8%nB3^cF6&hJ1*",
        "ALLOWED_HOSTS": "creaconnect.example.org",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/creaconnect",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_mode_has_no_dev_mailbox():
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "false", "TESTING": "false",
           "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "a.example"}
    code = ("import django;django.setup();from django.urls import resolve, Resolver404\n"
            "try:\n    resolve('/dev/mail/');print('FOUND')\n"
            "except Resolver404:\n    print('NONE')")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60,
                            env={**env, "DJANGO_SETTINGS_MODULE": "creaconnect.settings"})
    assert result.stdout.strip().endswith("NONE"), result.stderr
