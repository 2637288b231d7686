"""Static information pages of the platform (the accessibility statement)."""

from datetime import date

from django.conf import settings
from django.shortcuts import render

from .registry import accessibility_fact_providers

# The day the statement was last checked against the platform; change it with the text.
ACCESSIBILITY_REVIEWED = date(2026, 11, 24)


def accessibility_statement(request):
    """What standard we aim for, how we check it, what is known not to meet it, whom to tell."""
    context = {
        "reviewed": ACCESSIBILITY_REVIEWED,
        "contact": settings.ACCESSIBILITY_CONTACT_EMAIL,
        "pdf_tagged": False,
    }
    for provider in accessibility_fact_providers:
        context.update(provider())
    return render(request, "pages/accessibility.html", context)
