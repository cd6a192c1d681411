"""The LINE official account's webhook: checks X-Line-Signature, links a person who sends their
code, withdraws consent on "หยุด" (or when the person blocks the account)."""

import json
import re

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from thanrak.core.access import public
from thanrak.core.errors import DomainError
from thanrak.notify import actions, providers
from thanrak.notify.actions.channels import STOP_WORDS

CODE = re.compile(r"\b([A-Z2-9]{6})\b")


def _handle(event: dict, now) -> None:  # noqa: ANN001
    user_id = (event.get("source") or {}).get("userId", "")
    if not user_id:
        return
    if event.get("type") == "unfollow":
        actions.withdraw_line_user(user_id=user_id, at=now)
        return
    message = event.get("message") or {}
    text = (message.get("text") or "").strip() if message.get("type") == "text" else ""
    if text in STOP_WORDS:
        actions.withdraw_line_user(user_id=user_id, at=now)
        return
    match = CODE.search(text.upper())
    if match:
        try:
            actions.link_line(code=match.group(1), user_id=user_id, at=now)
        except DomainError:
            return  # a wrong code: nothing to link


@public
@csrf_exempt
@require_POST
def line_webhook(request: HttpRequest) -> HttpResponse:
    body = request.body
    if not providers.line_signature_ok(body, request.headers.get("X-Line-Signature", "")):
        return HttpResponse(status=403)
    try:
        events = json.loads(body or b"{}").get("events", [])
    except (ValueError, AttributeError):
        return HttpResponseBadRequest()
    now = timezone.now()
    for event in events if isinstance(events, list) else []:
        if isinstance(event, dict):
            _handle(event, now)
    return HttpResponse(status=200)
