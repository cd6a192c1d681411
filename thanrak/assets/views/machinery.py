"""Pages of shared machinery: the list, one item with its calendar and forms, the iCalendar feed."""

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thanrak.accounts.roles import Role
from thanrak.accounts.scope import OutsideScope, scope_of
from thanrak.assets import actions, calendar, exports, queries
from thanrak.assets import forms as f
from thanrak.assets.errors import CannotBook, CannotUsePhoto
from thanrak.assets.models import BookingStatus, Equipment
from thanrak.assets.views._common import export_response, form_page
from thanrak.core.access import public, require
from thanrak.core.forms import refuse
from thanrak.finance.models import Fund
from thanrak.registry.models import Organisation, Person

REFUSALS = (CannotBook, CannotUsePhoto, OutsideScope)


@require("assets.equipment", "view")
def equipment_list(request: HttpRequest) -> HttpResponse:
    items = list(queries.equipment_list(viewer=request.user, kind=request.GET.get("kind", ""))[:300])
    due = queries.maintenance_due(items=items, today=timezone.localdate())
    for item in items:
        item.service = due.get(item.pk)  # type: ignore[attr-defined]
    return render(request, "assets/equipment_list.html", {"items": items})


@require("assets.equipment", "change")
def equipment_create(request: HttpRequest) -> HttpResponse:
    form = f.EquipmentForm(request.POST or None, request.FILES or None)
    organisations = Organisation.objects.visible_to(request.user).order_by("name_th")[:500]
    form.fields["organisation"].choices = [(o.pk, o.name_th) for o in organisations]
    funds = Fund.objects.visible_to(request.user).order_by("name_th")[:500]
    form.fields["fund"].choices = [
        ("", _("None: fees are recorded as owed or paid")),
        *[(x.pk, x.name_th) for x in funds],
    ]
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            organisation = Organisation.objects.visible_to(request.user).get(pk=d["organisation"])
            item = actions.equipment_list_item(
                organisation=organisation,
                name=d["name"],
                kind=d["kind"],
                condition=d["condition"],
                kept_at=d["kept_at"],
                fee_unit=d["fee_unit"],
                fee_satang=d["fee"],
                fund_id=d["fund"],
                photos=d.get("photos") or [],
                by=request.user,
                at=timezone.now(),
            )
        except REFUSALS as error:
            refuse(form, error)
        else:
            return redirect("assets:equipment-detail", item.pk)
    back = reverse("assets:equipment-list")
    return form_page(request, form, title=_("List shared equipment"), back=back, multipart=True)


def _people(request: HttpRequest, item: Equipment) -> list[tuple[int, str]]:
    """Members book for themselves; managers for any current member of the owner."""
    scope = scope_of(request.user)
    if scope.role == Role.MEMBER:
        people = Person.objects.filter(pk=scope.person_id)
    else:
        people = Person.objects.filter(
            memberships__organisation_id=item.organisation_id, memberships__end_date__isnull=True
        ).distinct()
    return [(p.pk, p.full_name) for p in people.order_by("first_name")[:500]]


@require("assets.equipment", "view")
def equipment_detail(request: HttpRequest, equipment_id: int) -> HttpResponse:
    item = queries.equipment_get(viewer=request.user, equipment_id=equipment_id)
    form = f.BookingForm(request.POST or None)
    form.fields["person"].choices = _people(request, item)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.period()
        try:
            actions.booking_make(
                equipment=item,
                person=Person.objects.get(pk=form.cleaned_data["person"]),
                starts_at=starts_at,
                ends_at=ends_at,
                note=form.cleaned_data["note"],
                key=form.cleaned_data["idempotency_key"] or None,
                by=request.user,
                at=timezone.now(),
            )
        except REFUSALS as error:
            refuse(form, error, field_map={"starts_at": "day", "ends_at": "end"})
        else:
            return redirect("assets:equipment-detail", item.pk)
    now = timezone.now()
    context = {
        "item": item,
        "form": form,
        "upcoming": queries.booking_list(
            viewer=request.user, equipment_id=item.pk, start=now - dt.timedelta(days=2)
        )
        .exclude(status=BookingStatus.CANCELLED)
        .prefetch_related("photos")[:100],
        "use": queries.equipment_utilisation(equipment=item),
        "maintenance": queries.equipment_maintenance(equipment=item, today=timezone.localdate(), now=now),
        "feed_url": request.build_absolute_uri(reverse("assets:equipment-feed", args=[item.feed_token])),
        "out_form": f.CheckOutForm(),
        "in_form": f.CheckInForm(),
    }
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "assets/equipment_detail.html", context, status=status)


def _booking_step(request: HttpRequest, booking_id: int, form_class: type, step: str) -> HttpResponse:
    booking = queries.booking_get(viewer=request.user, booking_id=booking_id)
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if step == "out":
                actions.booking_check_out(
                    booking=booking, meter=d["meter"], by=request.user, at=timezone.now()
                )
            elif step == "in":
                actions.booking_check_in(booking=booking, by=request.user, at=timezone.now(), **d)
            else:
                actions.booking_cancel(booking=booking, by=request.user)
        except REFUSALS as error:
            refuse(form, error)
        else:
            return redirect("assets:equipment-detail", booking.equipment_id)
    titles = {"out": _("Lend out"), "in": _("Take the machine back"), "cancel": _("Cancel the booking")}
    back = reverse("assets:equipment-detail", args=[booking.equipment_id])
    title = f"{titles[step]} · {booking.equipment.name}"
    return form_page(request, form, title=title, back=back, multipart=step == "in")


@require("assets.booking", "approve")
def booking_check_out(request: HttpRequest, booking_id: int) -> HttpResponse:
    return _booking_step(request, booking_id, f.CheckOutForm, "out")


@require("assets.booking", "approve")
def booking_check_in(request: HttpRequest, booking_id: int) -> HttpResponse:
    return _booking_step(request, booking_id, f.CheckInForm, "in")


class _Empty(f.forms.Form):
    pass


@require("assets.booking", "change")
@require_POST
def booking_cancel(request: HttpRequest, booking_id: int) -> HttpResponse:
    return _booking_step(request, booking_id, _Empty, "cancel")


@public
def equipment_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The item's bookings as an iCalendar feed; the secret in the address stands for a login (no names)."""
    try:
        item = queries.equipment_by_feed_token(token=token)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    body = calendar.feed(item, list(queries.calendar_bookings(equipment=item)[:2000]), now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="equipment-{item.pk}.ics"'
    return response


@require("assets.equipment", "change")
def equipment_schedule(request: HttpRequest, equipment_id: int) -> HttpResponse:
    item = queries.equipment_get(viewer=request.user, equipment_id=equipment_id)
    initial = {
        "every_hours": item.service_every_hours,
        "every_days": item.service_every_days,
        "due_on": item.service_due_on,
    }
    form = f.ScheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.equipment_set_schedule(equipment=item, by=request.user, **form.cleaned_data)
        except REFUSALS as error:
            refuse(form, error)
        else:
            return redirect("assets:equipment-detail", item.pk)
    back = reverse("assets:equipment-detail", args=[item.pk])
    return form_page(request, form, title=f"{_('Maintenance schedule')} · {item.name}", back=back)


@require("assets.equipment", "change")
def maintenance_add(request: HttpRequest, equipment_id: int) -> HttpResponse:
    item = queries.equipment_get(viewer=request.user, equipment_id=equipment_id)
    form = f.MaintenanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.maintenance_record(
                equipment=item,
                done_on=d["done_on"],
                cost_satang=d["cost"],
                done_by=d["done_by"],
                meter=d["meter"],
                notes=d["notes"],
                next_due_on=d["next_due_on"],
                by=request.user,
                at=timezone.now(),
            )
        except REFUSALS as error:
            refuse(form, error)
        else:
            return redirect("assets:equipment-detail", item.pk)
    back = reverse("assets:equipment-detail", args=[item.pk])
    return form_page(request, form, title=f"{_('Record maintenance done')} · {item.name}", back=back)


@require("assets.equipment", "change")
def maintenance_slot_add(request: HttpRequest, equipment_id: int) -> HttpResponse:
    item = queries.equipment_get(viewer=request.user, equipment_id=equipment_id)
    form = f.MaintenanceSlotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.period()
        try:
            actions.maintenance_slot_add(
                equipment=item,
                starts_at=starts_at,
                ends_at=ends_at,
                note=form.cleaned_data["note"],
                by=request.user,
                at=timezone.now(),
            )
        except REFUSALS as error:
            refuse(form, error, field_map={"starts_at": "day", "ends_at": "end"})
        else:
            return redirect("assets:equipment-detail", item.pk)
    back = reverse("assets:equipment-detail", args=[item.pk])
    return form_page(request, form, title=f"{_('Keep time for maintenance')} · {item.name}", back=back)


@require("assets.equipment", "change")
@require_POST
def maintenance_slot_remove(request: HttpRequest, slot_id: int) -> HttpResponse:
    slot = queries.maintenance_slot_get(viewer=request.user, slot_id=slot_id)
    actions.maintenance_slot_remove(slot=slot, by=request.user)
    return redirect("assets:equipment-detail", slot.equipment_id)


@require("assets.equipment", "change")
def equipment_photo_add(request: HttpRequest, equipment_id: int) -> HttpResponse:
    item = queries.equipment_get(viewer=request.user, equipment_id=equipment_id)
    form = f.PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.equipment_photo_add(
                equipment=item, upload=form.cleaned_data["photos"], by=request.user, at=timezone.now()
            )
        except REFUSALS as error:
            refuse(form, error)
        else:
            return redirect("assets:equipment-detail", item.pk)
    back = reverse("assets:equipment-detail", args=[item.pk])
    return form_page(request, form, title=f"{_('Add a photo')} · {item.name}", back=back, multipart=True)


@require("assets.equipment", "export")
def equipment_export(request: HttpRequest) -> HttpResponse:
    """The equipment the viewer may see in the area, as CSV or XLSX; audit-logged."""
    return export_response(request, exports.equipment)
