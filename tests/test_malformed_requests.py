"""A request the server cannot read is the sender's fault: a clear 4xx, never a 500."""

import pytest
from django.utils import timezone

from thanrak.accounts.actions import token_create

pytestmark = pytest.mark.django_db

UPLOADS = [
    "/api/v1/monitoring/imports",
    "/api/v1/registry/imports/persons",
    "/api/v1/finance/funds/1/import",
]


def bearer(user) -> dict[str, str]:  # noqa: ANN001
    _token, key = token_create(user=user, name="t", at=timezone.now())
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


class TestUploadsWithoutABoundary:
    @pytest.mark.parametrize("path", UPLOADS)
    def test_refuses_a_multipart_body_without_a_boundary_with_400(self, client, national_manager, path):
        page = client.generic(
            "POST", path, b"--x\r\n\r\n", content_type="multipart/form-data", **bearer(national_manager)
        )

        assert page.status_code == 400
        assert page.json()["detail"]

    @pytest.mark.parametrize("path", UPLOADS)
    def test_refuses_a_multipart_body_with_a_bad_boundary_with_400(self, client, national_manager, path):
        page = client.generic(
            "POST", path, b"junk", content_type="multipart/form-data; boundary=", **bearer(national_manager)
        )

        assert page.status_code == 400
