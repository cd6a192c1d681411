"""Attach photos to a record (each checked and resized first; stored as private files)."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from thanrak.accounts.models import User
from thanrak.assets import photos
from thanrak.assets.models import AssetPhoto


def attach(
    uploads: Any, *, of: str, by: User, at: dt.datetime, field: str = "photos", **subject: Any
) -> list[AssetPhoto]:
    """The upload, or each of several, as photos of the record named in `subject`. Every one is checked
    before any is kept: one that is no photo refuses them all (CannotUsePhoto naming its file)."""
    many = uploads if isinstance(uploads, Iterable) and not hasattr(uploads, "read") else [uploads]
    prepared = [photos.prepare(upload, field=field) for upload in many if upload]
    return [
        AssetPhoto.objects.create(
            of=of, image=image, thumbnail=thumbnail, taken_by=by, taken_at=at, **subject
        )
        for image, thumbnail in prepared
    ]
