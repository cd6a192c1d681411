"""Settings for the commerce benchmarks: production settings (DEBUG=False) but static files
without the manifest, because the vendored vega-embed.min.js names a source map that is not
vendored and the manifest storage refuses to collect it (reported to the lead)."""

from thanrak.settings import *  # noqa: F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}}  # noqa: F405

import os  # noqa: E402

COMMERCE_LISTING_CACHE_SECONDS = int(os.getenv("BENCH_LISTING_CACHE", "60"))
