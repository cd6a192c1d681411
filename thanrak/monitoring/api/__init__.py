"""JSON API of the monitoring module (/api/v1/monitoring). Every operation declares its resource;
rows are scoped to the caller's areas. Numbers travel as strings so no precision is lost.

One module and router per part of the work; `router` mounts them all under the one "monitoring" tag.
"""

from ninja import Router

from thanrak.monitoring.api import achievements, dhis2, programmes, values, workflow

router = Router(tags=["monitoring"])
for part in (programmes, values, dhis2, workflow, achievements):
    router.add_router("", part.router)

__all__ = ["router"]
