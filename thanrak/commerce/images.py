"""Uploaded photos: refuse what is not a picture or is too big, store a resized copy and a thumbnail."""

import io
import os

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from thanrak.core.errors import DomainError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_PIXELS = 40_000_000  # well above any phone camera; refuses decompression bombs
MAIN_SIZE = 1600
THUMB_SIZE = 400


class CannotUseImage(DomainError):
    """The upload is not a usable photo."""


def prepare_image(upload: object, *, field: str = "photo") -> tuple[ContentFile, ContentFile]:
    """(resized photo, thumbnail) as JPEG files, or CannotUseImage with a sentence to show."""
    size = getattr(upload, "size", None)
    limit = settings.THANRAK_MAX_IMAGE_BYTES
    if size is not None and size > limit:
        raise CannotUseImage(
            _("The photo is larger than %(mb)s MB. Please send a smaller one."),
            code="photo_larger_mb_please",
            field=field,
            params={"mb": limit // (1024 * 1024)},
        )
    data = upload.read(limit + 1) if hasattr(upload, "read") else bytes(upload)  # type: ignore[call-overload]
    if len(data) > limit:
        raise CannotUseImage(
            _("The photo is larger than %(mb)s MB. Please send a smaller one."),
            code="photo_larger_mb_please",
            field=field,
            params={"mb": limit // (1024 * 1024)},
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ALLOWED_FORMATS:
                raise CannotUseImage(
                    _("Send a JPEG, PNG or WebP photo."), code="send_jpeg_png_webp", field=field
                )
            if probe.width * probe.height > MAX_PIXELS:
                raise CannotUseImage(
                    _("The photo has too many pixels."), code="photo_too_many_pixels", field=field
                )
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise CannotUseImage(
            _("This file is not a photo that can be opened."), code="file_photo_opened", field=field
        ) from exc
    image = image.convert("RGB")
    base = os.path.splitext(os.path.basename(getattr(upload, "name", "") or "photo"))[0][:40] or "photo"
    return _jpeg(image, MAIN_SIZE, f"{base}.jpg"), _jpeg(image, THUMB_SIZE, f"{base}-thumb.jpg")


def _jpeg(image: Image.Image, box: int, name: str) -> ContentFile:
    copy = image.copy()
    copy.thumbnail((box, box))
    out = io.BytesIO()
    copy.save(out, format="JPEG", quality=85, optimize=True)
    return ContentFile(out.getvalue(), name=name)
