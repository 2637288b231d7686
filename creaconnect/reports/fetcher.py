"""The only way WeasyPrint may load anything: project static files and allowed media.

Templates reference ``/static/...`` and ``/media/...``; the renderer's base URL is an
internal origin, so those resolve to ``https://report.invalid/static/...``. This fetcher maps
that origin to static files after checking they sit inside the static dirs, and to media
files only when the report explicitly allows that exact file: those are read through the
storage API (the public storage for ``/media/<name>``; a private file, allowed as its
``FieldFile``, at ``/private-media/<name>``, a path that exists only inside the renderer).
A public image's absolute URL (object storage, a CDN: ``MEDIA_PUBLIC_URL``) is allowed
only when it is exactly the URL of an allowed image, and is read through the storage too.
Any other URL (``file://``, ``http://``, cloud metadata addresses...) is refused without
touching the network or the filesystem.
"""

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from weasyprint.urls import URLFetcher, URLFetcherResponse

from creaconnect.core.storage import public_storage

logger = logging.getLogger(__name__)

BASE_URL = "https://report.invalid/"
# Where a template finds an allowed private file (only inside the renderer: no such route).
PRIVATE_MEDIA_PATH = "/private-media/"


class RefusedURL(ValueError):
    pass


class SafeURLFetcher(URLFetcher):
    def __init__(self, allowed_media=None):
        """``allowed_media``: names of public images (as ``/media/<name>`` names them) and
        ``FieldFile`` objects (read from their own storage, public or private)."""
        super().__init__(allowed_protocols={"https", "data"}, allow_redirects=False)
        self.allowed_media: dict[str, tuple] = {}  # URL path → (storage, name)
        self.allowed_urls: dict[str, tuple] = {}  # absolute public URL → (storage, name)
        for item in allowed_media or ():
            if isinstance(item, str):
                storage, name = public_storage(), item.lstrip("/")
            else:
                storage, name = item.storage, item.name
            if not name:
                continue
            public = storage is public_storage()
            prefix = settings.MEDIA_URL if public else PRIVATE_MEDIA_PATH
            self.allowed_media[prefix + name] = (storage, name)
            if public:
                # Templates write ``hub.logo.url``: on object storage or behind a CDN that is
                # an absolute URL (MEDIA_PUBLIC_URL...). That exact URL maps back to the
                # storage name and is read through the storage API, never fetched.
                url = storage.url(name)
                if urlsplit(url).scheme:
                    self.allowed_urls[url] = (storage, name)
        self.refused: list[str] = []

    def _refuse(self, url: str):
        self.refused.append(url)
        logger.warning("report renderer refused %s", url[:200])
        raise RefusedURL(f"refused: {url[:200]}")

    def _read(self, url, storage, name):
        """An allowed media file, read through its storage's API (disk or object storage)."""
        try:
            with storage.open(name, "rb") as handle:
                data = handle.read()
        except (OSError, ValueError, SuspiciousFileOperation):
            self._refuse(url)
        except Exception:  # noqa: BLE001 - reason: a remote storage's client errors (botocore) vary; a missing file is refused, never raised into the render
            self._refuse(url)
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, data, {"Content-Type": mime})

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url in self.allowed_urls:  # exactly an allowed public image's absolute URL
            return self._read(url, *self.allowed_urls[url])
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}/" != BASE_URL:
            self._refuse(url)
        path = unquote(parts.path)
        if path.startswith(settings.STATIC_URL):
            relative = path.removeprefix(settings.STATIC_URL)
            found = finders.find(relative)
            roots = [Path(d).resolve() for d in settings.STATICFILES_DIRS]
            if not found and settings.STATIC_ROOT:
                # Production: templates name the hashed copies that collectstatic wrote.
                static_root = Path(settings.STATIC_ROOT).resolve()
                found, roots = static_root / relative, [static_root]
            file_path = Path(found).resolve() if found else None
            if file_path is None or not any(file_path.is_relative_to(r) for r in roots):
                self._refuse(url)
        elif path in self.allowed_media:  # exactly an allowed file, nothing resolved
            return self._read(url, *self.allowed_media[path])
        else:
            self._refuse(url)
        if not file_path.is_file():
            self._refuse(url)
        mime = mimetypes.guess_type(file_path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, file_path.read_bytes(), {"Content-Type": mime})
