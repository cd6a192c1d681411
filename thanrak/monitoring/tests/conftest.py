import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    """Assertions read the English messages; the report itself is built in Thai regardless."""
    with translation.override("en"):
        yield
