"""The one gate every uploaded file goes through.

``validate_upload`` checks, in this order: the extension against an allow-list (of the kind of
upload and of the formats we know how to recognise), the size against the kind's limit, the
content by its first bytes (a file called ``.pdf`` must start like a PDF), then per format:
images are opened with Pillow under a pixel limit and re-encoded (EXIF and anything that is not
pixels are dropped, so what we store is an image we produced), ZIP-based files are read from
their directory and decompressed with a byte budget (a zip bomb is refused without being
inflated), text must be UTF-8 without NUL bytes and must not be HTML. SVG is never accepted:
it is a document that can carry script, not a picture.
"""

import io
import os
import warnings
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import ClearableFileInput
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "png"}
IMAGE_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
IMAGE_EXTENSIONS = frozenset({"png", "jpg", "jpeg", "gif", "webp"})
OOXML_EXTENSIONS = frozenset({"docx", "xlsx", "pptx"})
ODF_EXTENSIONS = frozenset({"odt", "ods", "odp"})
ZIP_EXTENSIONS = frozenset({"zip"}) | OOXML_EXTENSIONS | ODF_EXTENSIONS
TEXT_EXTENSIONS = frozenset({"txt", "md", "csv"})
NEVER_ACCEPTED = frozenset({"svg", "svgz", "html", "htm", "xhtml", "xml", "js", "mjs", "exe",
                            "bat", "cmd", "sh", "php", "jsp", "swf"})

PNG = b"\x89PNG\r\n\x1a\n"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _riff(kind: bytes):
    return lambda head: head[:4] == b"RIFF" and head[8:12] == kind


def _ftyp(head: bytes) -> bool:
    return head[4:8] == b"ftyp"


# What the first bytes of a file of each extension must look like.
SIGNATURES = {
    "pdf": lambda h: h.startswith(b"%PDF-"),
    "png": lambda h: h.startswith(PNG),
    "jpg": lambda h: h.startswith(b"\xff\xd8\xff"),
    "jpeg": lambda h: h.startswith(b"\xff\xd8\xff"),
    "gif": lambda h: h[:6] in (b"GIF87a", b"GIF89a"),
    "webp": _riff(b"WEBP"),
    "wav": _riff(b"WAVE"),
    "mp3": lambda h: h.startswith(b"ID3") or h[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"),
    "mp4": _ftyp, "m4a": _ftyp, "mov": _ftyp,
    "ogg": lambda h: h.startswith(b"OggS"),
    "webm": lambda h: h.startswith(b"\x1a\x45\xdf\xa3"),
    "doc": lambda h: h.startswith(OLE), "xls": lambda h: h.startswith(OLE),
    "ppt": lambda h: h.startswith(OLE),
    "rtf": lambda h: h.startswith(b"{\\rtf"),
    **{ext: (lambda h: h.startswith(b"PK\x03\x04")) for ext in ZIP_EXTENSIONS},
    **{ext: (lambda h: True) for ext in TEXT_EXTENSIONS},  # checked as text below
}
KNOWN_EXTENSIONS = frozenset(SIGNATURES)

# Markup a browser would sniff as HTML (or SVG/XML) at the start of a "text" file.
HTML_MARKERS = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<head", b"<body",
                b"<iframe", b"<object", b"<embed", b"<img", b"<a ", b"<meta", b"<style",
                b"<div", b"<table", b"<p>", b"<!--")


def upload_limit(kind: str) -> int:
    """The size limit in bytes of an upload of ``kind`` (``settings.UPLOAD_MAX_BYTES``)."""
    return settings.UPLOAD_MAX_BYTES[kind]


def extension_of(name: str) -> str:
    return os.path.splitext(os.path.basename(name or ""))[1].lower().lstrip(".")


def _types_error(extensions) -> ValidationError:
    if not extensions:
        return ValidationError(_("No file can be accepted here: ask the organisers which file "
                                 "types to use."), code="file_type")
    return ValidationError(_("Please upload a file of type: %(types)s.")
                           % {"types": ", ".join(sorted(extensions))}, code="file_type")


def _size_error(size: int, limit: int) -> ValidationError:
    return ValidationError(_("The file is %(size)s; the limit is %(limit)s.")
                           % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
                           code="file_size")


def _content_error() -> ValidationError:
    return ValidationError(_("The content of this file does not match its type. Please "
                             "upload the original file."), code="file_content")


def validate_upload(upload, *, kind: str, extensions=None, max_bytes: int | None = None,
                    max_side: int = 4000, reencode: bool = True):
    """Check ``upload`` and return what should be stored: the upload itself, or for images a
    re-encoded copy. ``extensions`` narrows the kind's allow-list (a call question's list);
    only extensions we can recognise by content are ever accepted. ``reencode=False`` is for
    callers that re-encode the image themselves (the showcase makes two web sizes).
    Raises ``ValidationError``.
    """
    if getattr(upload, "validated_as", None) == kind:  # checked by the form already
        return upload
    allowed = {e.lower().lstrip(".") for e in (extensions or settings.UPLOAD_EXTENSIONS[kind])}
    allowed = (allowed & KNOWN_EXTENSIONS) - NEVER_ACCEPTED
    limit = max_bytes if max_bytes is not None else upload_limit(kind)
    ext = extension_of(getattr(upload, "name", ""))
    if ext not in allowed:
        raise _types_error(allowed)
    if upload.size > limit:
        raise _size_error(upload.size, limit)
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    if not head or not SIGNATURES[ext](head):
        raise _content_error()
    if ext in IMAGE_EXTENSIONS and not reencode:
        probe_image(upload)
    elif ext in IMAGE_EXTENSIONS:
        image = clean_image(upload, max_bytes=limit, max_side=max_side)
        # An UploadedFile again, so code that tells new uploads from stored files still can.
        upload = SimpleUploadedFile(image.name, image.read(),
                                    content_type=IMAGE_TYPES[extension_of(image.name)])
    elif ext in ZIP_EXTENSIONS:
        check_zip(upload, ext=ext)
    elif ext in TEXT_EXTENSIONS:
        check_text(upload)
    upload.seek(0)
    upload.validated_as = kind
    return upload


def check_text(upload) -> None:
    """UTF-8 text without NUL bytes, and not HTML in disguise."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if b"\x00" in data:
        raise _content_error()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("Text files must be saved as UTF-8."), code="file_content") \
            from exc
    start = text.lstrip("\ufeff \t\r\n").encode()[:64].lower()
    if start.startswith(HTML_MARKERS):
        raise _content_error()


def check_zip(upload, *, ext: str) -> None:
    """A ZIP (or a format built on it) whose content stays within the settings' budget:
    few enough entries, a declared total and ratio under the limits, and — because the
    declared sizes can lie — a decompression that stops as soon as the budget is spent."""
    budget = settings.ZIP_MAX_UNCOMPRESSED_BYTES
    bomb = ValidationError(_("This archive expands to far more than its size; it cannot be "
                             "accepted."), code="zip_bomb")
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > settings.ZIP_MAX_ENTRIES:
                raise ValidationError(_("This archive holds too many files (%(n)s at most).")
                                      % {"n": settings.ZIP_MAX_ENTRIES}, code="zip_entries")
            declared = sum(e.file_size for e in entries)
            packed = max(1, sum(e.compress_size for e in entries))
            if declared > budget or declared / packed > settings.ZIP_MAX_RATIO:
                raise bomb
            names = {e.filename for e in entries}
            if ext in OOXML_EXTENSIONS and "[Content_Types].xml" not in names:
                raise _content_error()
            if ext in ODF_EXTENSIONS and "mimetype" not in names:
                raise _content_error()
            spent = 0
            for entry in entries:
                if entry.is_dir():
                    continue
                with archive.open(entry) as member:
                    while chunk := member.read(1 << 20):
                        spent += len(chunk)
                        if spent > budget:
                            raise bomb
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError,
            EOFError, OSError, ValueError) as exc:
        # RuntimeError: encrypted members; NotImplementedError: unknown compression.
        raise _content_error() from exc
    finally:
        upload.seek(0)


def _image_error() -> ValidationError:
    return ValidationError(_("Please upload a JPEG, PNG, WebP or GIF image."),
                           code="file_content")


def probe_image(upload) -> str:
    """Check that ``upload`` is an image of an allowed format with an acceptable pixel count,
    reading only its header and structure (no pixel is decoded); returns the Pillow format.
    Raises ``ValidationError``."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(SIGNATURES[ext](head) for ext in ("png", "jpg", "gif", "webp")):
        raise _image_error()
    Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS
    too_many = ValidationError(
        _("The image has too many pixels (%(limit)s megapixels at most).")
        % {"limit": settings.IMAGE_MAX_PIXELS // 1_000_000}, code="image_pixels")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:
                fmt = probe.format
                width, height = probe.size
                if width * height > settings.IMAGE_MAX_PIXELS:
                    raise too_many
                probe.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise too_many from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ValidationError(_("This file is not an image we can read."),
                              code="file_content") from exc
    finally:
        upload.seek(0)
    if fmt not in ALLOWED_IMAGE_FORMATS:
        raise _image_error()
    return fmt


def clean_image(upload, *, max_bytes: int, max_side: int = 2000) -> ContentFile:
    """Validate ``upload`` as an image and return a re-encoded copy; raises
    ``ValidationError``. The pixel count is read from the header and checked before any
    pixel is decoded, so a decompression bomb costs nothing."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The image is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="file_size")
    fmt = probe_image(upload)
    try:
        with Image.open(upload) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            image.thumbnail((max_side, max_side))
            out = io.BytesIO()
            if fmt == "JPEG":
                image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
            elif fmt == "WEBP":
                image.save(out, "WEBP", quality=85)
            else:
                if image.mode not in ("RGB", "RGBA", "L", "LA"):
                    image = image.convert("RGBA")
                image.save(out, "PNG", optimize=True)
    except (Image.DecompressionBombError, UnidentifiedImageError, OSError, SyntaxError,
            ValueError, EOFError) as exc:
        raise ValidationError(_("This file is not an image we can read."),
                              code="file_content") from exc
    base = (getattr(upload, "name", "") or "image").rsplit("/", 1)[-1].rsplit(".", 1)[0][:60]
    return ContentFile(out.getvalue(), name=f"{base or 'image'}.{ALLOWED_IMAGE_FORMATS[fmt]}")


class PrivateFileInput(ClearableFileInput):
    """The file input for a private file already stored: its name and the "clear" box, no
    link (a private file has no URL; the page offers its permission-checked download)."""

    template_name = "core/widgets/private_file_input.html"

    def is_initial(self, value):
        return bool(value and getattr(value, "name", None))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.is_initial(value):
            context["widget"]["filename"] = os.path.basename(value.name)
        return context
