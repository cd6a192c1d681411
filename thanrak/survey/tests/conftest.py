import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    """Assertions on domain messages read the English source text; pages still render Thai by default."""
    with translation.override("en"):
        yield
