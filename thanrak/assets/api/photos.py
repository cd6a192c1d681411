"""API of photos: add several at once to a forest's patrol or incident, a house's present stage or a
booking's damage; list them; download one (private: only to who may see its record, as the pages)."""

from django.http import FileResponse, HttpRequest
from django.utils import timezone
from ninja import File, Status, UploadedFile

from thanrak.apikit import ERRORS, AppRouter, Id, access
from thanrak.assets import actions, queries
from thanrak.assets.api import schemas as s
from thanrak.assets.models import AssetPhoto, PhotoOf

router = AppRouter("assets", tags=["assets: photos"])
UPLOADED = {201: list[s.PhotoOut], **ERRORS}


def _out(photos: list[AssetPhoto]) -> list[s.PhotoOut]:
    return [
        s.PhotoOut(
            id=p.pk,
            of=p.of,
            stage=p.stage,
            taken_at=p.taken_at,
            url=f"/api/v1/assets/photos/{p.pk}",
            thumbnail_url=f"/api/v1/assets/photos/{p.pk}?thumb=true",
        )
        for p in photos
    ]


@router.get(
    "/incidents/{incident_id}/photos",
    response={200: list[s.PhotoOut], **ERRORS},
    summary="Photos of a patrol or incident",
)
@access("assets.forest", "view")
def incident_photos(request: HttpRequest, incident_id: Id) -> list[s.PhotoOut]:
    incident = queries.incident_get(viewer=request.user, incident_id=incident_id)
    return _out(list(queries.photo_list(of=PhotoOf.INCIDENT, record=incident)))


@router.post(
    "/incidents/{incident_id}/photos", response=UPLOADED, summary="Add photos to a patrol or incident"
)
@access("assets.forest", "change")
def incident_photos_add(request: HttpRequest, incident_id: Id, files: File[list[UploadedFile]]) -> Status:
    """JPEG, PNG or WebP, several at once; one that is not a photo or too large refuses them all (422
    naming the file)."""
    incident = queries.incident_get(viewer=request.user, incident_id=incident_id)
    added = actions.incident_photos_add(incident=incident, uploads=files, by=request.user, at=timezone.now())
    return Status(201, _out(added))


@router.get(
    "/housing/{unit_id}/photos", response={200: list[s.PhotoOut], **ERRORS}, summary="Photos of a house"
)
@access("assets.land", "view")
def housing_photos(request: HttpRequest, unit_id: Id) -> list[s.PhotoOut]:
    unit = queries.housing_get(viewer=request.user, unit_id=unit_id)
    return _out(list(queries.photo_list(of=PhotoOf.HOUSING, record=unit)))


@router.post(
    "/housing/{unit_id}/photos", response=UPLOADED, summary="Add photos of a house at its present stage"
)
@access("assets.land", "change")
def housing_photos_add(request: HttpRequest, unit_id: Id, files: File[list[UploadedFile]]) -> Status:
    """JPEG, PNG or WebP, several at once; all or none (422 naming the file at fault)."""
    unit = queries.housing_get(viewer=request.user, unit_id=unit_id)
    added = actions.housing_photos_add(unit=unit, uploads=files, by=request.user, at=timezone.now())
    return Status(201, _out(added))


@router.get(
    "/bookings/{booking_id}/photos",
    response={200: list[s.PhotoOut], **ERRORS},
    summary="Photos of damage found at check-in",
)
@access("assets.booking", "view")
def damage_photos(request: HttpRequest, booking_id: Id) -> list[s.PhotoOut]:
    booking = queries.booking_get(viewer=request.user, booking_id=booking_id)
    return _out(list(queries.photo_list(of=PhotoOf.DAMAGE, record=booking)))


@router.post("/bookings/{booking_id}/photos", response=UPLOADED, summary="Add photos of damage to a booking")
@access("assets.booking", "approve")
def damage_photos_add(request: HttpRequest, booking_id: Id, files: File[list[UploadedFile]]) -> Status:
    """The equipment's managers, once it was lent out; all or none (422 naming the file at fault)."""
    booking = queries.booking_get(viewer=request.user, booking_id=booking_id)
    added = actions.damage_photos_add(booking=booking, uploads=files, by=request.user, at=timezone.now())
    return Status(201, _out(added))


@router.get(
    "/photos/{photo_id}",
    response=ERRORS,
    summary="One photo (JPEG), or its thumbnail",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The JPEG; 404 for who may not see its record.",
                "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
@access("assets.photo", "view")
def photo(request: HttpRequest, photo_id: Id, thumb: bool = False) -> FileResponse:
    found = queries.photo_get(viewer=request.user, photo_id=photo_id)
    response = FileResponse((found.thumbnail if thumb else found.image).open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response
