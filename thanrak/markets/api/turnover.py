"""/events/{event_id}/turnover: the event's turnover; typing a day's figure; the typed figures and
their import from a file."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Query, Status, UploadedFile

from thanrak.apikit import ERRORS, AppRouter, Error, Id, access
from thanrak.markets import actions, queries
from thanrak.markets.api.schemas import (
    ImportOut,
    PageParams,
    TurnoverIn,
    TurnoverOut,
    TypedOut,
    TypedPage,
    window,
)

router = AppRouter("markets", tags=["markets"])


@router.get("/events/{event_id}/turnover", response={200: TurnoverOut, **ERRORS})
@access("markets.turnover", "view")
def turnover_get(request: HttpRequest, event_id: Id) -> dict:
    """Turnover so far: per day, per product category, per vendor, and each booth's days (POS, typed)."""
    event = queries.event_get(viewer=request.user, pk=event_id)
    booths = list(queries.booth_list(viewer=request.user, event=event))
    f = queries.event_turnover(event=event, booths=booths, today=timezone.localdate())
    return {
        "event_id": event.pk,
        "date_from": f.date_from,
        "date_to": f.date_to,
        "total_satang": f.total,
        "by_day": [{"date": d, "satang": v} for d, v in f.by_day],
        "by_category": [{"category": c, "label": label, "satang": v} for c, label, v in f.by_category],
        "by_vendor": [
            {
                "booth_id": bt.booth.pk,
                "label": bt.booth.label,
                "vendor_id": bt.booth.vendor_id,
                "vendor_name": bt.booth.vendor.name_th,
                "pos_satang": bt.pos,
                "typed_satang": bt.typed,
                "satang": bt.total,
            }
            for bt in f.booths
        ],
        "days": [
            {
                "booth_id": bt.booth.pk,
                "date": d,
                "pos_satang": x.pos_satang,
                "typed_satang": x.typed_satang,
                "satang": x.satang,
                "source": x.source,
            }
            for bt in f.booths
            for d, x in sorted(bt.days.items())
        ],
    }


@router.get("/events/{event_id}/turnover/typed", response={200: TypedPage, **ERRORS})
@access("markets.turnover", "view")
def turnover_typed(request: HttpRequest, event_id: Id, params: Query[PageParams]) -> dict:
    """The figures typed by vendors and organisers, with who typed them and when."""
    event = queries.event_get(viewer=request.user, pk=event_id)
    booths = list(queries.booth_list(viewer=request.user, event=event))
    return window(queries.turnover_rows(event=event, booths=booths), params)


@router.post("/events/{event_id}/turnover", response={201: TypedOut, **ERRORS})
@access("markets.turnover", "change")
def turnover_type(request: HttpRequest, event_id: Id, payload: TurnoverIn) -> Status:
    """One figure per booth per day; typed again it replaces the figure and the change is logged."""
    event = queries.event_get(viewer=request.user, pk=event_id)
    booth = queries.booth_list(viewer=request.user, event=event).get(pk=payload.booth_id)
    row = actions.turnover_type(
        by=request.user,
        booth=booth,
        date=payload.date,
        amount_satang=payload.amount_satang,
        reason=payload.reason,
        at=timezone.now(),
    )
    return Status(201, row)


@router.post("/events/{event_id}/turnover/import", response={201: ImportOut, **ERRORS})
@access("markets.turnover", "import")
def turnover_import(request: HttpRequest, event_id: Id, file: File[UploadedFile]) -> Status:
    """Typed figures from CSV or XLSX (บูธ, วันที่, ยอดขาย (บาท)), all or nothing; a 422 lists each \
row and column at fault."""
    event = queries.event_get(viewer=request.user, pk=event_id)
    try:
        rows = actions.turnover_import(by=request.user, event=event, source=file.read(), at=timezone.now())
    except actions.TurnoverFileRefused as exc:
        errors = [
            {"field": f"row {i.row}: {i.column}" if i.row else (i.column or ""), "message": i.en}
            for i in exc.issues
        ]
        return Status(
            422, Error(detail=exc.issues[0].en, code=exc.code, field=errors[0]["field"], errors=errors)
        )
    return Status(201, {"saved": len(rows)})
