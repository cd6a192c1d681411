"""An event's turnover: totals by day, category and vendor with a chart; typing a day's figure;
the export (CSV/XLSX) and the import of typed figures (all or nothing)."""

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thanrak.accounts.actions import audit_record
from thanrak.accounts.models import AuditEvent
from thanrak.core.access import require
from thanrak.core.clientip import client_ip
from thanrak.core.errors import DomainError
from thanrak.core.forms import refuse
from thanrak.core.tabular import write_csv, write_xlsx
from thanrak.core.thai import format_date
from thanrak.markets import actions, queries, tasks
from thanrak.markets.forms import TurnoverFileForm, TurnoverForm
from thanrak.markets.views.common import flash_errors, paginate

VENDORS_PER_PAGE = 25  # a fair has hundreds of booths: the page shows 25, the export all of them
TYPED_SHOWN = 20  # the latest typed figures; the export has every one

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _chart(figures: queries.EventTurnover) -> dict:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": 220,
        "data": {"values": [{"day": format_date(d), "baht": v / 100} for d, v in figures.by_day[-62:]]},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {"field": "day", "type": "ordinal", "sort": None, "title": None},
            "y": {"field": "baht", "type": "quantitative", "title": _("Sales (baht)")},
        },
    }


def _nightly_roll_up() -> None:
    """The nightly roll-up runs by itself once queued: the page queues it if none is waiting (the
    first time at once, so the past week is read from the roll-up), checking once an hour."""
    if cache.add("markets:nightly-roll-up-checked", True, 3600):
        tasks.schedule_nightly(now=timezone.now(), run_now=True)


def _booth_choices(booths: list) -> list[tuple[int, str]]:
    return [(b.pk, f"{b.label} · {b.vendor.name_th}") for b in booths]


@require("markets.turnover", "view")
@require_GET
def turnover(request: HttpRequest, pk: int) -> HttpResponse:
    event = queries.event_get(viewer=request.user, pk=pk)
    _nightly_roll_up()
    booths = list(queries.booth_list_brief(viewer=request.user, event=event))
    figures = queries.event_turnover(event=event, booths=booths, today=timezone.localdate())
    typed = list(
        queries.turnover_rows(event=event, booths=booths).order_by("-date", "booth__label")[:TYPED_SHOWN]
    )
    return render(
        request,
        "markets/turnover.html",
        {
            "event": event,
            "figures": figures,
            "vendors": paginate(request, figures.booths, VENDORS_PER_PAGE),
            "chart": _chart(figures),
            "typed": typed,
            "form": TurnoverForm(booths=_booth_choices(booths)),
        },
    )


@require("markets.turnover", "change")
@require_POST
def turnover_type(request: HttpRequest, pk: int) -> HttpResponse:
    event = queries.event_get(viewer=request.user, pk=pk)
    booths = list(queries.booth_list(viewer=request.user, event=event))
    form = TurnoverForm(request.POST, booths=_booth_choices(booths))
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("markets:turnover", event.pk)
    booth = next(b for b in booths if b.pk == form.cleaned_data["booth"])
    try:
        actions.turnover_type(
            by=request.user,
            booth=booth,
            date=form.cleaned_data["date"],
            amount_satang=form.cleaned_data["amount"],
            reason=form.cleaned_data["reason"],
            at=timezone.now(),
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The day's turnover was saved."))
    return redirect("markets:turnover", event.pk)


@require("markets.turnover", "export")
@require_GET
def turnover_export(request: HttpRequest, pk: int) -> HttpResponse:
    fmt = request.GET.get("format", "csv")
    fmt = fmt if fmt in FORMATS else "csv"
    event = queries.event_get(viewer=request.user, pk=pk)
    booths = list(queries.booth_list(viewer=request.user, event=event))
    figures = queries.event_turnover(event=event, booths=booths, today=timezone.localdate())
    headers = ["บูธ", "ผู้ขาย", "วันที่", "ยอดขาย (บาท)", "ขายผ่าน POS (บาท)", "พิมพ์ยอด (บาท)", "ที่มา"]
    rows = [
        [
            bt.booth.label,
            bt.booth.vendor.name_th,
            day.isoformat(),
            f.satang / 100,
            f.pos_satang / 100,
            "" if f.typed_satang is None else f.typed_satang / 100,
            f.source,
        ]
        for bt in figures.booths
        for day, f in sorted(bt.days.items())
    ]
    audit_record(
        by=request.user,
        event=AuditEvent.EXPORT,
        at=timezone.now(),
        object_type="markets.turnover",
        object_id=str(event.pk),
        detail={"format": fmt, "rows": len(rows)},
        ip=client_ip(request),
    )
    data = write_xlsx(headers, rows, sheet_title="turnover") if fmt == "xlsx" else write_csv(headers, rows)
    response = HttpResponse(data, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="turnover-{event.pk}.{fmt}"'
    return response


@require("markets.turnover", "import")
@require_http_methods(["GET", "POST"])
def turnover_import(request: HttpRequest, pk: int) -> HttpResponse:
    event = queries.event_get(viewer=request.user, pk=pk)
    form = TurnoverFileForm(request.POST or None, request.FILES or None)
    issues = []
    if request.method == "POST" and form.is_valid():
        try:
            rows = actions.turnover_import(
                by=request.user, event=event, source=form.cleaned_data["file"].read(), at=timezone.now()
            )
        except actions.TurnoverFileRefused as exc:
            issues = exc.issues
            refuse(form, exc)
        except PermissionError as exc:
            refuse(form, exc)
        else:
            messages.success(request, _("%(n)s figures were saved.") % {"n": len(rows)})
            return redirect("markets:turnover", event.pk)
    return render(request, "markets/turnover_import.html", {"event": event, "form": form, "issues": issues})
