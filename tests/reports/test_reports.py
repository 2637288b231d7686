"""PDF reports: rendered by a worker with WeasyPrint, safe fetcher, permission-checked."""


import pytest
from django.db import transaction
from django.urls import reverse

from creaconnect.reports import services
from creaconnect.reports.models import Report, ReportState
from tests.conftest import close_response, wait_for
from tests.helpers import pdf_text


@pytest.mark.django_db
def test_hub_overview_pdf_contains_the_hub_name(hub_a, staff_a):
    report = services.request_report(kind="hub_overview", hub=hub_a, actor=staff_a)
    assert services.run_report(report.pk) == "done"
    report.refresh_from_db()
    assert report.state == ReportState.DONE
    assert report.page_count >= 2
    assert report.size > 1000
    with report.file.open("rb") as f:
        data = f.read()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "Hub Alpha" in text
    assert staff_a.display_name in text
    assert "2 / " in text  # page numbers in the margin
    # A second run of the same task does nothing.
    assert services.run_report(report.pk) == "skipped"


def test_fetcher_refuses_local_files_and_the_network():
    html = """<html><body><h1>Report</h1>
      <img src="file:///etc/passwd">
      <img src="http://169.254.169.254/latest/meta-data/">
      <link rel="stylesheet" href="https://example.org/x.css">
      <img src="/static/../../../../etc/passwd">
      <img src="/media/reports/other-hub.pdf">
      <img src="/static/img/favicon.svg">
    </body></html>"""
    pdf, pages, fetcher = services.html_to_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert pages == 1
    refused = " ".join(fetcher.refused)
    assert "file:///etc/passwd" in refused
    assert "169.254.169.254" in refused
    assert "example.org" in refused
    assert "other-hub.pdf" in refused
    assert "etc/passwd" in refused.replace("file:///etc/passwd", "")
    assert not any("favicon.svg" in url for url in fetcher.refused)  # project static is fine
    assert "root:" not in pdf_text(pdf)


@pytest.mark.django_db
def test_identical_request_while_running_reuses_the_report(hub_a, staff_a):
    first = services.request_report(kind="hub_overview", hub=hub_a, actor=staff_a)
    again = services.request_report(kind="hub_overview", hub=hub_a, actor=staff_a)
    assert first.pk == again.pk
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_download_is_an_attachment_and_other_hubs_get_404(client, hub_a, staff_a, staff_b):
    report = services.request_report(kind="hub_overview", hub=hub_a, actor=staff_a)
    services.run_report(report.pk)
    url = reverse("hub_reports:download", kwargs={"hub_slug": hub_a.slug, "pk": report.pk})
    client.force_login(staff_a)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    close_response(response)
    client.force_login(staff_b)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.django_db
def test_reports_page_requests_and_polls(client, hub_a, staff_a):
    client.force_login(staff_a)
    url = reverse("hub_reports:list", kwargs={"hub_slug": hub_a.slug})
    page = client.get(url).content.decode()
    assert "Hub overview" in page
    response = client.post(url, {"kind": "hub_overview"})
    assert response.status_code == 302
    report = Report.objects.get()
    status_url = reverse("hub_reports:status", kwargs={"hub_slug": hub_a.slug, "pk": report.pk})
    row = client.get(status_url).content.decode()
    assert 'hx-trigger="every 2s"' in row
    assert "<progress" in row
    services.run_report(report.pk)
    row = client.get(status_url).content.decode()
    assert "hx-trigger" not in row
    assert "Download PDF" in row


@pytest.mark.django_db
def test_unknown_report_kind_is_refused_with_a_message(client, hub_a, staff_a):
    client.force_login(staff_a)
    url = reverse("hub_reports:list", kwargs={"hub_slug": hub_a.slug})
    response = client.post(url, {"kind": "../../etc"}, follow=True)
    assert "Please choose a report." in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_renders_a_requested_report(celery_worker_process, hub_a, staff_a):
    with transaction.atomic():
        report = services.request_report(kind="hub_overview", hub=hub_a, actor=staff_a)
    assert wait_for(lambda: Report.objects.get(pk=report.pk).state == ReportState.DONE,
                    timeout=60), celery_worker_process.log_path.read_text()[-3000:]
    report.refresh_from_db()
    with report.file.open("rb") as f:
        assert "Hub Alpha" in pdf_text(f.read())
