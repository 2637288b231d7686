"""What the reports app registers with the core (see ``creaconnect.core.registry``)."""

from creaconnect.core.registry import accessibility_fact_providers, register

from .services import PDF_VARIANT


@register(accessibility_fact_providers)
def pdf_accessibility():
    """The accessibility statement says whether our PDFs are tagged (PDF/UA)."""
    return {"pdf_tagged": PDF_VARIANT.startswith("pdf/ua")}
