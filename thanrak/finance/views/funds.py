"""Fund pages: the list, opening a fund, its summary, bylaws, arrears buckets, books and basis."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thanrak.core.access import require, user_may
from thanrak.core.errors import DomainError
from thanrak.core.forms import refuse
from thanrak.finance import actions, forms, queries
from thanrak.finance.models import AgingPreset, FundKind
from thanrak.finance.views.common import fund_context


@require("finance.fund", "view")
def fund_list(request: HttpRequest) -> HttpResponse:
    """The funds the viewer may see."""
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    funds = queries.fund_list(viewer=request.user, q=q, kind=kind if kind in FundKind.values else "")
    page = Paginator(funds, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "finance/fund_list.html",
        {
            "page": page,
            "q": q,
            "kind": kind,
            "kinds": FundKind.choices,
            "may_open": user_may(request.user, "finance.fund", "change"),
        },
    )


@require("finance.fund", "change")
@require_http_methods(["GET", "POST"])
def fund_create(request: HttpRequest) -> HttpResponse:
    """Open a fund for an organisation the viewer looks after."""
    from thanrak.registry.models import Organisation

    orgs = [
        (o.pk, f"{o.name_th} ({o.area_code})")
        for o in Organisation.objects.visible_to(request.user)
        .filter(is_active=True)
        .order_by("name_th")[:500]
    ]
    form = forms.FundOpenForm(
        request.POST or None, organisations=orgs, initial={"opened_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        books = (
            [actions.BookSpec(c, th, src, en) for c, th, src, en in forms.VF_BOOKS]
            if data["village_fund_books"]
            else []
        )
        try:
            organisation = Organisation.objects.visible_to(request.user).get(pk=data["organisation"])
            fund = actions.fund_open(
                organisation=organisation,
                kind=data["kind"],
                name_th=data["name_th"],
                name_en=data["name_en"],
                opened_on=data["opened_on"],
                fiscal_year_start_month=data["fiscal_year_start_month"],
                aging_preset=data["aging_preset"],
                books=books,
                by=request.user,
                at=timezone.now(),
                bylaw={
                    k: data[k]
                    for k in (
                        "loan_rate_bp",
                        "max_loan_satang",
                        "monthly_savings_satang",
                        "share_price_satang",
                        "approvals_required",
                    )
                },
                accrual_basis=data["accrual_basis"],
            )
        except DomainError as exc:
            refuse(form, exc)
        else:
            messages.success(request, _("The fund is open. Add its members next."))
            return redirect("finance:fund-detail", fund.pk)
    return render(request, "finance/fund_form.html", {"form": form})


@require("finance.fund", "view")
def fund_detail(request: HttpRequest, fund_id: int) -> HttpResponse:
    """The fund at a glance, with what the treasurer does most."""
    fund = queries.fund_get(viewer=request.user, fund_id=fund_id)
    today = timezone.localdate()
    ctx = fund_context(
        request,
        fund,
        summary=queries.fund_summary(fund=fund, on=today),
        bylaw=queries.bylaw_in_force(fund=fund, on=today),
        books=queries.books_of(fund=fund),
        approvals=queries.approvals_pending(viewer=request.user, fund=fund).count(),
        missed=len(queries.members_missed(viewer=request.user, fund=fund, month=today)),
        today=today,
    )
    return render(request, "finance/fund_detail.html", ctx)


@require("finance.fund", "view")
@require_http_methods(["GET", "POST"])
def bylaw_list(request: HttpRequest, fund_id: int) -> HttpResponse:
    """The bylaw's versions; officers who set the fund up may add a new one from a date."""
    fund = queries.fund_get(viewer=request.user, fund_id=fund_id)
    current = (
        queries.bylaw_in_force(fund=fund, on=timezone.localdate())
        or fund.bylaws.order_by("effective_from").first()
    )
    form = None
    if queries.may_set_up(viewer=request.user, fund=fund) and user_may(
        request.user, "finance.fund", "change"
    ):
        initial = {f: getattr(current, f) for f in forms.BylawForm.Meta.fields if f != "effective_from"}
        initial["effective_from"] = timezone.localdate()
        form = forms.BylawForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            effective_from = data.pop("effective_from")
            try:
                actions.bylaw_amend(
                    fund=fund, effective_from=effective_from, by=request.user, at=timezone.now(), **data
                )
            except DomainError as exc:
                refuse(form, exc)
            else:
                messages.success(request, _("The new bylaw version is recorded."))
                return redirect("finance:bylaw-list", fund.pk)
    elif request.method == "POST":
        raise PermissionDenied("finance.fund:change")
    return render(
        request,
        "finance/bylaw_list.html",
        fund_context(
            request,
            fund,
            versions=queries.bylaw_history(fund=fund),
            form=form,
            basis=forms.BasisForm(initial={"accrual_basis": fund.accrual_basis})
            if form and fund.can_lend
            else None,
            buckets=queries.aging_buckets(fund=fund),
        ),
    )


@require("finance.fund", "change")
@require_POST
def fund_basis(request: HttpRequest, fund_id: int) -> HttpResponse:
    """Cash or accrual basis for loan interest (the fund's officers decide; cash basis by default)."""
    fund = queries.fund_get(viewer=request.user, fund_id=fund_id)
    form = forms.BasisForm(request.POST)
    if form.is_valid():
        try:
            fund = actions.fund_basis_set(
                fund=fund,
                accrual_basis=form.cleaned_data["accrual_basis"],
                by=request.user,
                at=timezone.now(),
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Loan interest is now booked as it is earned, at each month end.")
                if fund.accrual_basis
                else _("Loan interest is now income when it is paid (cash basis)."),
            )
    return redirect("finance:bylaw-list", fund.pk)


def _set_up_page(request: HttpRequest, fund: Any) -> bool:
    """Whether the viewer may change the fund's set-up here; a POST by anyone else is refused (403)."""
    may = queries.may_set_up(viewer=request.user, fund=fund) and user_may(
        request.user, "finance.fund", "change"
    )
    if request.method == "POST" and not may:
        raise PermissionDenied("finance.fund:change")
    return may


def _buckets_initial(fund: Any) -> list[dict[str, Any]]:
    return [
        {"label_th": b.label_th, "label_en": b.label_en, "min_days": b.min_days, "max_days": b.max_days}
        for b in queries.aging_buckets(fund=fund)
    ]


@require("finance.fund", "view")
@require_http_methods(["GET", "POST"])
def aging_set(request: HttpRequest, fund_id: int) -> HttpResponse:
    """The fund's arrears buckets; its officers pick a preset or write their own bands of days."""
    fund = queries.fund_get(viewer=request.user, fund_id=fund_id)
    may_change = _set_up_page(request, fund)
    form = bands = None
    if may_change:
        data = request.POST if request.method == "POST" else None
        form = forms.AgingForm(data, initial={"preset": fund.aging_preset})
        bands = forms.BandFormSet(data, prefix="bands", initial=_buckets_initial(fund))
        custom = request.method == "POST" and request.POST.get("preset") == AgingPreset.CUSTOM
        if request.method == "POST" and form.is_valid() and (not custom or bands.is_valid()):
            preset = form.cleaned_data["preset"]
            rows = [(i, b.cleaned_data) for i, b in enumerate(bands.forms) if custom and not b.is_blank()]
            given = [(d["label_th"], d["label_en"], d["min_days"], d["max_days"]) for _i, d in rows]
            try:
                actions.aging_buckets_set(fund=fund, preset=preset, bands=given, by=request.user)
            except DomainError as exc:
                # "bands.3" names the fourth band given; point at the row it was typed in.
                where = (exc.field or "").split(".")
                if (
                    where[0] == "bands"
                    and len(where) == 2
                    and where[1].isdigit()
                    and int(where[1]) < len(rows)
                ):
                    bands.forms[rows[int(where[1])][0]].add_error(None, str(exc))
                    form.add_error(None, str(exc))
                else:
                    refuse(form, exc)
            else:
                messages.success(request, _("The arrears buckets were changed."))
                return redirect("finance:aging-set", fund.pk)
    return render(
        request,
        "finance/aging.html",
        fund_context(request, fund, form=form, bands=bands, buckets=queries.aging_buckets(fund=fund)),
    )


@require("finance.fund", "view")
@require_http_methods(["GET", "POST"])
def book_list(request: HttpRequest, fund_id: int) -> HttpResponse:
    """The fund's books (money sources kept apart); its officers open another one."""
    fund = queries.fund_get(viewer=request.user, fund_id=fund_id)
    may_add = _set_up_page(request, fund)
    form = forms.BookForm(request.POST or None) if may_add else None
    if form is not None and request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            book = actions.book_add(
                fund=fund,
                spec=actions.BookSpec(d["code"], d["name_th"], d["source"], d["name_en"]),
                by=request.user,
                at=timezone.now(),
            )
        except DomainError as exc:
            refuse(form, exc)
        else:
            messages.success(
                request, _("The book %(name)s is open with its own accounts.") % {"name": book.name_th}
            )
            return redirect("finance:book-list", fund.pk)
    return render(
        request,
        "finance/book_list.html",
        fund_context(request, fund, books=queries.books_of(fund=fund), form=form),
    )
