"""The accessibility statement is reachable from every page, honest about PDFs, localised; the
PDFs the platform renders are tagged (PDF/UA-1: structure tree, language, title)."""

import io

from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from creaconnect.reports.services import html_to_pdf


def test_statement_page_names_standard_checks_limits_and_contact(client, db, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "a11y@example.org"
    response = client.get("/accessibility/")
    assert response.status_code == 200
    body = response.content.decode()
    for expected in ("EN 301 549", "WCAG 2.1", "axe-core", "partially conformant",
                     "Known limitations", "mailto:a11y@example.org", "24 November 2026"):
        assert expected in body, expected
    assert "tagged PDF following PDF/UA-1" in body  # what the renderer really does
    assert "are not tagged PDF" not in body


def test_footer_links_to_the_statement(client, db):
    home = client.get("/").content.decode()
    assert f'href="{reverse("accessibility")}"' in home


def test_statement_date_follows_the_language(client, db):
    body = client.get("/fr/accessibility/").content.decode()
    assert "24 novembre 2026" in body
    assert '<html lang="fr"' in body


def test_pdfs_are_tagged_with_language_and_title():
    with translation.override("fr"):
        pdf, pages, _fetcher = html_to_pdf(
            '<html lang="fr"><head><title>Rapport de cohorte</title></head><body>'
            "<h1>Cohorte</h1><p>Texte</p><table><tr><th>Nom</th></tr><tr><td>Ana</td></tr>"
            "</table></body></html>")
    assert pages == 1
    catalog = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "fr"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert PdfReader(io.BytesIO(pdf)).metadata.title == "Rapport de cohorte"
