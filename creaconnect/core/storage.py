"""Where uploaded and generated files live: a public storage and a private one.

Two storages, configured in ``settings.STORAGES`` so another backend (S3, issue 18) can be
plugged in without touching a model:

- ``"public"``: only images we re-encoded (hub logos, avatars, showcase covers and gallery
  images). Served at ``MEDIA_URL`` by :func:`creaconnect.core.views.public_media`, which
  reads this storage and nothing else.
- ``"default"``: everything else (reports, certificates, personal data exports, application
  files, milestone evidence, hackathon submission files). It has no public URL at all: its
  files are only ever sent by views that check permissions first.

On disk the two are separate roots (``PUBLIC_MEDIA_ROOT``, ``PRIVATE_MEDIA_ROOT``, by default
``MEDIA_ROOT/public`` and ``MEDIA_ROOT/private``), so no path trick on the public route can
reach a private file, whatever the encoding.

Model fields name the public storage through :func:`public_storage` (a callable, so
migrations record the function, not a path or a backend). Private fields use the default
storage.
"""

import os
import re
import secrets
import unicodedata

from django.conf import settings
from django.core import checks
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.utils.functional import LazyObject, cached_property

# The exact shapes of the names the public storage holds (and the public route serves):
# a known folder, then one file name of safe ASCII characters with an image extension.
PUBLIC_IMAGE_EXTENSIONS = ("png", "jpg", "jpeg", "webp", "gif")
PUBLIC_FOLDERS = r"(?:avatars/[0-9]{1,12}|hubs/logos|showcase/covers|showcase/gallery)"
PUBLIC_NAME_RE = re.compile(
    rf"\A{PUBLIC_FOLDERS}/[A-Za-z0-9][A-Za-z0-9_-]{{0,150}}\.(?:{'|'.join(PUBLIC_IMAGE_EXTENSIONS)})\Z"
)


def is_public_name(name: str) -> bool:
    """Whether ``name`` has a shape the public storage may hold and the public route serves."""
    return isinstance(name, str) and bool(PUBLIC_NAME_RE.match(name))


def safe_stem(stem: str, *, default: str = "file", limit: int = 60) -> str:
    """``stem`` reduced to ASCII letters, digits, ``-`` and ``_`` (accents dropped)."""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_stem)
    cleaned = re.sub(r"^[-_]+", "", cleaned)[:limit].rstrip("-_")
    return cleaned or default


def image_filename(filename: str) -> str:
    """A public image's file name: a safe stem and the (lower-case) image extension."""
    stem, ext = os.path.splitext(os.path.basename(filename or ""))
    ext = ext.lower().lstrip(".")
    if ext not in PUBLIC_IMAGE_EXTENSIONS:
        ext = "png"
    return f"{safe_stem(stem, default='image')}.{ext}"


def random_filename(filename: str) -> str:
    """``filename`` with an unguessable part: ``<safe stem>-<random>.<ext>``.

    For generated documents (reports, certificates, personal data exports): their names must
    not be guessable even by someone who knows the person, the hub and the day.
    """
    stem, ext = os.path.splitext(os.path.basename(filename or ""))
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())[:10]
    return f"{safe_stem(stem)}-{secrets.token_urlsafe(16)}" + (f".{ext}" if ext else "")


class NoPublicURL(AttributeError, ValueError):
    """A private file's ``url``: a ValueError like Django's "not accessible via a URL", and
    an AttributeError so that ``hasattr(field_file, "url")`` is simply False (form widgets
    then show no link)."""


class _MediaRootStorage(FileSystemStorage):
    """A file system storage rooted at a setting (``root_setting``), re-read when the settings
    change (tests point the roots at temporary directories)."""

    root_setting = ""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, getattr(settings, self.root_setting))

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting in (self.root_setting, "MEDIA_ROOT"):
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


class PublicMediaStorage(_MediaRootStorage):
    """Re-encoded public images, under ``PUBLIC_MEDIA_ROOT``, at ``MEDIA_URL`` (or at
    ``MEDIA_PUBLIC_URL``, a CDN in front of that route, when set)."""

    root_setting = "PUBLIC_MEDIA_ROOT"

    @cached_property
    def base_url(self):
        url = self._value_or_setting(self._base_url,
                                     settings.MEDIA_PUBLIC_URL or settings.MEDIA_URL)
        return url if url.endswith("/") else url + "/"

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "MEDIA_PUBLIC_URL":
            self.__dict__.pop("base_url", None)


class PrivateMediaStorage(_MediaRootStorage):
    """Every other file, under ``PRIVATE_MEDIA_ROOT``. No URL: ``url()`` raises, so a
    private file can never be linked by mistake; permission-checked views send them."""

    root_setting = "PRIVATE_MEDIA_ROOT"

    @cached_property
    def base_url(self):
        return None

    def url(self, name):
        raise NoPublicURL("Private files have no URL: serve them through a view that checks "
                          "permissions (creaconnect.core.http.attachment).")


class _PublicStorage(LazyObject):
    """``storages["public"]``, looked up again when ``STORAGES`` changes."""

    def _setup(self):
        self._wrapped = storages["public"]


class _PrivateStorage(LazyObject):
    """``storages["default"]``, looked up again when ``STORAGES`` changes."""

    def _setup(self):
        self._wrapped = storages["default"]


_public = _PublicStorage()
_private = _PrivateStorage()


def public_storage():
    """The storage of public images (``STORAGES["public"]``): for ``storage=`` on fields."""
    return _public


def private_storage():
    """The storage of private files (``STORAGES["default"]``)."""
    return _private


def _reset(*, setting, **kwargs):
    if setting == "STORAGES":
        from django.utils.functional import empty

        _public._wrapped = empty
        _private._wrapped = empty


setting_changed.connect(_reset)


def local_roots_overlap() -> bool:
    """Whether the public and private roots (when both on the local disk) contain each other:
    a configuration that would put private files under the public route."""
    roots = []
    for storage in (public_storage(), private_storage()):
        try:
            roots.append(os.path.realpath(storage.path("")))
        except NotImplementedError:
            return False
    public, private = roots
    return (public == private or private.startswith(public + os.sep)
            or public.startswith(private + os.sep))


@checks.register(checks.Tags.security)
def check_media_roots(app_configs=None, **kwargs):
    if local_roots_overlap():
        return [checks.Error(
            "PUBLIC_MEDIA_ROOT and PRIVATE_MEDIA_ROOT overlap: private files would be "
            "reachable at MEDIA_URL.", hint="Give them two separate directories.",
            id="core.E010")]
    return []
