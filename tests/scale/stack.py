"""Helpers shared by the scale tests: Celery workers on queues of their own, and cleaning the
test Redis of a stack's keys afterwards. Processes start through ``tests/live/stack.py``."""

from __future__ import annotations

import base64
import hashlib
import hmac
import socket
import struct
import time
import urllib.error
import urllib.request
import uuid

import redis
from django.conf import settings

from creaconnect.celery import app
from tests.live.browser import Browser
from tests.live.stack import BIN, Stack, free_port, wait_until


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


# --- Web processes, S3, HTTP helpers ----------------------------------------------------------

PRIVATE_BUCKET = "cc-scale-private"
PUBLIC_BUCKET = "cc-scale-public"
S3_KEYS = {"AWS_ACCESS_KEY_ID": "scale-key", "AWS_SECRET_ACCESS_KEY": "scale-secret"}


def start_s3_server():
    """moto's S3 server (the S3 HTTP API on a loopback port) with a private and a public
    bucket; returns (server, the environment a process needs for MEDIA_STORAGE=s3)."""
    import boto3
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **{
        k.lower(): v for k, v in S3_KEYS.items()})
    client.create_bucket(Bucket=PRIVATE_BUCKET)
    client.create_bucket(Bucket=PUBLIC_BUCKET)
    return server, client, {
        "MEDIA_STORAGE": "s3", "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_STORAGE_BUCKET_NAME": PRIVATE_BUCKET, "AWS_PUBLIC_BUCKET_NAME": PUBLIC_BUCKET,
        "AWS_PUBLIC_DEFAULT_ACL": "public-read", "AWS_S3_REGION_NAME": "us-east-1", **S3_KEYS}


def start_gunicorn(stack: Stack, name: str, port: int, threads: int = 2):
    """One gunicorn web process (as the web container runs it, smaller) on ``port``."""
    child = stack.start(name, [
        str(BIN / "gunicorn"), "creaconnect.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", "1", "--threads", str(threads), "--access-logfile", "-",
        "--graceful-timeout", "5"])

    def listening():
        if child.proc.poll() is not None:
            raise RuntimeError(f"{name} stopped:\n{child.log()[-4000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        except OSError:
            return False
        return True

    if not wait_until(listening, timeout=90, interval=0.3):
        raise RuntimeError(f"{name} did not start:\n{child.log()[-4000:]}")
    return child


def totp_now(secret: str) -> str:
    """The current RFC 6238 code (SHA-1, 6 digits, 30 s), as an authenticator app shows it."""
    key = base64.b32decode(secret)
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 15
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 10**6:06d}"


def on(browser: Browser, base: str) -> Browser:
    """The same person (the same cookies) talking to another web process."""
    other = Browser(base)
    other.jar = browser.jar
    other.opener = browser.opener
    return other


def raw_get(browser: Browser, path: str) -> tuple[int, bytes, dict]:
    try:
        with browser.opener.open(browser.base + path, timeout=60) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def post_multipart(browser: Browser, url: str, fields: list[tuple[str, str]],
                   files: dict[str, tuple[str, bytes, str]]) -> int:
    """POST a form with files (``name: (filename, content, content type)``), as a browser
    does; returns the final status after redirects."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in [*fields, ("csrfmiddlewaretoken", browser.csrf())]:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                     f"{value}\r\n".encode())
    for name, (filename, content, kind) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                     f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
                     + content + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    assert url.startswith("http://127.0.0.1:"), url
    request = urllib.request.Request(url, data=body, method="POST", headers={  # noqa: S310  a loopback test server
        "Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": url})
    try:
        with browser.opener.open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
