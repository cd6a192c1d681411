"""The member's own channels and consent."""

from django.http import HttpRequest
from django.utils import timezone

from thanrak.apikit import ERRORS, AppRouter, access
from thanrak.notify import actions, queries
from thanrak.notify.api.schemas import ConsentIn, OwnOut
from thanrak.notify.rules import mask_address

router = AppRouter("notify")


def _own_out(request: HttpRequest) -> dict:
    own = queries.own_settings(viewer=request.user)
    channels = []
    for row in (own.line, own.sms):
        if row is None:
            continue
        channels.append(
            {
                "channel": row.kind,
                "linked": bool(row.address),
                "to": mask_address(row.kind, row.address),
                "consented": row.consented,
                "consent_at": row.consent_at,
                "consent_purpose": row.consent_purpose,
                "withdrawn_at": row.withdrawn_at,
            }
        )
    return {
        "person_id": own.person.pk,
        "channels": channels,
        "kinds_on": [k for k, _l, on in own.kinds if on],
    }


@router.get("/me", response={200: OwnOut, **ERRORS})
@access("notify.own", "view")
def own_get(request: HttpRequest) -> dict:
    """The caller's channels, their consent (date, purpose) and the kinds they receive."""
    return _own_out(request)


@router.post("/me/consent", response={200: OwnOut, **ERRORS})
@access("notify.own", "change")
def own_consent(request: HttpRequest, payload: ConsentIn) -> dict:
    """Give or withdraw consent for one channel (withdrawing is one call, at once)."""
    person = queries.own_person(viewer=request.user)
    if payload.give:
        actions.give_consent(person=person, channel=payload.channel, at=timezone.now())
    else:
        actions.withdraw_consent(person=person, channel=payload.channel, at=timezone.now())
    return _own_out(request)
