"""The providers' HTTP APIs, in the standard library's http.client: LINE's push message and
ThaiBulkSMS's send.

Each call answers (status code or None when nothing came back, the answer's first 2,000 characters).
Bases and keys come from the settings (LINE_API_BASE, SMS_API_BASE, …), so an operator or a test can
point them at a stand-in server. Each sending thread keeps one connection open per host (HTTP/1.1
keep-alive): a TLS handshake per message would cost more than the message.
"""

import base64
import hashlib
import hmac
import http.client
import json
import threading
import urllib.parse
from dataclasses import dataclass

from django.conf import settings

TIMEOUT = 10


@dataclass(frozen=True)
class Answer:
    status_code: int | None
    body: str


_LOCAL = threading.local()
_STALE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)


def _connection(scheme: str, netloc: str) -> tuple[http.client.HTTPConnection, bool]:
    """This thread's open connection to the host (and whether it was used before)."""
    pool: dict[tuple[str, str], http.client.HTTPConnection] = _LOCAL.__dict__.setdefault("pool", {})
    conn = pool.get((scheme, netloc))
    if conn is not None:
        return conn, True
    cls = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
    conn = pool[scheme, netloc] = cls(netloc, timeout=TIMEOUT)
    return conn, False


def _drop(scheme: str, netloc: str) -> None:
    conn = _LOCAL.__dict__.get("pool", {}).pop((scheme, netloc), None)
    if conn is not None:
        conn.close()


def _post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    parts = urllib.parse.urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    for _try in range(2):
        conn, reused = _connection(parts.scheme, parts.netloc)
        try:
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        except _STALE as error:
            _drop(parts.scheme, parts.netloc)
            if reused:
                continue  # the server closed a kept-alive connection before reading: open a new one
            return Answer(None, f"{type(error).__name__}: {error}"[:2000])
        except (OSError, http.client.HTTPException) as error:
            _drop(parts.scheme, parts.netloc)
            return Answer(None, f"{type(error).__name__}: {error}"[:2000])
        if response.will_close:
            _drop(parts.scheme, parts.netloc)
        return Answer(response.status, data[:2000].decode("utf-8", "replace"))
    return Answer(None, "ConnectionError: the connection closed twice")  # pragma: no cover


def line_push(*, to: str, text: str, retry_key: str) -> Answer:
    """POST /v2/bot/message/push with the channel access token and X-Line-Retry-Key (the message's
    UUID): LINE runs a request with one retry key once, and answers 409 to a repeat."""
    body = json.dumps({"to": to, "messages": [{"type": "text", "text": text[:5000]}]}).encode()
    return _post(
        settings.LINE_API_BASE.rstrip("/") + "/v2/bot/message/push",
        body,
        {
            "Content-Type": "application/json",
            "Authorization": f"Bearer {settings.LINE_CHANNEL_ACCESS_TOKEN}",
            "X-Line-Retry-Key": retry_key,
        },
    )


def sms_send(*, to: str, text: str) -> Answer:
    """POST /sms (ThaiBulkSMS API v2): basic authentication with the key and secret, a form with
    msisdn, message and sender."""
    credentials = base64.b64encode(f"{settings.SMS_API_KEY}:{settings.SMS_API_SECRET}".encode()).decode()
    body = urllib.parse.urlencode({"msisdn": to, "message": text, "sender": settings.SMS_SENDER}).encode()
    return _post(
        settings.SMS_API_BASE.rstrip("/") + "/sms",
        body,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            "Authorization": f"Basic {credentials}",
        },
    )


def line_signature(body: bytes, secret: str) -> str:
    """X-Line-Signature: base64 of the HMAC-SHA256 of the request body with the channel secret."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def line_signature_ok(body: bytes, signature: str) -> bool:
    secret = settings.LINE_CHANNEL_SECRET
    return bool(secret and signature) and hmac.compare_digest(line_signature(body, secret), signature)
