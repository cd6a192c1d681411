"""The served OpenAPI document is the contract: no operation answers 500 or breaks its schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config._checks import (
    POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES,
    PositiveDataAcceptanceConfig,
)

from thanrak.wsgi import application


@pytest.fixture
def api_schema(db, national_manager):  # noqa: ANN001
    from django.utils import timezone

    from thanrak.accounts.actions import token_create

    _token, key = token_create(user=national_manager, name="contract", at=timezone.now())
    # The real WSGI app closes connections per request, which would drop the test transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    schema.config.headers = {"Authorization": f"Bearer {key}"}
    # A schema-valid body can still break a rule no JSON Schema can state (a citizen ID's check
    # digit, an area code that exists, one ID per person): that is the documented 422, not a bug.
    schema.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
        expected_statuses=[*POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES, "422"]
    )
    yield schema
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_within_its_documented_contract(case):  # noqa: ANN001
    case.call_and_validate()
