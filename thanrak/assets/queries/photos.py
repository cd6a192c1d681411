"""Reads of asset photos: one photo, only when the viewer may read its record."""

from thanrak.assets.models import AssetPhoto, Booking, CommunityForest, Equipment, HousingUnit, PhotoOf
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
