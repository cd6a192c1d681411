"""Where files live: static files (hashed, compressed, served by WhiteNoise), public media (product
and shop photos, under MEDIA_URL) and private files (payment slips, certificates), which have no URL
and are served only by a view that checks the viewer may see their record (docs/security.md)."""

from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.functional import cached_property
from whitenoise.storage import CompressedManifestStaticFilesStorage


class PrivateFileStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT (not MEDIA_ROOT), with no public address: a view that checks
    access streams them. Like MEDIA_ROOT for the default storage, the setting is followed when it changes."""

    @cached_property
    def base_location(self) -> str:
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting: str, **kwargs: Any) -> None:
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name: str | None) -> str:
        raise ValueError("a private file has no URL: serve it through a view that checks access")


def private_storage() -> Storage:
    """The storage of private files (settings STORAGES["private"]); a callable so migrations name it."""
    return storages["private"]


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's manifest storage, leaving JavaScript as it is.

    The vendored minified libraries (Leaflet, Vega) end with a sourceMappingURL to a map that is not
    shipped; rewriting those references would make collectstatic fail. CSS references (url(),
    @import) are still rewritten to hashed names.
    """

    patterns = tuple(
        (glob, rules) for glob, rules in CompressedManifestStaticFilesStorage.patterns if glob != "*.js"
    )
