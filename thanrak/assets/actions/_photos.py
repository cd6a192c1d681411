"""Attach a photo to a record (checked and resized first; stored as a private file)."""

import datetime as dt
from typing import Any

from thanrak.accounts.models import User
from thanrak.assets import photos
from thanrak.assets.models import AssetPhoto


def attach(
    upload: Any, *, of: str, by: User, at: dt.datetime, field: str = "photo", **subject: Any
) -> AssetPhoto:
    """The upload as a photo of the record named in `subject` (CannotUsePhoto when it is no photo)."""
    image, thumbnail = photos.prepare(upload, field=field)
    return AssetPhoto.objects.create(
        of=of, image=image, thumbnail=thumbnail, taken_by=by, taken_at=at, **subject
    )
