"""Static information pages of the platform (the accessibility statement)."""

from datetime import date

from django.conf import settings
from django.shortcuts import render

# The day the statement was last checked against the platform; change it with the text.
ACCESSIBILITY_REVIEWED = date(2026, 11, 24)


def accessibility_statement(request):
    """What standard we aim for, how we check it, what is known not to meet it, whom to tell."""
    from creaconnect.reports.services import PDF_VARIANT

    return render(request, "pages/accessibility.html", {
        "reviewed": ACCESSIBILITY_REVIEWED,
        "contact": settings.ACCESSIBILITY_CONTACT_EMAIL,
        "pdf_tagged": PDF_VARIANT.startswith("pdf/ua"),
    })
