"""Writes of โคก หนอง นา sites: register a community or household site, set its boundary, finish it."""

import datetime as dt

import shapely
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.assets.actions._access import ensure_manages
from thanrak.assets.actions._boundary import checked
from thanrak.assets.errors import CannotRecordSite
from thanrak.assets.models import LabSite, SiteKind
from thanrak.assets.shapes import MAP_TOLERANCE_DEGREES, simplified
from thanrak.geo.models import Subdistrict, Village
from thanrak.registry.models import Household, Organisation


def _check_area(area_code: str) -> None:
    model = {6: Subdistrict, 8: Village}.get(len(area_code or ""))
    if model is None or not model.objects.filter(code=area_code).exists():
        raise CannotRecordSite(
            _("Choose the subdistrict or village the site lies in."), code="area_unknown", field="area_code"
        )


def _check_worked_by(
    kind: str, area_code: str, organisation: Organisation | None, household: Household | None
) -> None:
    if kind not in SiteKind.values:
        raise CannotRecordSite(_("Choose the kind of site."), code="kind_unknown", field="kind")
    if kind == SiteKind.HLM and household is None:
        raise CannotRecordSite(
            _("A household site needs the household that works it."),
            code="household_missing",
            field="household",
        )
    if household is not None and not household.area_code.startswith(area_code[:6]):
        raise CannotRecordSite(
            _("The household lives in another subdistrict: record the site in its own subdistrict."),
            code="household_elsewhere",
            field="household",
        )
    if kind == SiteKind.CLM and organisation is None:
        raise CannotRecordSite(
            _("A community site needs the organisation that works it."),
            code="organisation_missing",
            field="organisation",
        )


@transaction.atomic
def site_register(
    *,
    kind: str,
    name: str,
    area_code: str,
    started_on: dt.date,
    by: User,
    at: dt.datetime,
    organisation: Organisation | None = None,
    household: Household | None = None,
    programme: str = "",
    finished_on: dt.date | None = None,
) -> LabSite:
    """Register a โคก หนอง นา site of the user's area: a community site (CLM) worked by an organisation,
    or a household site (HLM) on a household's land."""
    name = " ".join((name or "").split())
    if not name:
        raise CannotRecordSite(_("Write the site's name."), code="name_missing", field="name")
    _check_area(area_code)
    _check_worked_by(kind, area_code, organisation, household)
    if finished_on is not None and finished_on < started_on:
        raise CannotRecordSite(
            _("The site cannot be finished before it was started."),
            code="finished_before_start",
            field="finished_on",
        )
    ensure_manages(by, area_code=area_code, organisation_id=organisation.pk if organisation else None)
    return LabSite.objects.create(
        kind=kind,
        name=name,
        area_code=area_code,
        organisation=organisation,
        household=household,
        programme=programme.strip(),
        started_on=started_on,
        finished_on=finished_on,
        created_by=by,
        created_at=at,
    )


@transaction.atomic
def site_set_boundary(*, site: LabSite, geometry: shapely.Geometry, by: User) -> LabSite:
    """Replace the boundary: valid, in Thailand, in the site's district; the area is measured from it."""
    site = LabSite.objects.select_for_update().get(pk=site.pk)
    ensure_manages(by, area_code=site.area_code, organisation_id=site.organisation_id)
    shape = checked(geometry, area_code=site.area_code)
    site.boundary = shape.geojson
    site.map_boundary = simplified(shape.geojson, MAP_TOLERANCE_DEGREES)
    site.area_m2 = shape.area.square_metres
    site.lon, site.lat = shape.point
    site.save(update_fields=["boundary", "map_boundary", "area_m2", "lon", "lat"])
    return site
