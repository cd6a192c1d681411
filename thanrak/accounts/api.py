from django.http import HttpRequest
from ninja import Router, Schema

from thanrak.accounts.scope import scope_of
from thanrak.apikit import ERRORS

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    role: str
    area_codes: list[str]
    organisation_ids: list[int]


@router.get(
    "/me", response={200: MeOut, **ERRORS}, summary="Who the token or session belongs to, and their scope"
)
def me(request: HttpRequest) -> MeOut:
    scope = scope_of(request.user)
    return MeOut(
        username=request.user.username,
        role=request.user.role,
        area_codes=list(scope.area_codes),
        organisation_ids=sorted(scope.organisation_ids),
    )


me.thanrak_access = "authenticated"  # type: ignore[attr-defined]
