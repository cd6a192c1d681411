"""Production static files: collectstatic with hashed (and compressed) names must succeed."""

import json

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

PRODUCTION = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "thanrak.core.storage.StaticFilesStorage"},
}


def extensions_except_css() -> list[str]:
    """Compressing the megabytes of vendored JavaScript takes a minute: the test compresses CSS only."""
    found = {p.suffix.lstrip(".") for d in settings.STATICFILES_DIRS for p in d.rglob("*.*")}
    return sorted(found - {"css"}) + ["js", "map"]


class TestCollectStatic:
    def test_collects_every_vendored_asset_under_a_hashed_name(self, tmp_path):
        with override_settings(
            STATIC_ROOT=tmp_path,
            STORAGES=PRODUCTION,
            WHITENOISE_SKIP_COMPRESS_EXTENSIONS=extensions_except_css(),
        ):
            call_command("collectstatic", interactive=False, verbosity=0)

        paths = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
        for name in ("vendor/leaflet/leaflet.js", "vendor/vega/vega-embed.min.js", "vendor/htmx/htmx.min.js"):
            assert (tmp_path / paths[name]).exists() and paths[name] != name
        css = tmp_path / paths["css/thanrak.css"]
        assert css.with_name(css.name + ".gz").exists()
        text = css.read_text()
        assert (
            "sarabun-thai-400-normal." in text and "sarabun-thai-400-normal.woff2" not in text
        )  # fonts hashed
