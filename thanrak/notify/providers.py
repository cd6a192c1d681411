"""The providers' HTTP APIs, in plain urllib: LINE's push message and ThaiBulkSMS's send.

Each call answers (status code or None when nothing came back, the answer's first 2,000 characters).
Bases and keys come from the settings (LINE_API_BASE, SMS_API_BASE, …), so an operator or a test can
point them at a stand-in server.
"""

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings

TIMEOUT = 10


@dataclass(frozen=True)
class Answer:
    status_code: int | None
    body: str


def _call(request: urllib.request.Request) -> Answer:
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (configured https base)
            return Answer(response.status, response.read(2000).decode("utf-8", "replace"))
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read(2000).decode("utf-8", "replace"))
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        return Answer(None, f"{type(error).__name__}: {error}"[:2000])


def line_push(*, to: str, text: str, retry_key: str) -> Answer:
    """POST /v2/bot/message/push with the channel access token and X-Line-Retry-Key (the message's
    UUID): LINE runs a request with one retry key once, and answers 409 to a repeat."""
    body = json.dumps({"to": to, "messages": [{"type": "text", "text": text[:5000]}]}).encode()
    request = urllib.request.Request(
        settings.LINE_API_BASE.rstrip("/") + "/v2/bot/message/push",
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {settings.LINE_CHANNEL_ACCESS_TOKEN}",
            "X-Line-Retry-Key": retry_key,
        },
    )
    return _call(request)


def sms_send(*, to: str, text: str) -> Answer:
    """POST /sms (ThaiBulkSMS API v2): basic authentication with the key and secret, a form with
    msisdn, message and sender."""
    credentials = base64.b64encode(f"{settings.SMS_API_KEY}:{settings.SMS_API_SECRET}".encode()).decode()
    body = urllib.parse.urlencode({"msisdn": to, "message": text, "sender": settings.SMS_SENDER}).encode()
    request = urllib.request.Request(
        settings.SMS_API_BASE.rstrip("/") + "/sms",
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            "Authorization": f"Basic {credentials}",
        },
    )
    return _call(request)


def line_signature(body: bytes, secret: str) -> str:
    """X-Line-Signature: base64 of the HMAC-SHA256 of the request body with the channel secret."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def line_signature_ok(body: bytes, signature: str) -> bool:
    secret = settings.LINE_CHANNEL_SECRET
    return bool(secret and signature) and hmac.compare_digest(line_signature(body, secret), signature)
