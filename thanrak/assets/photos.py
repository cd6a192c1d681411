"""Photos of assets (equipment, damage at check-in, patrols and incidents, housing stages): refuse what
is not a picture or is too big; keep a resized JPEG and a thumbnail. Stored as private files: served
only by a view that checks the viewer may see the record (no public address)."""

import io
import os

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from thanrak.core.errors import DomainError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PIXELS = 40_000_000  # above any phone camera; refuses decompression bombs
MAIN_SIZE = 1600
THUMB_SIZE = 320


class CannotUsePhoto(DomainError):
    """The upload is not a usable photo."""


def _too_big(field: str, limit: int, file: str) -> CannotUsePhoto:
    return CannotUsePhoto(
        _("The photo %(file)s is larger than %(mb)s MB. Please send a smaller one."),
        code="photo_too_large",
        field=field,
        params={"mb": limit // (1024 * 1024), "file": file},
    )


def prepare(upload: object, *, field: str = "photo") -> tuple[ContentFile, ContentFile]:
    """(resized photo, thumbnail) as JPEG files, or CannotUsePhoto with a sentence naming the file."""
    limit = settings.THANRAK_MAX_IMAGE_BYTES
    file = os.path.basename(getattr(upload, "name", "") or "") or "-"
    named = {"file": file}
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise _too_big(field, limit, file)
    data = upload.read(limit + 1) if hasattr(upload, "read") else bytes(upload)  # type: ignore[call-overload]
    if len(data) > limit:
        raise _too_big(field, limit, file)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ALLOWED_FORMATS:
                raise CannotUsePhoto(
                    _("%(file)s is not a JPEG, PNG or WebP photo."),
                    code="photo_type",
                    field=field,
                    params=named,
                )
            if probe.width * probe.height > MAX_PIXELS:
                raise CannotUsePhoto(
                    _("The photo %(file)s has too many pixels."),
                    code="photo_too_many_pixels",
                    field=field,
                    params=named,
                )
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise CannotUsePhoto(
            _("%(file)s is not a photo that can be opened."),
            code="photo_unreadable",
            field=field,
            params=named,
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
