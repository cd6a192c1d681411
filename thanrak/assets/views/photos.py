"""Photos of assets: private files, streamed only to who may see their record."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404, HttpRequest

from thanrak.assets import queries
from thanrak.core.access import authenticated


@authenticated
def photo(request: HttpRequest, photo_id: int) -> FileResponse:
    """The photo (`?thumb=1`: its thumbnail), or 404 for who may not see its record."""
    try:
        found = queries.photo_get(viewer=request.user, photo_id=photo_id)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    image = found.thumbnail if request.GET.get("thumb") else found.image
    response = FileResponse(image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response
