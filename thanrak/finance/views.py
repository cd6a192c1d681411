"""Finance pages. Each view parses input, makes one call into actions or queries, and shows the result;
refusals (DomainError) become messages next to the field at fault."""

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.tasks import TaskResultStatus
from django.tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thanrak.core.access import require, user_may
from thanrak.core.clientip import client_ip
from thanrak.core.errors import DomainError
from thanrak.core.forms import read_thai_date
from thanrak.core.money import format_baht, to_decimal_baht
from thanrak.core.thai import format_date
from thanrak.finance import actions, charts, forms, importing, pdf, queries, tasks
from thanrak.finance.models import (
    AgingPreset,
    Book,
    EntryKind,
    FundKind,
    LoanStatus,
    SavingsKind,
)
from thanrak.finance.schedules import InvalidSchedule, build_schedule

View = Callable[..., HttpResponse]


def guard(view: View) -> View:
    """Rows the viewer may not see are 404; acting outside one's funds or areas is 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except ObjectDoesNotExist as exc:
            raise Http404(str(exc)) from exc
        except PermissionError as exc:
            raise PermissionDenied(str(exc)) from exc

    return wrapper


def _today() -> dt.date:
    return timezone.localdate()


def _read_date(text: str) -> dt.date | None:
    """A date from a query string, as a person types it (08/12/2569) or as a link writes it (2026-12-08)."""
    return read_thai_date(text)


def _refuse(form: Any, exc: DomainError) -> None:
    """Show a refusal next to the field it names, or at the top of the form when that field is not
    one the person sees (a hidden key, a date carried over from the preview)."""
    fields = getattr(form, "fields", {})
    field = exc.field if exc.field in fields and not fields[exc.field].widget.is_hidden else None
    form.add_error(field, str(exc))


def _book_choices(fund: Any) -> list[tuple[int, str]]:
    return [(b.pk, b.name_th) for b in queries.books_of(fund=fund)]


def _book(fund: Any, book_id: Any) -> Book | None:
    if not book_id:
        return None
    return fund.books.get(pk=book_id)


def _fund_context(request: HttpRequest, fund: Any, **extra: Any) -> dict[str, Any]:
    return {
        "fund": fund,
        "keeps_books": queries.may_keep_books(viewer=request.user, fund=fund),
        "sets_up": queries.may_set_up(viewer=request.user, fund=fund),
        **extra,
    }


# --- funds -------------------------------------------------------------------------------------------


@require("finance.fund", "view")
@guard
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
@guard
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
    form = forms.FundOpenForm(request.POST or None, organisations=orgs, initial={"opened_on": _today()})
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
            _refuse(form, exc)
        else:
            messages.success(request, _("The fund is open. Add its members next."))
            return redirect("finance:fund-detail", fund.pk)
    return render(request, "finance/fund_form.html", {"form": form})


@require("finance.fund", "view")
@guard
def fund_detail(request: HttpRequest, fund_id: int) -> HttpResponse:
    """The fund at a glance, with what the treasurer does most."""
    fund = queries.fund_get(viewer=request.user, fund_id=fund_id)
    today = _today()
    ctx = _fund_context(
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
@guard
@require_http_methods(["GET", "POST"])
def bylaw_list(request: HttpRequest, fund_id: int) -> HttpResponse:
    """The bylaw's versions; officers who set the fund up may add a new one from a date."""
    fund = queries.fund_get(viewer=request.user, fund_id=fund_id)
    current = queries.bylaw_in_force(fund=fund, on=_today()) or fund.bylaws.order_by("effective_from").first()
    form = None
    if queries.may_set_up(viewer=request.user, fund=fund) and user_may(
        request.user, "finance.fund", "change"
    ):
        initial = {f: getattr(current, f) for f in forms.BylawForm.Meta.fields if f != "effective_from"}
        initial["effective_from"] = _today()
        form = forms.BylawForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            effective_from = data.pop("effective_from")
            try:
                actions.bylaw_amend(
                    fund=fund, effective_from=effective_from, by=request.user, at=timezone.now(), **data
                )
            except DomainError as exc:
                _refuse(form, exc)
            else:
                messages.success(request, _("The new bylaw version is recorded."))
                return redirect("finance:bylaw-list", fund.pk)
    elif request.method == "POST":
        raise PermissionDenied("finance.fund:change")
    return render(
        request,
        "finance/bylaw_list.html",
        _fund_context(
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
@guard
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
@guard
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
                    _refuse(form, exc)
            else:
                messages.success(request, _("The arrears buckets were changed."))
                return redirect("finance:aging-set", fund.pk)
    return render(
        request,
        "finance/aging.html",
        _fund_context(request, fund, form=form, bands=bands, buckets=queries.aging_buckets(fund=fund)),
    )


@require("finance.fund", "view")
@guard
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
            _refuse(form, exc)
        else:
            messages.success(
                request, _("The book %(name)s is open with its own accounts.") % {"name": book.name_th}
            )
            return redirect("finance:book-list", fund.pk)
    return render(
        request,
        "finance/book_list.html",
        _fund_context(request, fund, books=queries.books_of(fund=fund), form=form),
    )


# --- members and savings -------------------------------------------------------------------------------


@require("finance.member", "view")
@guard
@require_http_methods(["GET", "POST"])
def member_list(request: HttpRequest, fund_id: int) -> HttpResponse:
    """Members with their savings by kind and what they owe; officers enrol people by citizen ID."""
    fund = queries.fund_get(viewer=request.user, fund_id=fund_id)
    may_enrol = queries.may_set_up(viewer=request.user, fund=fund) and user_may(
        request.user, "finance.member", "change"
    )
    form = forms.EnrolForm(request.POST or None, initial={"joined_on": _today()}) if may_enrol else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("finance.member:change")
        if form.is_valid():
            try:
                member = actions.fund_member_enrol_by_citizen_id(
                    fund=fund,
                    citizen_id=form.cleaned_data["citizen_id"],
                    joined_on=form.cleaned_data["joined_on"],
                    member_no=form.cleaned_data["member_no"],
                    by=request.user,
                    at=timezone.now(),
                    ip=client_ip(request),
                )
            except DomainError as exc:
                _refuse(form, exc)
            else:
                messages.success(
                    request,
                    _("%(name)s is now member %(no)s.")
                    % {"name": member.person.full_name, "no": member.member_no},
                )
                return redirect("finance:member-list", fund.pk)
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "ACTIVE")
    rows = queries.member_list(
        viewer=request.user, fund=fund, q=q, status=status if status in ("ACTIVE", "LEFT") else ""
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "finance/member_list.html",
        _fund_context(
            request,
            fund,
            page=page,
            q=q,
            status=status,
            form=form,
            may_export=user_may(request.user, "finance.member", "export"),
        ),
    )


@require("finance.member", "export")
@guard
def member_export(request: HttpRequest, fund_id: int) -> HttpResponse:
    """The members with their balances as CSV or Excel (citizen IDs masked); written to the audit log."""
    from thanrak.accounts.actions import audit_record
    from thanrak.accounts.models import AuditEvent
    from thanrak.core.citizen_id import mask
    from thanrak.core.tabular import write_csv, write_xlsx

    fund = queries.fund_get(viewer=request.user, fund_id=fund_id)
    rows = queries.member_list(viewer=request.user, fund=fund, status="")
    headers = [
        _("No."),
        _("Name"),
        _("Citizen ID"),
        pgettext("fund membership", "Joined"),
        _("Status"),
        _("Sajja savings (baht)"),
        _("Deposits (baht)"),
        _("Shares (baht)"),
        _("Owed on loans (baht)"),
    ]
    body = [
        [
            r.member.member_no,
            r.member.person.full_name,
            mask(r.member.person.citizen_id) if r.member.person.citizen_id else "",
            format_date(r.member.joined_on, lang=get_language() or "th"),
            r.member.get_status_display(),
            *(to_decimal_baht(r.balances.get(k, 0)) for k in ("sajja", "deposits", "shares")),
            to_decimal_baht(r.loans_outstanding_satang),
        ]
        for r in rows
    ]
    audit_record(
        by=request.user,
        event=AuditEvent.EXPORT,
        at=timezone.now(),
        object_type="finance.fund",
        object_id=str(fund.pk),
        area_code=fund.area_code,
        detail={"members": len(body)},
        ip=client_ip(request),
    )
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            write_xlsx(headers, body, sheet_title="members"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="fund-{fund.pk}-members.xlsx"'
        return response
    response = HttpResponse(write_csv(headers, body), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="fund-{fund.pk}-members.csv"'
    return response


@require("finance.member", "view")
@guard
def member_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    """A member's passbook: every movement with running balances, their loans and year-end amounts."""
    member = queries.member_get(viewer=request.user, member_id=member_id)
    fund = member.fund
    keeps = queries.may_keep_books(viewer=request.user, fund=fund)
    today = _today()
    lines = queries.passbook(viewer=request.user, member=member)
    ctx = _fund_context(
        request,
        fund,
        member=member,
        row=queries.member_row(member=member),
        lines=lines,
        kinds=queries.passbook_kinds(lines),
        loans=queries.member_loans(viewer=request.user, member=member),
        year_ends=queries.member_year_ends(viewer=request.user, member=member),
        savings_form=forms.SavingsForm(
            initial={"on": today, "for_month": today.replace(day=1), "kind": SavingsKind.SAJJA}
        )
        if keeps
        else None,
        welfare_form=forms.WelfareForm(initial={"on": today}) if keeps else None,
    )
    return render(request, "finance/member_detail.html", ctx)


@require("finance.member", "view")
@guard
def member_passbook_pdf(request: HttpRequest, member_id: int) -> HttpResponse:
    """The passbook as a printable Thai PDF (Sarabun font, Buddhist-era dates)."""
    member = queries.member_get(viewer=request.user, member_id=member_id)
    data = pdf.passbook_pdf(
        member=member,
        row=queries.member_row(member=member),
        lines=queries.passbook(viewer=request.user, member=member),
        printed_on=_today(),
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="passbook-{member.fund_id}-{member.member_no}.pdf"'
    return response


@require("finance.savings", "change")
@guard
@require_POST
def savings_record(request: HttpRequest, member_id: int) -> HttpResponse:
    member = queries.member_get(viewer=request.user, member_id=member_id)
    form = forms.SavingsForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            if d["direction"] == "in":
                actions.savings_deposit(
                    member=member,
                    kind=d["kind"],
                    amount_satang=d["amount"],
                    on=d["on"],
                    for_month=d["for_month"],
                    by=request.user,
                    at=timezone.now(),
                    key=d["idempotency_key"],
                )
            else:
                actions.savings_withdraw(
                    member=member,
                    kind=d["kind"],
                    amount_satang=d["amount"],
                    on=d["on"],
                    by=request.user,
                    at=timezone.now(),
                    key=d["idempotency_key"],
                )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Recorded."))
    else:
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
    return redirect("finance:member-detail", member.pk)


@require("finance.savings", "change")
@guard
@require_POST
def welfare_pay(request: HttpRequest, member_id: int) -> HttpResponse:
    member = queries.member_get(viewer=request.user, member_id=member_id)
    form = forms.WelfareForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.welfare_benefit_pay(
                member=member,
                amount_satang=d["amount"],
                on=d["on"],
                reason=d["reason"],
                by=request.user,
                at=timezone.now(),
                key=d["idempotency_key"],
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The benefit was paid."))
    else:
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
    return redirect("finance:member-detail", member.pk)


@require("finance.member", "change")
@guard
@require_POST
def member_leave(request: HttpRequest, member_id: int) -> HttpResponse:
    member = queries.member_get(viewer=request.user, member_id=member_id)
    try:
        actions.fund_member_leave(
            member=member,
            on=_today(),
            by=request.user,
            at=timezone.now(),
            key=request.POST.get("idempotency_key"),
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The member has left and was paid back what they held."))
    return redirect("finance:member-detail", member.pk)


@require("finance.savings", "change")
@guard
@require_http_methods(["GET", "POST"])
def savings_collect(request: HttpRequest, fund_id: int) -> HttpResponse:
    """The meeting page: every member on one screen, the month's amount filled in, one tap to record."""
    fund = queries.fund_managed(viewer=request.user, fund_id=fund_id)
    today = _today()
    form = forms.CollectForm(request.POST or None, initial={"on": today, "month": today.replace(day=1)})
    month = today.replace(day=1)
    if form.is_bound and form.is_valid():
        month = form.cleaned_data["month"].replace(day=1)
    kind = SavingsKind.CONTRIBUTION if fund.kind == FundKind.WELFARE else SavingsKind.SAJJA
    errors: dict[int, str] = {}
    if request.method == "POST" and form.is_valid():
        items = []
        for key, value in request.POST.items():
            if not key.startswith("amount-") or not value.strip():
                continue
            raw_id = key.removeprefix("amount-")
            if not raw_id.isdigit():
                continue
            member_id = int(raw_id)
            field = forms.BahtField(min_satang=1)
            try:
                items.append(actions.CollectItem(member_id, kind, field.clean(value)))
            except ValidationError as exc:
                errors[member_id] = " ".join(exc.messages)
        for key, value in request.POST.items():
            raw_id = key.removeprefix("shares-")
            if not key.startswith("shares-") or not raw_id.isdigit() or not value.strip():
                continue
            try:
                items.append(
                    actions.CollectItem(
                        int(raw_id), SavingsKind.SHARES, forms.BahtField(min_satang=1).clean(value)
                    )
                )
            except ValidationError as exc:
                errors[int(raw_id)] = " ".join(exc.messages)
        if not errors:
            try:
                done = actions.savings_collect(
                    fund=fund,
                    items=items,
                    on=form.cleaned_data["on"],
                    for_month=month,
                    by=request.user,
                    at=timezone.now(),
                    key=form.cleaned_data["idempotency_key"],
                )
            except DomainError as exc:
                messages.error(request, str(exc))
            else:
                total = sum(m.amount_satang for m in done)
                messages.success(
                    request,
                    _("Recorded %(n)s payments, %(total)s baht in all.")
                    % {"n": len(done), "total": f"{to_decimal_baht(total):,}"},
                )
                return redirect(
                    f"{reverse('finance:savings-collect', args=[fund.pk])}?month={month.isoformat()}"
                )
    elif request.method == "GET" and request.GET.get("month"):
        try:
            month = _read_date(request.GET["month"]).replace(day=1)
            form = forms.CollectForm(initial={"on": today, "month": month})
        except (ValueError, AttributeError):
            pass
    sheet = []
    for row, paid, suggested in queries.collect_sheet(viewer=request.user, fund=fund, month=month):
        pk = row.member.pk
        if request.method == "POST":
            amount, shares = request.POST.get(f"amount-{pk}", ""), request.POST.get(f"shares-{pk}", "")
        else:
            amount, shares = (format_baht(suggested) if suggested else ""), ""
        sheet.append((row, paid, amount, shares, errors.get(pk, "")))
    return render(
        request,
        "finance/savings_collect.html",
        _fund_context(request, fund, form=form, sheet=sheet, month=month, errors=errors, kind=kind),
    )


@require("finance.savings", "view")
@guard
def savings_missed(request: HttpRequest, fund_id: int) -> HttpResponse:
    """Members who have not paid this month's savings in full."""
    fund = queries.fund_get(viewer=request.user, fund_id=fund_id)
    month = _month_param(request)
    rows = queries.members_missed(viewer=request.user, fund=fund, month=month)
    return render(
        request, "finance/savings_missed.html", _fund_context(request, fund, rows=rows, month=month)
    )


def _month_param(request: HttpRequest) -> dt.date:
    try:
        return _read_date(request.GET.get("month", "")).replace(day=1)  # type: ignore[union-attr]
    except (ValueError, AttributeError):
        return _today().replace(day=1)


# --- loans -------------------------------------------------------------------------------------------


@require("finance.loan", "view")
@guard
def loan_list(request: HttpRequest, fund_id: int) -> HttpResponse:
    fund = queries.fund_get(viewer=request.user, fund_id=fund_id)
    status = request.GET.get("status", "")
    q = request.GET.get("q", "").strip()
    loans = queries.loan_list(
        viewer=request.user, fund=fund, status=status if status in LoanStatus.values else "", q=q
    )
    page = Paginator(loans, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "finance/loan_list.html",
        _fund_context(request, fund, page=page, status=status, q=q, statuses=LoanStatus.choices),
    )


@require("finance.loan", "change")
@guard
@require_http_methods(["GET", "POST"])
def loan_create(request: HttpRequest, fund_id: int) -> HttpResponse:
    """Record an application for the committee, with the schedule it would have."""
    fund = queries.fund_managed(viewer=request.user, fund_id=fund_id)
    rows = queries.member_list(viewer=request.user, fund=fund)
    members = [(r.member.pk, f"{r.member.member_no} {r.member.person.full_name}") for r in rows]
    bylaw = queries.bylaw_in_force(fund=fund, on=_today())
    form = forms.LoanApplyForm(
        request.POST or None,
        members=members,
        books=_book_choices(fund),
        initial={
            "applied_on": _today(),
            "borrower": request.GET.get("member"),
            "annual_rate_bp": bylaw.loan_rate_bp if bylaw else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            by_pk = {r.member.pk: r.member for r in rows}
            loan = actions.loan_apply(
                borrower=by_pk[d["borrower"]],
                principal_satang=d["principal"],
                periods=d["periods"],
                method=d["method"],
                frequency=d["frequency"],
                applied_on=d["applied_on"],
                purpose=d["purpose"],
                guarantors=[by_pk[g] for g in d["guarantors"] if g in by_pk],
                annual_rate_bp=d["annual_rate_bp"],
                book=_book(fund, d["book"]),
                by=request.user,
                at=timezone.now(),
                key=d["idempotency_key"],
            )
        except DomainError as exc:
            _refuse(form, exc)
        else:
            messages.success(
                request, _("Application %(no)s is waiting for the committee.") % {"no": loan.number}
            )
            if queries.loan_cannot_be_approved(loan=loan):
                messages.warning(
                    request,
                    _(
                        "No committee member left may approve it: the person who recorded it, the borrower "
                        "and the guarantors may not vote."
                    ),
                )
            return redirect("finance:loan-detail", loan.pk)
    return render(request, "finance/loan_form.html", _fund_context(request, fund, form=form, bylaw=bylaw))


@require("finance.tools", "view")
@guard
def calculator(request: HttpRequest) -> HttpResponse:
    """The schedule a loan would have (htmx fragment on the application page, or a page of its own)."""
    data = request.GET.copy()
    if "principal" not in data and "annual_rate_bp" not in data:
        data = None
    elif not data.get("first_due_date") and data.get("applied_on"):
        # From the application page: the first installment falls one period after applying.
        from thanrak.finance.schedules import PERIODS_PER_YEAR, Frequency, add_months

        try:
            applied = _read_date(data["applied_on"])
            if applied is None:
                raise ValueError(data["applied_on"])
            step = 12 // PERIODS_PER_YEAR[Frequency(data.get("frequency", "monthly"))]
            data["first_due_date"] = add_months(applied, step).isoformat()
        except (ValueError, KeyError):
            pass
    form = forms.CalculatorForm(
        data, initial={"first_due_date": _today(), "periods": 12, "annual_rate_bp": 600}
    )
    schedule, error = [], ""
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        try:
            schedule = build_schedule(
                principal_satang=d["principal"],
                annual_rate_bp=d["annual_rate_bp"],
                periods=d["periods"],
                method=d["method"],
                frequency=d["frequency"],
                first_due_date=d["first_due_date"],
            )
        except InvalidSchedule:
            error = _("These terms cannot make a repayment schedule.")
    ctx = {
        "form": form,
        "schedule": schedule,
        "error": error,
        "total_interest": sum(i.interest_satang for i in schedule),
        "total": sum(i.total_satang for i in schedule),
    }
    template = "finance/calculator.html#schedule" if request.htmx else "finance/calculator.html"
    return render(request, template, ctx)


@require("finance.loan", "view")
@guard
def loan_detail(request: HttpRequest, loan_id: int) -> HttpResponse:
    """A loan: what is owed today, every schedule version, repayments, votes and what the viewer may do."""
    today = _today()
    detail = queries.loan_detail(viewer=request.user, loan_id=loan_id, on=today)
    loan = detail.loan
    keeps = queries.may_keep_books(viewer=request.user, fund=loan.fund)
    ctx = _fund_context(
        request,
        loan.fund,
        d=detail,
        loan=loan,
        today=today,
        may_decide=keeps
        and loan.status == LoanStatus.APPLIED
        and user_may(request.user, "finance.loan", "approve"),
        decide_form=forms.DecideForm(),
        disburse_form=forms.DisburseForm(initial={"on": today})
        if keeps and loan.status == LoanStatus.APPROVED
        else None,
        repay_form=forms.RepayForm(initial={"on": today, "amount": _suggested_repayment(detail.dues)})
        if keeps and loan.status == LoanStatus.ACTIVE
        else None,
        proposed=queries.loan_proposed_schedule(loan=loan) if loan.status == LoanStatus.APPLIED else None,
        nobody_may_approve=keeps and queries.loan_cannot_be_approved(loan=loan),
    )
    return render(request, "finance/loan_detail.html", ctx)


def _suggested_repayment(dues: Any) -> int | None:
    """What is due today, or else the next installment (paying it early)."""
    if dues is None:
        return None
    if dues.due_total_satang:
        return dues.due_total_satang
    if dues.future:
        return dues.future[0].interest_due_satang + dues.future[0].principal_due_satang
    return None


@require("finance.loan", "approve")
@guard
@require_POST
def loan_decide(request: HttpRequest, loan_id: int) -> HttpResponse:
    loan = queries.loan_get(viewer=request.user, loan_id=loan_id)
    form = forms.DecideForm(request.POST)
    if form.is_valid():
        try:
            loan = actions.loan_decide(
                loan=loan,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
                by=request.user,
                at=timezone.now(),
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("Your vote is recorded: %(status)s.") % {"status": LoanStatus(loan.status).label}
            )
    back = request.POST.get("next")
    if back == "approvals":
        return redirect("finance:approvals", loan.fund_id)
    return redirect("finance:loan-detail", loan.pk)


@require("finance.loan", "change")
@guard
@require_POST
def loan_disburse(request: HttpRequest, loan_id: int) -> HttpResponse:
    loan = queries.loan_get(viewer=request.user, loan_id=loan_id)
    form = forms.DisburseForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.loan_disburse(
                loan=loan,
                on=d["on"],
                first_due_date=d["first_due_date"],
                by=request.user,
                at=timezone.now(),
                key=d["idempotency_key"],
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The loan was paid out; its schedule is below."))
    else:
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
    return redirect("finance:loan-detail", loan.pk)


@require("finance.loan", "change")
@guard
@require_POST
def loan_repay(request: HttpRequest, loan_id: int) -> HttpResponse:
    """Take a repayment (from the loan page, or one row of the meeting's repayment sheet via htmx)."""
    loan = queries.loan_get(viewer=request.user, loan_id=loan_id)
    form = forms.RepayForm(request.POST)
    error, repayment = "", None
    if form.is_valid():
        d = form.cleaned_data
        try:
            repayment = actions.loan_repay(
                loan=loan,
                amount_satang=d["amount"],
                on=d["on"],
                prepay=d["prepay"],
                by=request.user,
                at=timezone.now(),
                key=d["idempotency_key"],
            )
        except DomainError as exc:
            error = str(exc)
    else:
        error = "; ".join(e for errs in form.errors.values() for e in errs)
    if request.htmx:
        return render(
            request,
            "finance/repayments.html#row-form",
            {
                "loan": loan,
                "repayment": repayment,
                "error": error,
                "key": forms.new_key(),
                "today": _today(),
                "amount_text": request.POST.get("amount", ""),
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("Received: penalty %(penalty)s, interest %(interest)s, principal %(principal)s baht.")
            % {
                "penalty": f"{to_decimal_baht(repayment.penalty_satang):,}",
                "interest": f"{to_decimal_baht(repayment.interest_satang):,}",
                "principal": f"{to_decimal_baht(repayment.principal_satang):,}",
            },
        )
    return redirect("finance:loan-detail", loan.pk)


@require("finance.loan", "change")
@guard
@require_http_methods(["GET", "POST"])
def loan_restructure(request: HttpRequest, loan_id: int) -> HttpResponse:
    loan = queries.loan_get(viewer=request.user, loan_id=loan_id)
    if not queries.may_keep_books(viewer=request.user, fund=loan.fund):
        raise PermissionDenied("finance.loan:change")
    today = _today()
    form = forms.RestructureForm(
        request.POST or None,
        initial={
            "on": today,
            "periods": loan.periods,
            "method": loan.method,
            "frequency": loan.frequency,
            "first_due_date": actions.add_months(today, 1),
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.loan_restructure(
                loan=loan,
                on=d["on"],
                periods=d["periods"],
                first_due_date=d["first_due_date"],
                method=d["method"],
                frequency=d["frequency"],
                annual_rate_bp=d["annual_rate_bp"],
                note=d["note"],
                by=request.user,
                at=timezone.now(),
            )
        except DomainError as exc:
            _refuse(form, exc)
        else:
            messages.success(request, _("The loan has a new schedule; the old one stays below it."))
            return redirect("finance:loan-detail", loan.pk)
    return render(
        request, "finance/loan_restructure.html", _fund_context(request, loan.fund, loan=loan, form=form)
    )


@require("finance.loan", "approve")
@guard
def approvals(request: HttpRequest, fund_id: int) -> HttpResponse:
    """Applications waiting for this committee member's vote."""
    fund = queries.fund_managed(viewer=request.user, fund_id=fund_id)
    loans = [
        (loan, queries.loan_proposed_schedule(loan=loan))
        for loan in queries.approvals_pending(viewer=request.user, fund=fund)
    ]
    return render(
        request,
        "finance/approvals.html",
        _fund_context(request, fund, loans=loans, decide_form=forms.DecideForm()),
    )


@require("finance.loan", "change")
@guard
def repayments(request: HttpRequest, fund_id: int) -> HttpResponse:
    """The meeting's repayment sheet: every loan with something due, one small form per row."""
    fund = queries.fund_managed(viewer=request.user, fund_id=fund_id)
    today = _today()
    rows = [
        (loan, dues, suggested, forms.new_key())
        for loan, dues, suggested in queries.repayment_sheet(viewer=request.user, fund=fund, on=today)
    ]
    return render(request, "finance/repayments.html", _fund_context(request, fund, rows=rows, today=today))


# --- arrears -------------------------------------------------------------------------------------------


@require("finance.arrears", "view")
@guard
def arrears(request: HttpRequest, fund_id: int) -> HttpResponse:
    """Days past due, aging buckets, PAR, the seed report's line and the committee's follow-up list."""
    fund = queries.fund_get(viewer=request.user, fund_id=fund_id)
    report = queries.arrears_report(viewer=request.user, fund=fund, on=_today())
    history = queries.arrears_history(viewer=request.user, fund=fund)
    lang = get_language() or "th"
    return render(
        request,
        "finance/arrears.html",
        _fund_context(
            request,
            fund,
            report=report,
            history=history,
            bucket_chart=charts.buckets_chart(report, lang=lang),
            history_chart=charts.history_chart(history, lang=lang),
        ),
    )


# --- ledger --------------------------------------------------------------------------------------------


@require("finance.ledger", "view")
@guard
def journal(request: HttpRequest, fund_id: int) -> HttpResponse:
    fund = queries.fund_get(viewer=request.user, fund_id=fund_id)
    kind = request.GET.get("kind", "")
    entries = queries.journal_list(
        viewer=request.user, fund=fund, kind=kind if kind in EntryKind.values else ""
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "finance/journal.html",
        _fund_context(
            request, fund, page=page, kind=kind, kinds=EntryKind.choices, books=queries.books_of(fund=fund)
        ),
    )


@require("finance.ledger", "change")
@guard
@require_http_methods(["GET", "POST"])
def entry_create(request: HttpRequest, fund_id: int) -> HttpResponse:
    """An entry the other pages do not cover: expenses, bank transfers, grants, capital."""
    fund = queries.fund_managed(viewer=request.user, fund_id=fund_id)
    form = forms.ManualEntryForm(request.POST or None, books=_book_choices(fund), initial={"on": _today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            entry = actions.journal_post_manual(
                fund=fund,
                on=d["on"],
                memo=d["memo"],
                book=_book(fund, d["book"]),
                legs=[(d["debit_role"], d["amount"], 0), (d["credit_role"], 0, d["amount"])],
                by=request.user,
                at=timezone.now(),
                key=d["idempotency_key"],
            )
        except DomainError as exc:
            _refuse(form, exc)
        else:
            messages.success(request, _("Entry #%(id)s is recorded.") % {"id": entry.pk})
            return redirect("finance:entry-detail", entry.pk)
    return render(request, "finance/entry_form.html", _fund_context(request, fund, form=form))


@require("finance.ledger", "view")
@guard
@require_http_methods(["GET", "POST"])
def entry_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    """One entry's lines; a book-keeper may reverse it (the only way to correct it)."""
    entry = queries.entry_get(viewer=request.user, entry_id=entry_id)
    keeps = queries.may_keep_books(viewer=request.user, fund=entry.fund) and user_may(
        request.user, "finance.ledger", "change"
    )
    reversed_by = queries.entry_reversed_by(entry=entry)
    form = None
    if keeps and reversed_by is None and entry.kind not in actions.NOT_REVERSIBLE:
        form = forms.ReverseForm(request.POST or None, initial={"on": _today()})
        if request.method == "POST" and form.is_valid():
            try:
                reversal = actions.journal_reverse(
                    entry=entry,
                    on=form.cleaned_data["on"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                    at=timezone.now(),
                    key=form.cleaned_data["idempotency_key"],
                )
            except DomainError as exc:
                _refuse(form, exc)
            else:
                messages.success(
                    request,
                    _("Entry #%(id)s was reversed by #%(new)s.") % {"id": entry.pk, "new": reversal.pk},
                )
                return redirect("finance:entry-detail", reversal.pk)
    elif request.method == "POST":
        raise PermissionDenied("finance.ledger:change")
    return render(
        request,
        "finance/entry_detail.html",
        _fund_context(
            request,
            entry.fund,
            entry=entry,
            lines=queries.entry_lines(entry=entry),
            reversed_by=reversed_by,
            form=form,
        ),
    )


@require("finance.ledger", "view")
@guard
def account_ledger(request: HttpRequest, account_id: int) -> HttpResponse:
    """An account's lines between two days with the running balance."""
    today = _today()
    start = _date_param(request, "start", today.replace(month=1, day=1))
    end = _date_param(request, "end", today)
    ledger_ = queries.account_ledger(viewer=request.user, account_id=account_id, start=start, end=end)
    return render(
        request,
        "finance/account_ledger.html",
        _fund_context(request, ledger_.account.fund, ledger=ledger_, start=start, end=end),
    )


def _date_param(request: HttpRequest, name: str, default: dt.date) -> dt.date:
    return _read_date(request.GET.get(name, "")) or default


@require("finance.ledger", "view")
@guard
def statements(request: HttpRequest, fund_id: int) -> HttpResponse:
    """Trial balance, balance sheet and income statement as of any day, for one book or all of them."""
    fund = queries.fund_get(viewer=request.user, fund_id=fund_id)
    today = _today()
    form = forms.StatementsForm(request.GET or None, books=_book_choices(fund))
    as_of, start, book = today, None, None
    if form.is_bound and form.is_valid():
        as_of = form.cleaned_data["as_of"] or today
        start = form.cleaned_data["start"]
        book = _book(fund, form.cleaned_data["book"])
    if start is None:
        month = fund.fiscal_year_start_month
        start = dt.date(as_of.year if as_of.month >= month else as_of.year - 1, month, 1)
    ctx = _fund_context(
        request,
        fund,
        form=form,
        as_of=as_of,
        start=start,
        book=book,
        tb=queries.trial_balance(viewer=request.user, fund=fund, as_of=as_of, book=book),
        bs=queries.balance_sheet(viewer=request.user, fund=fund, as_of=as_of, book=book),
        pl=queries.income_statement(viewer=request.user, fund=fund, start=start, end=as_of, book=book),
        accounts=queries.accounts_of_book(viewer=request.user, book=book) if book else None,
        closes=queries.period_closes(fund=fund)[:5],
    )
    return render(request, "finance/statements.html", ctx)


@require("finance.ledger", "change")
@guard
@require_http_methods(["GET", "POST"])
def period_close(request: HttpRequest, fund_id: int) -> HttpResponse:
    fund = queries.fund_managed(viewer=request.user, fund_id=fund_id)
    last_month_end = _today().replace(day=1) - dt.timedelta(days=1)
    form = forms.PeriodCloseForm(request.POST or None, initial={"through": last_month_end})
    if request.method == "POST" and form.is_valid():
        try:
            actions.period_close(
                fund=fund,
                through=form.cleaned_data["through"],
                note=form.cleaned_data["note"],
                by=request.user,
                at=timezone.now(),
            )
        except DomainError as exc:
            _refuse(form, exc)
        else:
            messages.success(
                request,
                _("The books are closed through %(date)s.")
                % {"date": format_date(form.cleaned_data["through"], lang=get_language() or "th")},
            )
            return redirect("finance:statements", fund.pk)
    return render(
        request,
        "finance/period_close.html",
        _fund_context(request, fund, form=form, closes=queries.period_closes(fund=fund)),
    )


# Funds with more active loans than this run their month end on the task worker; smaller ones at once.
MONTH_END_DIRECT_LOANS = 2_000


@require("finance.ledger", "change")
@guard
@require_http_methods(["GET", "POST"])
def month_end(request: HttpRequest, fund_id: int) -> HttpResponse:
    """The treasurer runs the month end of their fund (days past due, aging, accrued interest): at once
    for a small fund, on the task worker for a large one, with its status on the page."""
    fund = queries.fund_managed(viewer=request.user, fund_id=fund_id)
    last_month_end = _today().replace(day=1) - dt.timedelta(days=1)
    form = forms.MonthEndForm(request.POST or None, initial={"as_of": last_month_end})
    if request.method == "POST" and form.is_valid():
        as_of = form.cleaned_data["as_of"]
        if as_of >= _today():
            form.add_error("as_of", _("Run the month end after the day is over."))
        elif queries.active_loan_count(viewer=request.user, fund=fund) > MONTH_END_DIRECT_LOANS:
            result = tasks.month_end.enqueue(as_of.isoformat(), [fund.pk])
            messages.success(request, _("The month end is queued; this page shows its progress."))
            return redirect(f"{reverse('finance:month-end', args=[fund.pk])}?task={result.id}")
        else:
            done = actions.month_end_close(as_of=as_of, fund_ids=[fund.pk])
            messages.success(request, _month_end_said(done.as_dict()))
            return redirect("finance:month-end", fund.pk)
    task = _month_end_task(request.GET.get("task", ""), fund)
    ctx = _fund_context(
        request,
        fund,
        form=form,
        task=task,
        history=list(reversed(queries.arrears_history(viewer=request.user, fund=fund, limit=12))),
    )
    if request.htmx and task is not None:
        return render(request, "finance/month_end.html#task-status", ctx)
    return render(request, "finance/month_end.html", ctx)


def _month_end_said(done: dict[str, Any]) -> str:
    return _(
        "Month end %(date)s: %(loans)s active loans recorded, %(late)s of them in arrears; "
        "%(entries)s accrued-interest entries posted."
    ) % {
        "date": format_date(dt.date.fromisoformat(done["as_of"]), lang=get_language() or "th"),
        "loans": f"{done['loans']:,}",
        "late": f"{done['in_arrears']:,}",
        "entries": f"{done['entries_posted']:,}",
    }


def _month_end_task(task_id: str, fund: Any) -> dict[str, Any] | None:
    """A queued month end of this fund (another fund's task, or an unknown id, shows nothing)."""
    if not task_id or len(task_id) > 64:
        return None
    try:
        result = tasks.month_end.get_result(task_id)
    except (TaskResultDoesNotExist, TaskResultMismatch, NotImplementedError, ValueError, ValidationError):
        return None
    if list(result.args[1:2]) != [[fund.pk]]:
        return None
    status = result.status
    return {
        "id": task_id,
        "status": status,
        "label": _("running") if status == TaskResultStatus.RUNNING else _("waiting in the queue"),
        "finished": status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED),
        "failed": status == TaskResultStatus.FAILED,
        "said": _month_end_said(result.return_value) if status == TaskResultStatus.SUCCESSFUL else "",
    }


# --- year end -------------------------------------------------------------------------------------------


@require("finance.yearend", "view")
@guard
@require_http_methods(["GET", "POST"])
def year_end(request: HttpRequest, fund_id: int) -> HttpResponse:
    """Earlier year-ends, and for the treasurer a preview of closing the latest year, then posting it."""
    fund = queries.fund_get(viewer=request.user, fund_id=fund_id)
    runs = queries.year_end_list(viewer=request.user, fund=fund)
    keeps = queries.may_keep_books(viewer=request.user, fund=fund) and user_may(
        request.user, "finance.yearend", "change"
    )
    form, plan, error = None, None, ""
    if keeps:
        suggested = queries.suggested_year_end(fund=fund, today=_today())
        data = request.POST or request.GET or None
        if data is not None and not data.get("idempotency_key"):
            # A preview (GET) carries no key: give the post that follows one, so it is sent once.
            data = data.copy()
            data["idempotency_key"] = forms.new_key()
        form = forms.YearEndForm(data, initial={"period_end": suggested})
        period_end = suggested
        if form.is_bound and form.is_valid():
            period_end = form.cleaned_data["period_end"]
        if request.method == "POST" and form.is_valid():
            try:
                run = actions.year_end_post(
                    fund=fund,
                    period_end=period_end,
                    by=request.user,
                    at=timezone.now(),
                    key=form.cleaned_data["idempotency_key"],
                )
            except DomainError as exc:
                _refuse(form, exc)
            else:
                messages.success(request, _("The year is closed and every member's share is recorded."))
                return redirect("finance:year-end-detail", run.pk)
        if not (fund.closed_through and period_end <= fund.closed_through):
            try:
                plan = queries.year_end_preview(viewer=request.user, fund=fund, period_end=period_end)
            except DomainError as exc:
                error = str(exc)
    elif request.method == "POST":
        raise PermissionDenied("finance.yearend:change")
    return render(
        request,
        "finance/year_end.html",
        _fund_context(
            request,
            fund,
            runs=runs,
            form=form,
            plan=plan,
            error=error,
            year_not_over=form is not None and period_end >= _today(),
        ),
    )


@require("finance.yearend", "view")
@guard
@require_http_methods(["GET", "POST"])
def year_end_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = queries.year_end_get(viewer=request.user, run_id=run_id)
    keeps = queries.may_keep_books(viewer=request.user, fund=run.fund) and user_may(
        request.user, "finance.yearend", "change"
    )
    form = (
        forms.PayOutForm(request.POST or None, initial={"on": _today()})
        if keeps and run.paid_out_on is None
        else None
    )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("finance.yearend:change")
        if form.is_valid():
            try:
                actions.year_end_pay_out(
                    run=run,
                    on=form.cleaned_data["on"],
                    to_deposits=form.cleaned_data["to_deposits"],
                    by=request.user,
                    at=timezone.now(),
                    key=form.cleaned_data["idempotency_key"],
                )
            except DomainError as exc:
                _refuse(form, exc)
            else:
                messages.success(request, _("Dividends and refunds were paid out."))
                return redirect("finance:year-end-detail", run.pk)
    rows = queries.year_end_members(viewer=request.user, run=run)
    return render(
        request,
        "finance/year_end_detail.html",
        _fund_context(request, run.fund, run=run, rows=rows, form=form),
    )


# --- import --------------------------------------------------------------------------------------------


@require("finance.member", "import")
@guard
@require_http_methods(["GET", "POST"])
def fund_import(request: HttpRequest, fund_id: int) -> HttpResponse:
    """Bring a group's paper books in from CSV or Excel, all or nothing, with a report naming row and column."""
    fund = queries.fund_get(viewer=request.user, fund_id=fund_id)
    if not queries.may_set_up(viewer=request.user, fund=fund):
        raise PermissionDenied("finance.member:import")
    if request.GET.get("template"):
        response = HttpResponse(importing.template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="thanrak-fund-import.csv"'
        return response
    form = forms.ImportForm(request.POST or None, request.FILES or None, initial={"opening_date": _today()})
    issues, result = [], None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            rows = importing.parse(d["file"], max_bytes=settings.THANRAK_MAX_IMPORT_BYTES)
            result = actions.fund_import(
                fund=fund,
                rows=rows,
                opening_date=d["opening_date"],
                cash_satang=d["cash"],
                bank_satang=d["bank"] or 0,
                by=request.user,
                at=timezone.now(),
            )
        except importing.ImportRejected as exc:
            issues = exc.issues
        except DomainError as exc:
            _refuse(form, exc)
        else:
            messages.success(
                request,
                _("Imported %(m)s members (%(p)s newly registered) and %(l)s open loans.")
                % {"m": result.members, "p": result.persons_registered, "l": result.loans},
            )
            return redirect("finance:member-list", fund.pk)
    lang = get_language() or "th"
    return render(
        request,
        "finance/import.html",
        _fund_context(
            request,
            fund,
            form=form,
            issues=[(i.row, i.column, i.text(lang)) for i in issues],
            columns=[
                (c, importing.COLUMN_HELP[c], c in importing.REQUIRED)
                for c in (*importing.REQUIRED, *importing.OPTIONAL)
            ],
        ),
    )


# --- roll-ups and the member's own view ------------------------------------------------------------------


@require("finance.rollup", "view")
@guard
def rollup(request: HttpRequest) -> HttpResponse:
    """Funds, members, savings, loans outstanding and overdue % for an area and the areas under it."""
    from thanrak.accounts.scope import scope_of
    from thanrak.geo.queries import area_path

    area = request.GET.get("area", queries.rollup_start(viewer=request.user))
    scope = scope_of(request.user)
    if area and not scope.covers_area(area) and not any(a.startswith(area) for a in scope.area_codes):
        raise PermissionDenied("outside the viewer's areas")
    if len(area) not in queries.CHILD_LENGTH:
        raise Http404("no level below villages")
    total, rows = queries.rollup(viewer=request.user, area_code=area, on=_today())
    lang = get_language() or "th"
    return render(
        request,
        "finance/rollup.html",
        {
            "area": area,
            "path": area_path(code=area) if area else [],
            "total": total,
            "rows": rows,
            "chart": charts.rollup_chart(rows, lang=lang),
            "child_has_rows": len(area) < 6,
        },
    )


@require("finance.own", "view")
@guard
def my_accounts(request: HttpRequest) -> HttpResponse:
    """The member's own savings, loans and dividends in every fund they belong to."""
    return render(
        request,
        "finance/my_accounts.html",
        {"accounts": queries.my_accounts(viewer=request.user, on=_today())},
    )


# --- panels (HTML fragments loaded by htmx on other pages) -----------------------------------------------


@require("finance.ledger", "change")
@guard
def panel_treasurer(request: HttpRequest) -> HttpResponse:
    from thanrak.accounts.scope import scope_of

    today = _today()
    if scope_of(request.user).everything:
        return render(request, "finance/panels/treasurer.html", {"funds": [], "everything": True})
    funds = [
        (
            f,
            queries.fund_summary(fund=f, on=today),
            queries.approvals_pending(viewer=request.user, fund=f).count(),
            len(queries.members_missed(viewer=request.user, fund=f, month=today)),
        )
        for f in queries.funds_managed(viewer=request.user)[:20]
    ]
    return render(request, "finance/panels/treasurer.html", {"funds": funds, "today": today})


@require("finance.own", "view")
@guard
def panel_member(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "finance/panels/member.html",
        {"accounts": queries.my_accounts(viewer=request.user, on=_today())},
    )


@require("finance.household_debts", "view")
@guard
def household_debts(request: HttpRequest, household_id: int) -> HttpResponse:
    household, debts = queries.household_debts(viewer=request.user, household_id=household_id, on=_today())
    return render(
        request,
        "finance/panels/household_debts.html",
        {"household": household, "debts": debts, "total": sum(d.outstanding_satang for d in debts)},
    )


@require("finance.member", "view")
@guard
def person_panel(request: HttpRequest, person_id: int) -> HttpResponse:
    rows = queries.person_fund_memberships(viewer=request.user, person_id=person_id)
    return render(request, "finance/panels/person.html", {"rows": rows})


@require("finance.fund", "view")
@guard
def organisation_panel(request: HttpRequest, organisation_id: int) -> HttpResponse:
    summaries = queries.organisation_funds(viewer=request.user, organisation_id=organisation_id, on=_today())
    return render(request, "finance/panels/organisation.html", {"summaries": summaries})
