"""The participant's QR: a signed token naming the enrolment, checked at the venue.

django.core.signing with its own salt, so a token cannot be forged or reused for another app; it
carries only the enrolment id (no name, no citizen ID)."""

from django.core import signing

SALT = "thanrak.learning.checkin"


def checkin_token(enrolment_id: int) -> str:
    return signing.dumps(enrolment_id, salt=SALT, compress=False)


def read_checkin_token(token: str) -> int | None:
    """The enrolment id, or None for a token that is not ours or was altered."""
    try:
        value = signing.loads(token.strip(), salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
