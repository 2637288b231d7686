"""The only way WeasyPrint may load anything: project static files and allowed media.

Templates reference ``/static/...`` and ``/media/...``; the renderer's base URL is an
internal origin, so those resolve to ``https://report.invalid/static/...``. This fetcher maps
that origin to files on disk after checking they sit inside the static dirs or are media
files the report explicitly allows. Any other URL (``file://``, ``http://``, cloud metadata
addresses...) is refused without touching the network or the filesystem.
"""

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

BASE_URL = "https://report.invalid/"


class RefusedURL(ValueError):
    pass


class SafeURLFetcher(URLFetcher):
    def __init__(self, allowed_media: set[str] | None = None):
        super().__init__(allowed_protocols={"https", "data"}, allow_redirects=False)
        self.allowed_media = {m.lstrip("/") for m in (allowed_media or set())}
        self.refused: list[str] = []

    def _refuse(self, url: str):
        self.refused.append(url)
        logger.warning("report renderer refused %s", url[:200])
        raise RefusedURL(f"refused: {url[:200]}")

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
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
        elif path.startswith(settings.MEDIA_URL):
            relative = path.removeprefix(settings.MEDIA_URL)
            root = Path(settings.MEDIA_ROOT).resolve()
            file_path = (root / relative).resolve()
            if relative not in self.allowed_media or not file_path.is_relative_to(root):
                self._refuse(url)
        else:
            self._refuse(url)
        if not file_path.is_file():
            self._refuse(url)
        mime = mimetypes.guess_type(file_path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, file_path.read_bytes(), {"Content-Type": mime})
