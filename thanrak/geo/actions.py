"""Loading Thai geography from the geothai package (DOPA codes, Thai and English names, postcodes)."""

from collections.abc import Callable

import geothai
from django.db import transaction

from thanrak.geo.models import District, Province, Subdistrict

Progress = Callable[[int], None]


@transaction.atomic
def geography_load(*, progress: Progress | None = None) -> dict[str, int]:
    """Insert or update every province, district and subdistrict; idempotent, villages untouched."""
    provinces = [Province(code=p.code, name_th=p.name_th, name_en=p.name_en) for p in geothai.provinces()]
    districts = [
        District(code=d.code, name_th=d.name_th, name_en=d.name_en, province_id=d.province_code)
        for p in provinces
        for d in geothai.districts(p.code)
    ]
    subdistricts = [
        Subdistrict(
            code=s.code,
            name_th=s.name_th,
            name_en=s.name_en,
            district_id=s.district_code,
            province_id=s.province_code,
            postal_codes=" ".join(s.postal_codes),
        )
        for d in districts
        for s in geothai.subdistricts(d.code)
    ]
    for model, rows, fields in (
        (Province, provinces, ["name_th", "name_en"]),
        (District, districts, ["name_th", "name_en", "province"]),
        (Subdistrict, subdistricts, ["name_th", "name_en", "district", "province", "postal_codes"]),
    ):
        model.objects.bulk_create(
            rows, batch_size=1000, update_conflicts=True, unique_fields=["code"], update_fields=fields
        )
        if progress:
            progress(len(rows))
    return {"provinces": len(provinces), "districts": len(districts), "subdistricts": len(subdistricts)}
