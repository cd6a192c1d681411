"""Household pages: list, detail, registering (with its members), editing, members joining and leaving, a "
"new head."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thanrak.accounts.scope import scope_of
from thanrak.core.access import require, user_may
from thanrak.core.errors import DomainError
from thanrak.core.forms import refuse
from thanrak.registry import actions, queries
from thanrak.registry.forms import (
    ExistingMemberForm,
    HeadChangeForm,
    HouseholdFilterForm,
    HouseholdForm,
    NewMemberForm,
    NewMemberFormSet,
    PersonForm,
    PersonSearchForm,
)
from thanrak.registry.models import Person
from thanrak.registry.views.common import (
    SEARCH_HITS,
    _data_links,
    _filters_with_home_area,
    _in_scope,
    _ip,
    _outside,
    _paginate,
    _panels,
    _village,
)


@require("registry.household", "view")
@require_GET
def household_list(request: HttpRequest) -> HttpResponse:
    """Households in the viewer's areas: search by name, citizen ID or house number, filter by area."""
    form = HouseholdFilterForm(_filters_with_home_area(request))
    _in_scope(request, form)
    filters = {"q": "", "area_code": ""}
    if form.is_valid():
        filters = {"q": form.cleaned_data["q"], "area_code": form.cleaned_data["area"]}
    actions.citizen_id_search_record(q=filters["q"], by=request.user, at=timezone.now(), ip=_ip(request))
    page = _paginate(request, queries.household_list(viewer=request.user, **filters))
    return render(
        request,
        "registry/household_list.html",
        {
            "form": form,
            "page": page,
            "may_change": user_may(request.user, "registry.household", "change"),
            **_data_links(request, "households"),
        },
    )


@require("registry.household", "view")
@require_GET
def household_detail(request: HttpRequest, household_id: int) -> HttpResponse:
    """A household with its members (head first), their ages, the members who left, the groups and
    enterprises its members belong to, and other modules' panels (debts, survey results, help)."""
    household = queries.household_get(viewer=request.user, household_id=household_id)
    rows = list(queries.household_members(household=household, include_left=True))
    return render(
        request,
        "registry/household_detail.html",
        {
            "household": household,
            "members": [m for m in rows if m.left_date is None],
            "left": [m for m in rows if m.left_date is not None],
            "groups": list(queries.household_memberships(viewer=request.user, household=household)),
            "may_change": user_may(request.user, "registry.household", "change"),
            "panels": _panels(request, "household_panels", household.pk),
        },
    )


@require("registry.household", "change")
@require_http_methods(["GET", "POST"])
def household_create(request: HttpRequest) -> HttpResponse:
    """Register a household with its head and other members, all in one save."""
    data = request.POST if request.method == "POST" else None
    scope = scope_of(request.user)
    initial = {"village": scope.area_codes[0]} if len(scope.area_codes) == 1 else {}
    form = HouseholdForm(data, initial=initial)
    _in_scope(request, form)
    head = PersonForm(data, prefix="head", with_area=False)
    members = NewMemberFormSet(data, prefix="members")
    if data is not None and all([form.is_valid(), head.is_valid(), members.is_valid()]):
        rows = [m for m in members if m.cleaned_data]
        try:
            household = actions.household_register_new(
                by=request.user,
                at=timezone.now(),
                village=_village(form.cleaned_data["village"]),
                house_no=form.cleaned_data["house_no"],
                house_code=form.cleaned_data["house_code"],
                address_detail=form.cleaned_data["address_detail"],
                phone=form.cleaned_data["phone"],
                head=head.person_fields(),
                members=[(m.person_fields(), m.cleaned_data["relation"]) for m in rows],
            )
        except DomainError as exc:
            _household_error(exc, form, head, rows)
        except PermissionError:
            _outside(form, "village")
        else:
            messages.success(request, _("The household was registered."))
            return redirect("registry:household-detail", household.pk)
    return render(request, "registry/household_form.html", {"form": form, "head": head, "members": members})


def _household_error(exc: DomainError, form: Any, head: Any, rows: list[Any]) -> None:
    """Put an error named "head.<field>" or "members.<i>.<field>" on the form it came from."""
    where, _sep, rest = (exc.field or "").partition(".")
    if where == "head":
        refuse(head, _renamed(exc, rest))
    elif where == "members":
        index, _sep, field = rest.partition(".")
        refuse(rows[int(index)], _renamed(exc, field))
    else:
        refuse(form, exc, field_map={"person": "house_no"})


def _renamed(exc: DomainError, field: str) -> DomainError:
    return DomainError(exc.message, field=field or None, params=exc.params)


@require("registry.household", "change")
@require_http_methods(["GET", "POST"])
def household_edit(request: HttpRequest, household_id: int) -> HttpResponse:
    """Change a household's village, house number, registration code, lane or phone."""
    household = queries.household_get(viewer=request.user, household_id=household_id)
    form = HouseholdForm(
        request.POST if request.method == "POST" else None,
        initial={
            "village": household.area_code,
            "house_no": household.house_no,
            "house_code": household.house_code,
            "address_detail": household.address_detail,
            "phone": household.phone,
        },
    )
    _in_scope(request, form)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            actions.household_update(
                household=household,
                by=request.user,
                at=timezone.now(),
                ip=_ip(request),
                village=_village(data.pop("village")),
                **data,
            )
        except DomainError as exc:
            refuse(form, exc)
        except PermissionError:
            _outside(form, "village")
        else:
            messages.success(request, _("The household was saved."))
            return redirect("registry:household-detail", household.pk)
    return render(request, "registry/household_form.html", {"form": form, "household": household})


@require("registry.household", "change")
@require_http_methods(["GET", "POST"])
def household_member_add(request: HttpRequest, household_id: int) -> HttpResponse:
    """Add someone already registered (found by name or ID) or someone new to a household."""
    household = queries.household_get(viewer=request.user, household_id=household_id)
    mode = request.POST.get("mode") if request.method == "POST" else None
    search = PersonSearchForm(request.GET)
    existing = ExistingMemberForm(request.POST if mode == "existing" else None)
    new = NewMemberForm(request.POST if mode == "new" else None, prefix="new")
    hits: list[Person] = []
    if search.is_valid() and search.cleaned_data["q"]:
        actions.citizen_id_search_record(
            q=search.cleaned_data["q"], by=request.user, at=timezone.now(), ip=_ip(request)
        )
        hits = list(queries.person_list(viewer=request.user, q=search.cleaned_data["q"])[:SEARCH_HITS])
    form = existing if mode == "existing" else new
    if mode in ("existing", "new") and form.is_valid():
        try:
            if mode == "existing":
                person = queries.person_get(viewer=request.user, person_id=form.cleaned_data["person"])
                actions.household_member_add(
                    household=household,
                    person=person,
                    relation=form.cleaned_data["relation"],
                    by=request.user,
                    at=timezone.now(),
                )
            else:
                fields = new.person_fields()
                actions.household_member_add_new(
                    household=household,
                    relation=new.cleaned_data["relation"],
                    by=request.user,
                    at=timezone.now(),
                    **fields,
                )
        except DomainError as exc:
            refuse(form, exc)
        except PermissionError:
            _outside(form, "person")
        else:
            messages.success(request, _("The member was added."))
            return redirect("registry:household-detail", household.pk)
    return render(
        request,
        "registry/household_member_add.html",
        {"household": household, "search": search, "hits": hits, "existing": existing, "new": new},
    )


@require("registry.household", "change")
@require_POST
def household_member_leave(request: HttpRequest, household_id: int, member_id: int) -> HttpResponse:
    """Record that a member left the household today; they stay in its history."""
    household = queries.household_get(viewer=request.user, household_id=household_id)
    member = queries.household_member_get(household=household, member_id=member_id)
    try:
        actions.household_member_leave(member=member, by=request.user, at=timezone.now())
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(name)s has left the household.") % {"name": member.person.full_name})
    return redirect("registry:household-detail", household.pk)


@require("registry.household", "change")
@require_http_methods(["GET", "POST"])
def household_head_change(request: HttpRequest, household_id: int) -> HttpResponse:
    """Make another member the head; the former head takes the relation chosen."""
    household = queries.household_get(viewer=request.user, household_id=household_id)
    members = list(queries.household_members(household=household))
    form = HeadChangeForm(request.POST if request.method == "POST" else None, members=members)
    if request.method == "POST" and form.is_valid():
        new_head = next(m for m in members if m.pk == form.cleaned_data["new_head"])
        try:
            actions.household_head_change(
                household=household,
                new_head=new_head,
                old_head_relation=form.cleaned_data["old_head_relation"],
                by=request.user,
                at=timezone.now(),
            )
        except DomainError as exc:
            refuse(form, exc, field_map={"person": "new_head", "relation": "old_head_relation"})
        else:
            messages.success(request, _("The head of household was changed."))
            return redirect("registry:household-detail", household.pk)
    return render(
        request,
        "registry/household_head_change.html",
        {"household": household, "form": form, "members": members},
    )
