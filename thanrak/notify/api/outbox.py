"""The outbox, as officers read it (addresses masked)."""

from django.http import HttpRequest

from thanrak.apikit import ERRORS, AppRouter, Id, access
from thanrak.notify import queries
from thanrak.notify.api.schemas import Limit, MessageOut, MessagePage, Offset, StatusFilter
from thanrak.notify.models import Message

router = AppRouter("notify")


def message_out(message: Message) -> dict:
    return {
        "id": message.pk,
        "uuid": message.uuid,
        "person_id": message.person_id,
        "channel": message.channel,
        "to": queries.masked_to(message),
        "kind": message.kind,
        "reason": message.reason,
        "text": message.text,
        "status": message.status,
        "note": message.note,
        "attempts": message.attempts,
        "created_at": message.created_at,
        "sent_at": message.sent_at,
    }


@router.get("/messages", response={200: MessagePage, **ERRORS})
@access("notify.outbox", "view")
def message_list(
    request: HttpRequest, status: StatusFilter = "", limit: Limit = 100, offset: Offset = 0
) -> dict:
    """Messages to people of the caller's organisations or areas, newest first."""
    qs = queries.outbox_list(viewer=request.user, status=status)
    return {
        "count": qs.count(),
        "limit": limit,
        "offset": offset,
        "items": [message_out(m) for m in qs[offset : offset + limit]],
    }


@router.get("/messages/{message_id}", response={200: MessageOut, **ERRORS})
@access("notify.outbox", "view")
def message_detail(request: HttpRequest, message_id: Id) -> dict:
    return message_out(queries.message_get(viewer=request.user, message_id=message_id))
