"""Cross-cutting views: public media files, error pages, the DEBUG-only mailbox."""

import email
import sys
from email import policy
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_GET

from .devmail import mailbox_dir

# Only these media folders hold files meant for anyone to see (images we re-encoded).
PUBLIC_MEDIA_PREFIXES = ("avatars/", "hubs/logos/", "showcase/")


@require_GET
def public_media(request, path):
    if not path.startswith(PUBLIC_MEDIA_PREFIXES) or "\x00" in path:
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    file_path = (root / path).resolve()
    if not file_path.is_relative_to(root) or not file_path.is_file():
        raise Http404
    response = FileResponse(file_path.open("rb"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _messages():
    items = []
    for path in sorted(mailbox_dir().glob("*.eml"), reverse=True)[:200]:
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        items.append({"id": path.stem, "msg": msg})
    return items


def _parts(msg):
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    return (text.get_content() if text else ""), (html.get_content() if html else "")


@require_GET
def dev_mailbox(request, message_id=None):
    """Every e-mail sent while DEBUG is on, newest first (the URL only exists in DEBUG)."""
    items = _messages()
    current = next((i for i in items if i["id"] == message_id), None) if message_id else None
    if message_id and current is None:
        raise Http404
    text = _parts(current["msg"])[0] if current else ""
    return render(request, "core/dev_mailbox.html",
                  {"items": items, "current": current, "text": text})


@require_GET
def dev_mailbox_html(request, message_id):
    path = mailbox_dir() / f"{Path(message_id).name}.eml"
    if not path.is_file():
        raise Http404
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    html = _parts(msg)[1]
    response = HttpResponse(html or "<p>(no HTML part)</p>")
    # E-mail HTML carries inline styles by necessity; it is shown sandboxed, scripts off.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; " \
                                          "img-src data:; sandbox"
    return response


def error_500(request):
    """Uncaught errors. A database outage is not a bug: it answers the 503 page.

    Rendered without the request's context processors, which would ask the database
    (the signed-in user, the notification bell) and fail a second time.
    """
    exc = sys.exc_info()[1]
    if isinstance(exc, DatabaseError):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(loader.render_to_string("500.html"), status=500)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)
