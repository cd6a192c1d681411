"""The registry's JSON API under /api/v1/registry: persons, households, organisations, memberships.

The same rules as the pages: each operation declares its resource (403 for a role that may not),
rows outside the caller's areas or organisations are not found (404), and a refusal by a rule is a
422 naming the field. Citizen IDs are always masked here; the reveal operation returns the full ID
to roles allowed to see it and writes the reveal to the audit log.

One Router per sub-domain (persons, households, organisations with memberships, imports and
exports), mounted here under one `router`; schemas.py holds the types they share. Each operation
keeps its operationId (thanrak_registry_api_<name>) and the tag "registry"."""

from ninja import Router

from thanrak.registry.api import data, households, organisations, persons

router = Router()  # each part tags its operations "registry"
for _part in (persons, households, organisations, data):
    router.add_router("", _part.router)

__all__ = ["router"]
