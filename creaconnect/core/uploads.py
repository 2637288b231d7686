"""Checks for uploaded images: size, real image content, pixel limit, re-encoding.

Re-encoding through Pillow drops EXIF (location, camera) and anything that is not pixels,
so what we serve is an image we produced, not the bytes someone sent.
"""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "png"}


def clean_image(upload, *, max_bytes: int, max_side: int = 2000) -> ContentFile:
    """Validate ``upload`` and return a re-encoded copy; raises ``ValidationError``."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The image is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)}
        )
    upload.seek(0)
    Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS
    try:
        with Image.open(upload) as probe:
            fmt = probe.format
            width, height = probe.size
            probe.verify()
        if fmt not in ALLOWED_IMAGE_FORMATS:
            raise ValidationError(_("Please upload a JPEG, PNG, WebP or GIF image."))
        if width * height > settings.IMAGE_MAX_PIXELS:
            raise ValidationError(_("The image has too many pixels."))
        upload.seek(0)
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
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise ValidationError(_("This file is not an image we can read.")) from exc
    base = (getattr(upload, "name", "") or "image").rsplit("/", 1)[-1].rsplit(".", 1)[0][:60]
    return ContentFile(out.getvalue(), name=f"{base or 'image'}.{ALLOWED_IMAGE_FORMATS[fmt]}")
