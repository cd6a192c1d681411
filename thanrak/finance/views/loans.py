"""Loan pages: the list, applications, the calculator, a loan's page, decisions, payouts, repayments,
restructuring, the approvals queue and the repayment sheet."""

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
from thanrak.core.forms import read_thai_date, refuse
from thanrak.core.money import to_decimal_baht
from thanrak.finance import actions, forms, queries
from thanrak.finance.models import LoanStatus
from thanrak.finance.schedules import InvalidSchedule, build_schedule
from thanrak.finance.views.common import book_choices, book_of, fund_context


@require("finance.loan", "view")
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
        fund_context(request, fund, page=page, status=status, q=q, statuses=LoanStatus.choices),
    )


@require("finance.loan", "change")
@require_http_methods(["GET", "POST"])
def loan_create(request: HttpRequest, fund_id: int) -> HttpResponse:
    """Record an application for the committee, with the schedule it would have."""
    fund = queries.fund_managed(viewer=request.user, fund_id=fund_id)
    rows = queries.member_list(viewer=request.user, fund=fund)
    members = [(r.member.pk, f"{r.member.member_no} {r.member.person.full_name}") for r in rows]
    bylaw = queries.bylaw_in_force(fund=fund, on=timezone.localdate())
    form = forms.LoanApplyForm(
        request.POST or None,
        members=members,
        books=book_choices(fund),
        initial={
            "applied_on": timezone.localdate(),
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
                book=book_of(fund, d["book"]),
                by=request.user,
                at=timezone.now(),
                key=d["idempotency_key"],
            )
        except DomainError as exc:
            refuse(form, exc)
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
    return render(request, "finance/loan_form.html", fund_context(request, fund, form=form, bylaw=bylaw))


@require("finance.tools", "view")
def calculator(request: HttpRequest) -> HttpResponse:
    """The schedule a loan would have (htmx fragment on the application page, or a page of its own)."""
    data = request.GET.copy()
    if "principal" not in data and "annual_rate_bp" not in data:
        data = None
    elif not data.get("first_due_date") and data.get("applied_on"):
        # From the application page: the first installment falls one period after applying.
        from thanrak.finance.schedules import PERIODS_PER_YEAR, Frequency, add_months

        try:
            applied = read_thai_date(data["applied_on"])
            if applied is None:
                raise ValueError(data["applied_on"])
            step = 12 // PERIODS_PER_YEAR[Frequency(data.get("frequency", "monthly"))]
            data["first_due_date"] = add_months(applied, step).isoformat()
        except (ValueError, KeyError):
            pass
    form = forms.CalculatorForm(
        data, initial={"first_due_date": timezone.localdate(), "periods": 12, "annual_rate_bp": 600}
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
def loan_detail(request: HttpRequest, loan_id: int) -> HttpResponse:
    """A loan: what is owed today, every schedule version, repayments, votes and what the viewer may do."""
    today = timezone.localdate()
    detail = queries.loan_detail(viewer=request.user, loan_id=loan_id, on=today)
    loan = detail.loan
    keeps = queries.may_keep_books(viewer=request.user, fund=loan.fund)
    ctx = fund_context(
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
                "today": timezone.localdate(),
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
@require_http_methods(["GET", "POST"])
def loan_restructure(request: HttpRequest, loan_id: int) -> HttpResponse:
    loan = queries.loan_get(viewer=request.user, loan_id=loan_id)
    if not queries.may_keep_books(viewer=request.user, fund=loan.fund):
        raise PermissionDenied("finance.loan:change")
    today = timezone.localdate()
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
            refuse(form, exc)
        else:
            messages.success(request, _("The loan has a new schedule; the old one stays below it."))
            return redirect("finance:loan-detail", loan.pk)
    return render(
        request, "finance/loan_restructure.html", fund_context(request, loan.fund, loan=loan, form=form)
    )


@require("finance.loan", "approve")
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
        fund_context(request, fund, loans=loans, decide_form=forms.DecideForm()),
    )


@require("finance.loan", "change")
def repayments(request: HttpRequest, fund_id: int) -> HttpResponse:
    """The meeting's repayment sheet: every loan with something due, one small form per row."""
    fund = queries.fund_managed(viewer=request.user, fund_id=fund_id)
    today = timezone.localdate()
    rows = [
        (loan, dues, suggested, forms.new_key())
        for loan, dues, suggested in queries.repayment_sheet(viewer=request.user, fund=fund, on=today)
    ]
    return render(request, "finance/repayments.html", fund_context(request, fund, rows=rows, today=today))
