import pytest

from thanrak.commerce.tests import factories


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def shop(org_officer, enterprise):
    return factories.shop(by=org_officer, organisation=enterprise)


@pytest.fixture
def bands(national_manager):
    factories.default_bands(by=national_manager)


@pytest.fixture
def product(org_officer, shop):
    return factories.product(by=org_officer, shop=shop, stock=10)


@pytest.fixture
def client():
    """Pages are read in Thai, the default language, unless a test asks otherwise."""
    from django.test import Client

    return Client(headers={"Accept-Language": "th"})


@pytest.fixture(autouse=True)
def _no_listing_cache(settings):
    """Tests see the catalogue as it is now."""
    from django.core.cache import cache

    settings.COMMERCE_LISTING_CACHE_SECONDS = 0
    cache.clear()
