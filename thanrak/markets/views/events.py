"""Events and recurring markets: the list, planning one, its page with booths and fees."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thanrak.commerce.models import Location
from thanrak.core.access import require
from thanrak.core.errors import DomainError
from thanrak.core.forms import refuse
from thanrak.finance.models import Fund
from thanrak.markets import actions, queries, rules
from thanrak.markets.forms import WEEKDAYS, BoothForm, EventForm
from thanrak.markets.views.common import flash_errors, paginate
from thanrak.registry.models import Organisation


@require("markets.event", "view")
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    markets = queries.event_list(viewer=request.user, markets=True, q=q)
    events = paginate(request, queries.event_list(viewer=request.user, markets=False, q=q))
    mine = list(queries.my_booths(viewer=request.user)[:50])
    return render(
        request, "markets/event_list.html", {"markets": markets, "page": events, "q": q, "mine": mine}
    )


def _lookups(request: HttpRequest, form: EventForm) -> tuple[Organisation | None, Fund | None] | None:
    organiser = fund = None
    if org_id := form.cleaned_data["organiser"]:
        organiser = Organisation.objects.visible_to(request.user).filter(pk=org_id).first()
        if organiser is None:
            form.add_error("organiser", _("No organisation with this number among those you can see."))
            return None
    if fund_id := form.cleaned_data["fund"]:
        fund = Fund.objects.visible_to(request.user).filter(pk=fund_id).first()
        if fund is None:
            form.add_error("fund", _("No fund with this number among those you can see."))
            return None
    return organiser, fund


@require("markets.event", "change")
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    initial = {"kind": request.GET.get("kind", "FAIR")}
    form = EventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and (found := _lookups(request, form)) is not None:
        data = dict(form.cleaned_data)
        for name in ("idempotency_key", "organiser", "fund"):
            data.pop(name)
        try:
            event = actions.event_create(by=request.user, organiser=found[0], fund=found[1], **data)
        except (DomainError, PermissionError) as exc:
            refuse(form, exc)
        else:
            messages.success(request, _("The event was saved."))
            return redirect("markets:event-detail", event.pk)
    return render(request, "markets/event_form.html", {"form": form})


def _locations() -> list[tuple[int, str]]:
    """The commerce POS locations kept at fair booths (shops' names are public)."""
    return [
        (loc.pk, f"{loc.shop.name} · {loc.name}")
        for loc in Location.objects.filter(kind=Location.Kind.BOOTH)
        .select_related("shop")
        .order_by("shop__name")[:300]
    ]


@require("markets.event", "view")
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = queries.event_get(viewer=request.user, pk=pk)
    booths = list(queries.booth_list(viewer=request.user, event=event))
    manage = queries.may_manage(viewer=request.user, event=event)
    context = {
        "event": event,
        "booths": booths,
        "manage": manage,
        "booth_form": BoothForm(locations=_locations()) if manage else None,
        "weekdays": ", ".join(
            str(label) for day, label in WEEKDAYS if day in rules.weekdays_of(event.weekdays)
        ),
    }
    return render(request, "markets/event_detail.html", context)


@require("markets.event", "change")
@require_POST
def booth_assign(request: HttpRequest, pk: int) -> HttpResponse:
    event = queries.event_get(viewer=request.user, pk=pk)
    form = BoothForm(request.POST, locations=_locations())
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("markets:event-detail", event.pk)
    vendor = Organisation.objects.filter(pk=form.cleaned_data["vendor"]).first()
    location = Location.objects.filter(pk=form.cleaned_data["pos_location"]).select_related("shop").first()
    if vendor is None:
        messages.error(request, _("No organisation with this registry number."))
        return redirect("markets:event-detail", event.pk)
    try:
        actions.booth_assign(
            by=request.user,
            event=event,
            vendor=vendor,
            label=form.cleaned_data["label"],
            category=form.cleaned_data["category"],
            fee_satang=form.cleaned_data["fee"] or 0,
            pos_location=location,
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The booth was given."))
    return redirect("markets:event-detail", event.pk)


@require("markets.event", "change")
@require_POST
def booth_fee_paid(request: HttpRequest, pk: int) -> HttpResponse:
    booth = queries.booth_get(viewer=request.user, pk=pk)
    try:
        actions.booth_fee_paid(by=request.user, booth=booth, on=timezone.localdate(), at=timezone.now())
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The fee was recorded as paid."))
    return redirect("markets:event-detail", booth.event_id)
