"""The whole country's forest map, kept in the cache between changes.

The map of every community forest (11,327 in the seed) is the same for every viewer who sees all of
them; it is built once, kept as JSON bytes under a key holding a version number, and a change to a
forest's boundary or legal status moves the version on (after the change is committed), so the next
request builds it again. Viewers who see part of the country are served from the query as before."""

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "assets:forest-map:version"
TIMEOUT = 24 * 3600


def map_key() -> str:
    return f"assets:forest-map:country:{cache.get_or_set(VERSION_KEY, 1, None)}"


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new number will do
        cache.set(VERSION_KEY, 2, None)


def forests_changed() -> None:
    """Called by a write that changes what the forest map shows."""
    transaction.on_commit(_bump)
