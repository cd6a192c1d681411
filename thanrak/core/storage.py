"""Static files in production: hashed names and compressed copies served by WhiteNoise."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's manifest storage, leaving JavaScript as it is.

    The vendored minified libraries (Leaflet, Vega) end with a sourceMappingURL to a map that is not
    shipped; rewriting those references would make collectstatic fail. CSS references (url(),
    @import) are still rewritten to hashed names.
    """

    patterns = tuple(
        (glob, rules) for glob, rules in CompressedManifestStaticFilesStorage.patterns if glob != "*.js"
    )
