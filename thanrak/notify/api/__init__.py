"""The notify API under /api/v1/notify: the outbox for officers, the member's own channels and consent."""

from ninja import Router

from thanrak.notify.api import outbox, own

router = Router(tags=["notify"])
for part in (outbox, own):
    router.add_router("", part.router)

__all__ = ["router"]
