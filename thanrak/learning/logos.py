"""The agency's logo for the certificates: checked, then stored as a small PNG (transparency kept).

Pure: bytes in, PNG bytes out, or CannotCertify with a code. What is refused: more than 1 MB, a
format other than PNG, JPEG or WebP, more than 4,000 × 4,000 pixels (a decompression bomb), a file
that does not open as a picture. The stored copy is at most 600 px on its longer side: a logo prints
about 2.5 cm wide, and a batch's PDF carries it on every page."""

import io

from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from thanrak.learning.errors import CannotCertify

MAX_BYTES = 1024 * 1024
MAX_SIDE = 4000
STORED_SIDE = 600
FORMATS = {"PNG", "JPEG", "WEBP"}


def logo_png(data: bytes) -> bytes:
    """The logo re-encoded as PNG, at most STORED_SIDE px, or CannotCertify(code=logo_…)."""
    if len(data) > MAX_BYTES:
        raise CannotCertify(
            _("The logo is larger than 1 MB; send a smaller picture."), code="logo_too_large", field="logo"
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in FORMATS:
                raise CannotCertify(
                    _("Send the logo as PNG, JPEG or WebP."), code="logo_format", field="logo"
                )
            if probe.width > MAX_SIDE or probe.height > MAX_SIDE:
                raise CannotCertify(
                    _("The logo has too many pixels (at most 4,000 on a side)."),
                    code="logo_too_many_pixels",
                    field="logo",
                )
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise CannotCertify(
            _("This file is not a picture that can be opened."), code="logo_unreadable", field="logo"
        ) from exc
    image = image.convert("RGBA")
    image.thumbnail((STORED_SIDE, STORED_SIDE))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
