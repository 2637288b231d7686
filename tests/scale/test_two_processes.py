"""Two web processes and a worker share nothing but PostgreSQL, Redis and S3 (issue 18).

The proof that web replicas are stateless: two gunicorn processes (web A and web B, as two
web containers would run) and one Celery worker, started with ``MEDIA_STORAGE=s3`` against a
real S3-compatible server (moto in server mode), the test database and the test Redis, and
the Django psycopg pool on. Nothing local is shared: a file uploaded through A downloads
through B with the same bytes, a report requested on A is rendered by the worker into the
bucket and downloads through B, and a session created by signing in on A is valid on B.
"""

import io

import pytest
from django.conf import settings
from django.urls import reverse
from django_scopes import scopes_disabled
from pypdf import PdfReader, PdfWriter

from creaconnect.reports.models import Report, ReportState
from programme.models import Answer, ApplicationState, QuestionKind
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    HubFactory,
    MembershipFactory,
    QuestionFactory,
    UserFactory,
    give_totp,
)
from tests.live.browser import Browser
from tests.live.stack import Stack, child_env, free_port, wait_until

from .stack import (
    PRIVATE_BUCKET,
    forget_prefix,
    on,
    post_multipart,
    raw_get,
    start_gunicorn,
    start_s3_server,
    start_workers,
    totp_now,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PASSWORD = "Scale-pass-2026!"
TOTP = "KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF"  # a test secret


@pytest.fixture(scope="module")
def two_webs(django_db_setup, django_db_blocker, tmp_path_factory):
    """Web A, web B (gunicorn) and a worker on the test database, Redis and one S3 server."""
    server, s3, s3_env = start_s3_server()
    env = child_env(**s3_env, DB_POOL_MAX_SIZE="2")
    stack = Stack(env=env, log_dir=tmp_path_factory.mktemp("two-webs"))
    try:
        ports = free_port(), free_port()
        start_workers(stack, {"worker": None})  # no -Q: the mail, pdf and default queues
        start_gunicorn(stack, "web-a", ports[0])
        start_gunicorn(stack, "web-b", ports[1])
        yield {"a": f"http://127.0.0.1:{ports[0]}", "b": f"http://127.0.0.1:{ports[1]}",
               "s3": s3, "stack": stack}
    finally:
        stack.stop()
        forget_prefix(env["CELERY_QUEUE_PREFIX"])
        server.stop()


def sign_in(base: str, email: str, *, totp: bool = False) -> Browser:
    browser = Browser(base)
    page = browser.get("/accounts/login/")
    page = browser.submit(page, page.form(has="password"), {"login": email, "password": PASSWORD})
    if totp:
        page = browser.submit(page, page.form(has="code"), {"code": totp_now(TOTP)})
    assert page.status == 200, page.visible_text()[:1500]
    assert "/accounts/login" not in page.url, page.url
    assert "/2fa/" not in page.url, page.url
    return browser


def a_pdf(text: str) -> bytes:
    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": text})
    writer.write(out)
    return out.getvalue()


def test_a_session_made_on_a_is_valid_on_b(two_webs):
    person = UserFactory(email="scale-session@example.org", password=PASSWORD)
    on_a = sign_in(two_webs["a"], person.email)
    on_b = on(on_a, two_webs["b"])
    page = on_b.get(reverse("accounts:profile"))
    assert page.status == 200
    assert "/accounts/login" not in page.url, "web B did not know the session from web A"
    assert str(person) in page.visible_text()
    signed_out = Browser(two_webs["b"]).get(reverse("accounts:profile"))
    assert "/accounts/login/" in signed_out.url  # without the cookie: the sign-in page


def test_a_file_uploaded_through_a_downloads_through_b(two_webs):
    person = UserFactory(email="scale-upload@example.org", password=PASSWORD)
    with scopes_disabled():
        call = CallFactory(hub=HubFactory(slug="scale-hub"))
        question = QuestionFactory(call=call, kind=QuestionKind.FILE)
        application = ApplicationFactory(call=call, applicant=person,
                                         state=ApplicationState.DRAFT)
    on_a = sign_in(two_webs["a"], person.email)
    step = on_a.get(reverse("programme:apply_step",
                            kwargs={"slug": call.slug, "step": question.step}))
    assert step.status == 200, step.visible_text()[:1500]
    content = a_pdf("uploaded through web A")
    assert post_multipart(on_a, step.url, [], {f"q{question.pk}": (
        "plan.pdf", content, "application/pdf")}) == 200
    with scopes_disabled():
        answer = Answer.objects.get(application=application, question=question)
    assert answer.file.name
    stored = two_webs["s3"].get_object(Bucket=PRIVATE_BUCKET, Key=answer.file.name)
    assert stored["Body"].read() == content  # in the bucket, not on web A's disk

    status, body, headers = raw_get(on(on_a, two_webs["b"]), reverse(
        "programme:own_answer_file", kwargs={"pk": application.pk, "answer_pk": answer.pk}))
    assert status == 200
    assert body == content
    assert headers["Cache-Control"] == "private, no-store"
    print(f"\nfile uploaded through A, downloaded through B: {len(content)} bytes, identical")


def test_a_report_requested_on_a_is_rendered_by_the_worker_and_downloads_through_b(two_webs):
    hub = HubFactory(slug="scale-report-hub", name="Scale Hub")
    staff = UserFactory(email="scale-staff@example.org", password=PASSWORD)
    with scopes_disabled():
        MembershipFactory(hub=hub, user=staff, totp=False)
    give_totp(staff, secret=TOTP)
    on_a = sign_in(two_webs["a"], staff.email, totp=True)
    page = on_a.get(f"/manage/{hub.slug}/reports/")
    assert page.status == 200, page.visible_text()[:1500]
    page = on_a.submit(page, page.form(button="Prepare the PDF"), button="Prepare the PDF")
    assert page.status == 200, page.visible_text()[:1500]
    report = Report.objects.get(hub_id=hub.pk)

    assert wait_until(lambda: Report.objects.get(pk=report.pk).state in (
        ReportState.DONE, ReportState.FAILED), timeout=120, interval=0.5)
    report.refresh_from_db()
    assert report.state == ReportState.DONE, report.error
    stored = two_webs["s3"].get_object(Bucket=PRIVATE_BUCKET, Key=report.file.name)
    assert stored["Body"].read()[:4] == b"%PDF"  # written by the worker into the bucket

    status, body, _ = raw_get(on(on_a, two_webs["b"]), reverse(
        "hub_reports:download", kwargs={"hub_slug": hub.slug, "pk": report.pk}))
    assert status == 200
    assert "Scale Hub" in PdfReader(io.BytesIO(body)).pages[0].extract_text()
    wait = (report.started_at - report.created).total_seconds()
    total = (report.finished_at - report.created).total_seconds()
    print(f"\nreport requested on A, rendered by the worker in {total:.2f} s (queued "
          f"{wait:.2f} s), downloaded through B: {len(body)} bytes")
    assert two_webs["stack"].error_lines() == {"worker": [], "web-a": [], "web-b": []}
    assert settings.MEDIA_STORAGE == "filesystem"  # this process never touched S3 itself
