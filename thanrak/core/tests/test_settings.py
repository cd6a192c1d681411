"""How the app starts outside `make run` and the tests: DEBUG off, a real key required, deploy checks "
"clean."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def manage(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process with only the variables given (plus PATH)."""
    base = {
        "PATH": os.environ["PATH"],
        "THANRAK_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "thanrak.settings",
    }
    return subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {
    "SECRET_KEY": "x4Vd1nq-Ew0l9sS2bT7yPZcHkQ3mRaLfUgJ8oNv6YtXiE5rDhK_Bj",
    "ALLOWED_HOSTS": "thanrak.example.go.th",
    "HTTPS": "True",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "True",
    "SECURE_HSTS_PRELOAD": "True",
}


class TestStartingTheApp:
    def test_refuses_to_start_without_a_secret_key(self, tmp_path):
        result = manage(tmp_path, "check")
        assert result.returncode != 0
        assert "SECRET_KEY is not set" in result.stderr

    def test_refuses_the_published_development_key_without_debug(self, tmp_path):
        result = manage(tmp_path, "check", SECRET_KEY=settings.DEV_SECRET_KEY)
        assert result.returncode != 0
        assert "published development key" in result.stderr

    def test_debug_is_off_unless_asked_for(self, tmp_path):
        result = manage(
            tmp_path,
            "shell",
            "-c",
            "from django.conf import settings; print(settings.DEBUG)",
            SECRET_KEY=PRODUCTION["SECRET_KEY"],
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().splitlines()[-1] == "False"

    def test_deploy_checks_pass_with_the_environment_deploy_md_describes(self, tmp_path):
        result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
        assert result.returncode == 0, result.stderr
        assert "no issues" in result.stdout


class TestServerErrors:
    def test_an_api_error_answers_500_without_a_traceback(self, monkeypatch):
        from thanrak.geo import api as geo_api

        def broken(*args, **kwargs):
            raise RuntimeError("secret internals of the failure")

        monkeypatch.setattr(geo_api.queries, "area_children", broken)
        response = Client(raise_request_exception=False).get("/api/v1/geo/provinces")
        assert response.status_code == 500
        assert b"secret internals" not in response.content
        assert b"Traceback" not in response.content
