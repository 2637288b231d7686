"""The same uploads, downloads, reports and exports on both media storages (issue 18).

``filesystem`` is the default; ``s3`` is django-storages against a real S3-compatible server
that the suite starts itself: moto in server mode, speaking the S3 HTTP API on a free
loopback port, with a private bucket and a public one. Nothing of our own is faked: the app
writes and reads objects over HTTP, a real Celery worker (started with ``MEDIA_STORAGE=s3``)
renders a report into the bucket, and the private objects are checked to be unreadable
anonymously at the S3 endpoint itself.
"""

import io
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import boto3
import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled
from pypdf import PdfReader

from creaconnect.accounts import privacy_services
from creaconnect.accounts.models import DataExport
from creaconnect.core.storage import public_storage
from creaconnect.reports.models import Report, ReportState
from creaconnect.reports.services import run_report
from creaconnect.reports.tasks import task_render_report
from devstack import db_url_from_settings
from programme.models import Answer, ApplicationState, QuestionKind
from tests.conftest import close_response, wait_for
from tests.factories import ApplicationFactory, CallFactory, QuestionFactory

ROOT = Path(__file__).resolve().parents[2]
PRIVATE_BUCKET = "cc-test-private"
PUBLIC_BUCKET = "cc-test-public"
KEYS = {"AWS_ACCESS_KEY_ID": "testing-key", "AWS_SECRET_ACCESS_KEY": "testing-secret"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def png_bytes(colour=(200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (16, 16), colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server on a free port, with the two buckets; its endpoint URL."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
                          aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"])
    client.create_bucket(Bucket=PRIVATE_BUCKET)
    client.create_bucket(Bucket=PUBLIC_BUCKET)
    yield endpoint
    server.stop()


def s3_environment(endpoint: str) -> dict:
    """The environment a process gets for ``MEDIA_STORAGE=s3`` (as in production)."""
    return {"MEDIA_STORAGE": "s3", "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_STORAGE_BUCKET_NAME": PRIVATE_BUCKET, "AWS_PUBLIC_BUCKET_NAME": PUBLIC_BUCKET,
            "AWS_PUBLIC_DEFAULT_ACL": "public-read", "AWS_S3_REGION_NAME": "us-east-1", **KEYS}


@pytest.fixture(params=["filesystem", "s3"])
def backend(request, settings, tmp_path):
    """Point this process's two storages at the disk or at the S3 server."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLIC_MEDIA_ROOT = tmp_path / "media" / "public"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media" / "private"
    if request.param == "filesystem":
        return {"name": "filesystem", "env": {"MEDIA_ROOT": str(settings.MEDIA_ROOT)}}
    endpoint = request.getfixturevalue("s3_server")
    settings.AWS_S3_ENDPOINT_URL = endpoint
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.AWS_ACCESS_KEY_ID = KEYS["AWS_ACCESS_KEY_ID"]
    settings.AWS_SECRET_ACCESS_KEY = KEYS["AWS_SECRET_ACCESS_KEY"]
    settings.AWS_S3_ADDRESSING_STYLE = "path"
    settings.AWS_S3_SIGNATURE_VERSION = "s3v4"
    settings.MEDIA_STORAGE = "s3"
    settings.MEDIA_PUBLIC_URL = f"{endpoint}/{PUBLIC_BUCKET}/"
    settings.STORAGES = {
        **django_settings.STORAGES,
        "default": {"BACKEND": "creaconnect.core.storage_s3.S3PrivateStorage", "OPTIONS": {
            "bucket_name": PRIVATE_BUCKET, "location": "", "default_acl": "private",
            "querystring_auth": True, "querystring_expire": 60, "file_overwrite": False}},
        "public": {"BACKEND": "creaconnect.core.storage_s3.S3PublicStorage", "OPTIONS": {
            "bucket_name": PUBLIC_BUCKET, "location": "", "default_acl": "public-read",
            "querystring_auth": False, "file_overwrite": False}},
    }
    return {"name": "s3", "endpoint": endpoint, "env": s3_environment(endpoint)}


def body(response) -> bytes:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    close_response(response)
    return data


def anonymous_get(url: str) -> tuple[int, bytes]:
    """A plain HTTP GET with no credentials (what anyone on the internet can do)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - reason: a loopback test server's http URL
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def storage_kind() -> str:
    return "s3" if "S3" in type(storages["default"]).__name__ else "filesystem"


def s3_object(endpoint: str, bucket: str, key: str) -> bytes:
    """An object read with credentials, straight from the S3 server."""
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
                          aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"])
    return client.get_object(Bucket=bucket, Key=key)["Body"].read()


@pytest.mark.django_db
def test_application_file_upload_and_permission_checked_download(backend, hub_a, staff_a,
                                                                  participant, staff_b):
    assert storage_kind() == backend["name"]
    secret = b"PRIVATE-cv " + os.urandom(8).hex().encode()
    with scopes_disabled():
        call = CallFactory(hub=hub_a)
        question = QuestionFactory(call=call, kind=QuestionKind.FILE)
        application = ApplicationFactory(call=call, applicant=participant,
                                         state=ApplicationState.SUBMITTED)
        answer = Answer(application=application, question=question)
        answer.file.save("cv.pdf", ContentFile(secret), save=True)
    assert default_storage.exists(answer.file.name)
    own = reverse("programme:own_answer_file", kwargs={"pk": application.pk,
                                                       "answer_pk": answer.pk})
    console = reverse("programme_console:answer_file", kwargs={
        "hub_slug": hub_a.slug, "call_pk": call.pk, "pk": application.pk,
        "answer_pk": answer.pk})
    for user, url, allowed in ((participant, own, True), (staff_a, console, True),
                               (staff_b, console, False), (None, own, False)):
        client = Client()
        if user:
            client.force_login(user)
        response = client.get(url)
        if allowed:
            assert response.status_code == 200
            assert body(response) == secret
            assert response["Cache-Control"] == "private, no-store"
            assert response["Content-Disposition"].startswith("attachment")
        else:
            assert response.status_code in (302, 403, 404)
            assert secret not in body(response)
    with pytest.raises(ValueError, match="no URL"):
        default_storage.url(answer.file.name)
    if backend["name"] == "s3":
        assert s3_object(backend["endpoint"], PRIVATE_BUCKET, answer.file.name) == secret
        # The object itself, at the S3 endpoint, without a signature: refused.
        status, data = anonymous_get(f"{backend['endpoint']}/{PRIVATE_BUCKET}/{answer.file.name}")
        assert status == 403
        assert secret not in data


@pytest.mark.django_db
def test_public_image_url_and_traversal_attempts(backend, hub_a, client):
    with scopes_disabled():
        hub_a.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    secret_name = default_storage.save("exports/1/photo.png", ContentFile(b"PRIVATE-photo"))
    url = hub_a.logo.url
    if backend["name"] == "s3":
        assert url == f"{backend['endpoint']}/{PUBLIC_BUCKET}/{hub_a.logo.name}"
        status, data = anonymous_get(url)
        assert status == 200
        assert data == png_bytes()
        status, _ = anonymous_get(f"{backend['endpoint']}/{PRIVATE_BUCKET}/{secret_name}")
        assert status == 403
    else:
        assert url == f"/media/{hub_a.logo.name}"
        response = client.get(url)
        assert response.status_code == 200
        assert body(response) == png_bytes()
    for attempt in (f"/media/../private/{secret_name}", f"/media/{secret_name}",
                    f"/media/hubs/logos/..%2f..%2f{secret_name}", "/media/%2e%2e/private/x",
                    f"/media/showcase/covers/..%2F..%2F{secret_name}"):
        response = client.get(attempt)
        assert response.status_code == 404, attempt
        assert b"PRIVATE" not in body(response)


def _report_with_logo(hub, staff) -> Report:
    with scopes_disabled():
        hub.logo.save("logo.png", ContentFile(png_bytes((10, 120, 200))), save=True)
    return Report.objects.create(kind="hub_overview", hub_id=hub.pk, requested_by=staff,
                                 language="en")


def _assert_pdf_with_logo(data: bytes, hub_name: str):
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert hub_name in reader.pages[0].extract_text()
    assert len(reader.pages[0].images) >= 1, "the hub's logo is missing from the cover"


@pytest.mark.django_db
def test_report_with_logo_renders_and_downloads(backend, hub_a, staff_a, caplog):
    report = _report_with_logo(hub_a, staff_a)
    assert run_report(report.pk) == "done"
    assert "report renderer refused" not in caplog.text
    report.refresh_from_db()
    client = Client()
    client.force_login(staff_a)
    response = client.get(reverse("hub_reports:download",
                                  kwargs={"hub_slug": hub_a.slug, "pk": report.pk}))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    _assert_pdf_with_logo(body(response), hub_a.name)


@pytest.mark.django_db
def test_data_export_zip_downloads(backend, participant):
    with scopes_disabled():
        export = DataExport.objects.create(user=participant)
        assert privacy_services.run_export(export.pk) == "done"
    export.refresh_from_db()
    assert default_storage.exists(export.file.name)
    client = Client()
    client.force_login(participant)
    response = client.get(reverse("accounts:privacy_export_download", kwargs={"pk": export.pk}))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    with zipfile.ZipFile(io.BytesIO(body(response))) as archive:
        assert archive.namelist()
    if backend["name"] == "s3":
        status, _ = anonymous_get(f"{backend['endpoint']}/{PRIVATE_BUCKET}/{export.file.name}")
        assert status == 403


_workers: dict = {}  # backend name → (process, log file, queue, log path)


@pytest.fixture(scope="module", autouse=True)
def _stop_workers():
    yield
    for proc, log, _queue, _path in _workers.values():
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def storage_worker(backend, tmp_path_factory) -> tuple[str, Path]:
    """A real Celery worker with this backend's environment, on a queue of its own."""
    name = backend["name"]
    if name not in _workers:
        queue = f"storage-{name}-{os.getpid()}"
        log_path = tmp_path_factory.mktemp(f"worker-{name}") / "worker.log"
        env = {**os.environ, "DATABASE_URL": db_url_from_settings(
                   django_settings.DATABASES["default"]),
               "REDIS_URL": django_settings.REDIS_URL, "TESTING": "true", "DEBUG": "true",
               "CONN_MAX_AGE": "0", **backend["env"]}
        if name == "filesystem":
            env["PUBLIC_MEDIA_ROOT"] = env["MEDIA_ROOT"] + "/public"
            env["PRIVATE_MEDIA_ROOT"] = env["MEDIA_ROOT"] + "/private"
        log = open(log_path, "w")  # closed when the module's workers stop
        proc = subprocess.Popen(
            [str(Path(sys.executable).with_name("celery")), "-A", "creaconnect", "worker",
             "-l", "info", "--concurrency", "1", "-Q", queue, "--without-gossip",
             "--without-mingle", "--without-heartbeat", "-n", f"{queue}@%h"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        _workers[name] = (proc, log, queue, log_path)
        assert wait_for(lambda: " ready." in log_path.read_text() or proc.poll() is not None,
                        timeout=60), log_path.read_text()
        assert proc.poll() is None, log_path.read_text()
    return _workers[name][2:]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_renders_a_report_with_logo_into_the_storage(backend, hub_a, staff_a,
                                                            tmp_path_factory):
    queue, log_path = storage_worker(backend, tmp_path_factory)
    with transaction.atomic():
        report = _report_with_logo(hub_a, staff_a)
    # The worker process has its own settings from the environment: the same storage.
    task_render_report.apply_async(args=[report.pk], queue=queue, retry=False)
    assert wait_for(lambda: Report.objects.get(pk=report.pk).state == ReportState.DONE,
                    timeout=90), log_path.read_text()[-3000:]
    report.refresh_from_db()
    assert default_storage.exists(report.file.name)
    if backend["name"] == "s3":  # written by the worker into the bucket
        assert s3_object(backend["endpoint"], PRIVATE_BUCKET, report.file.name)[:4] == b"%PDF"
    client = Client()
    client.force_login(staff_a)
    response = client.get(reverse("hub_reports:download",
                                  kwargs={"hub_slug": hub_a.slug, "pk": report.pk}))
    assert response.status_code == 200
    _assert_pdf_with_logo(body(response), hub_a.name)
    assert "refused" not in log_path.read_text()
    assert public_storage().exists(hub_a.logo.name)
