"""Reads of asset photos: one photo, only when the viewer may read its record."""

from django.db.models import QuerySet

from thanrak.assets.models import (
    AssetPhoto,
    Booking,
    CommunityForest,
    Equipment,
    ForestIncident,
    HousingUnit,
    PhotoOf,
)
from thanrak.core.access import user_may

RESOURCE = {
    PhotoOf.EQUIPMENT: "assets.equipment",
    PhotoOf.DAMAGE: "assets.booking",
    PhotoOf.INCIDENT: "assets.forest",
    PhotoOf.HOUSING: "assets.land",
}


def photo_get(*, viewer: object, photo_id: int) -> AssetPhoto:
    """The photo, when the viewer may read its kind of record and sees that row (DoesNotExist else)."""
    photo = AssetPhoto.objects.get(pk=photo_id)
    if not user_may(viewer, RESOURCE[photo.of], "view"):
        raise AssetPhoto.DoesNotExist(photo_id)
    record = {
        PhotoOf.EQUIPMENT: lambda: Equipment.objects.visible_to(viewer).filter(pk=photo.equipment_id),
        PhotoOf.DAMAGE: lambda: Booking.objects.visible_to(viewer).filter(pk=photo.booking_id),
        PhotoOf.INCIDENT: lambda: CommunityForest.objects.visible_to(viewer).filter(
            incidents=photo.incident_id
        ),
        PhotoOf.HOUSING: lambda: HousingUnit.objects.visible_to(viewer).filter(pk=photo.housing_id),
    }[photo.of]()
    if not record.exists():
        raise AssetPhoto.DoesNotExist(photo_id)
    return photo


def incident_get(*, viewer: object, incident_id: int) -> ForestIncident:
    """A patrol or incident of a forest the viewer may see (DoesNotExist otherwise)."""
    forests = CommunityForest.objects.visible_to(viewer)
    return ForestIncident.objects.select_related("forest").filter(forest__in=forests).get(pk=incident_id)


def photo_list(*, of: str, record: object) -> QuerySet[AssetPhoto]:
    """The photos of one record (already fetched through the viewer's scope), oldest first."""
    subject = {
        PhotoOf.EQUIPMENT: "equipment",
        PhotoOf.DAMAGE: "booking",
        PhotoOf.INCIDENT: "incident",
        PhotoOf.HOUSING: "housing",
    }[of]
    return AssetPhoto.objects.filter(of=of, **{subject: record}).order_by("taken_at", "pk")
