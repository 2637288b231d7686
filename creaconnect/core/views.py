"""Cross-cutting views: public media files, error pages, the DEBUG-only mailbox."""

import email
import mimetypes
import os
import re
import stat
import sys
from email import policy
from pathlib import Path

from django.core.exceptions import SuspiciousFileOperation
from django.db import DatabaseError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotFound
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_GET

from .devmail import mailbox_dir
from .storage import is_public_name, public_storage

# Percent-escapes that must never reach the public route: separators, dots, NUL, the escape
# character itself (double encoding) and any byte outside ASCII (overlong UTF-8 forms).
_RAW_FORBIDDEN = re.compile(r"%(?:2f|5c|2e|00|25|[89a-f][0-9a-f])", re.IGNORECASE)


def _raw_path(request) -> str | None:
    """The request target exactly as the client sent it, where the server passes it on
    (gunicorn: ``RAW_URI``; uWSGI, mod_wsgi: ``REQUEST_URI``); None otherwise."""
    raw = request.META.get("RAW_URI") or request.META.get("REQUEST_URI")
    if not raw:
        return None
    raw = raw.split("?", 1)[0].split("#", 1)[0]
    if not raw.startswith("/"):  # absolute form: GET http://host/media/... HTTP/1.1
        raw = "/" + raw.split("://", 1)[-1].partition("/")[2]
    return raw


def _public_file(name: str):
    """An open handle on the public image ``name``, or None. On a local disk: a regular file
    inside the public root, reached without following any symbolic link."""
    storage = public_storage()
    try:
        local = storage.path(name)
    except NotImplementedError:  # a remote storage (S3): it has no links to follow
        return storage.open(name, "rb") if storage.exists(name) else None
    except SuspiciousFileOperation:
        return None
    root = os.path.realpath(storage.path(""))
    expected = os.path.join(root, *name.split("/"))
    # realpath differs from the plain join when any part of the path is a symbolic link.
    if os.path.realpath(local) != expected or os.path.commonpath([root, expected]) != root:
        return None
    try:
        fd = os.open(expected, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return None
    return os.fdopen(fd, "rb")


def _media_not_found():
    """A bare 404 (an image URL is not a page: no site template to render for scanners)."""
    response = HttpResponseNotFound(b"Not found\n", content_type="text/plain; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def public_media(request, path):
    """Public images (logos, avatars, showcase), from the public storage only.

    Only the exact names that storage holds are answered: a known folder and one file name
    of safe characters with an image extension (``PUBLIC_NAME_RE``), asked for without any
    encoding trick. Anything else is a 404, whatever it would resolve to. Private files live
    in another storage that has no URL at all.
    """
    raw = _raw_path(request)
    if not is_public_name(path) or (raw is not None and (
            _RAW_FORBIDDEN.search(raw) or raw != request.path)):
        return _media_not_found()
    handle = _public_file(path)
    if handle is None:
        return _media_not_found()
    response = FileResponse(handle, content_type=mimetypes.guess_type(path)[0])
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
