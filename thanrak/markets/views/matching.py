"""Business matching: buyers and their interests, the meetings of an event and their outcomes, and
producers' public profiles for buyers."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thanrak.commerce.models import OtopCategory
from thanrak.core.access import require
from thanrak.core.errors import DomainError
from thanrak.core.forms import refuse
from thanrak.markets import actions, queries
from thanrak.markets.forms import BuyerForm, MeetingForm, OutcomeForm
from thanrak.markets.views.common import flash_errors


def _matching_page(request: HttpRequest, form: BuyerForm) -> HttpResponse:
    meetings = queries.meeting_list(viewer=request.user)
    context = {
        "buyers": queries.buyer_list(viewer=request.user)[:200],
        "meetings": meetings.order_by("-starts_at")[:100],
        "summary": queries.deals_summary(meetings=meetings),
        "form": form,
    }
    return render(request, "markets/matching.html", context)


@require("markets.matching", "view")
@require_GET
def matching(request: HttpRequest) -> HttpResponse:
    """The buyers the viewer may see with what they buy, and the viewer's meetings."""
    return _matching_page(request, BuyerForm())


@require("markets.matching", "change")
@require_POST
def buyer_register(request: HttpRequest) -> HttpResponse:
    """A buyer registers itself (or staff register a buyer) with the categories it buys."""
    form = BuyerForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("idempotency_key")
        try:
            actions.buyer_register(by=request.user, **data)
        except DomainError as exc:
            refuse(form, exc)
        else:
            messages.success(request, _("The buyer was registered."))
            return redirect("markets:matching")
    return _matching_page(request, form)


def _meeting_form(request: HttpRequest, event: object, data: object = None) -> MeetingForm:
    buyers = [
        (b.pk, f"{b.name} ({b.get_kind_display()})") for b in queries.buyer_list(viewer=request.user)[:300]
    ]
    booths = [
        (b.pk, f"{b.label} · {b.vendor.name_th}")
        for b in queries.booth_list(viewer=request.user, event=event)
    ]
    return MeetingForm(data, buyers=buyers, booths=booths)


@require("markets.matching", "view")
@require_GET
def event_meetings(request: HttpRequest, pk: int) -> HttpResponse:
    event = queries.event_get(viewer=request.user, pk=pk)
    meetings = queries.meeting_list(viewer=request.user, event=event)
    manage = queries.may_manage(viewer=request.user, event=event)
    context = {
        "event": event,
        "meetings": meetings,
        "summary": queries.deals_summary(meetings=meetings),
        "form": _meeting_form(request, event) if manage else None,
    }
    return render(request, "markets/meetings.html", context)


@require("markets.matching", "change")
@require_POST
def meeting_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    event = queries.event_get(viewer=request.user, pk=pk)
    form = _meeting_form(request, event, request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("markets:meetings", event.pk)
    try:
        actions.meeting_schedule(
            by=request.user,
            event=event,
            buyer=queries.buyer_get(viewer=request.user, pk=form.cleaned_data["buyer"]),
            booth=queries.booth_get(viewer=request.user, pk=form.cleaned_data["booth"]),
            starts_at=form.starts_at(),
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The meeting was scheduled."))
    return redirect("markets:meetings", event.pk)


@require("markets.matching", "change")
@require_http_methods(["GET", "POST"])
def meeting_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = queries.meeting_get(viewer=request.user, pk=pk)
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            actions.meeting_outcome(
                by=request.user,
                meeting=meeting,
                status=data["status"],
                deal_satang=data["deal"] or 0,
                follow_up=data["follow_up"],
                follow_up_on=data["follow_up_on"],
                order_number=data["order_number"],
                at=timezone.now(),
            )
        except (DomainError, PermissionError) as exc:
            refuse(form, exc, field_map={"deal": "deal", "order": "order_number"})
        else:
            messages.success(request, _("The outcome was saved."))
            return redirect("markets:meetings", meeting.event_id)
    return render(request, "markets/meeting_outcome.html", {"meeting": meeting, "form": form})


@require("markets.producers", "view")
@require_GET
def producers(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("category", "")
    category = category if category in OtopCategory.values else ""
    q = request.GET.get("q", "").strip()[:100]
    rows = queries.producer_profiles(category=category, q=q)
    return render(
        request,
        "markets/producers.html",
        {"producers": rows, "categories": OtopCategory.choices, "category": category, "q": q},
    )
