"""Small HTTP helpers shared by the views of every app."""

import os

from django.http import FileResponse, Http404


def int_or_404(value) -> int:
    """An id from a form or query string; anything that is not an integer is a 404."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def private_download(response):
    """Headers of every private document we send (stored or generated): never kept by a
    shared cache or the browser's cache, never sniffed, never run as a page."""
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def attachment(field_file, *, filename: str | None = None, content_type: str | None = None):
    """Serve a stored private file as a download, never rendered inline from our origin.

    The only way private files leave the server: call it after the view's permission check.
    """
    response = FileResponse(field_file.open("rb"), as_attachment=True,
                            filename=filename or os.path.basename(field_file.name),
                            content_type=content_type)
    return private_download(response)
