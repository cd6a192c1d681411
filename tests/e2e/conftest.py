"""Browser journeys run against `live_server`, whose transactional tests empty the database after
each test, Thai geography included: load it again before every journey (idempotent, ~0.3 s)."""

import pytest


@pytest.fixture(autouse=True)
def geography(transactional_db):  # noqa: ANN001
    from thanrak.geo.actions import geography_load

    geography_load()
