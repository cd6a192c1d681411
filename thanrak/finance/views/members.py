"""Members and savings: the member list and export, a member's page and passbook, deposits and
withdrawals, welfare, leaving, the collection-day sheet and who missed the month."""

import datetime as dt
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thanrak.core.access import require, user_may
from thanrak.core.clientip import client_ip
from thanrak.core.errors import DomainError
from thanrak.core.forms import read_thai_date, refuse
from thanrak.core.money import to_decimal_baht
from thanrak.core.thai import format_date
from thanrak.finance import actions, forms, pdf, queries
from thanrak.finance.models import FundKind, SavingsKind
from thanrak.finance.views.common import fund_context


@require("finance.member", "view")
@require_http_methods(["GET", "POST"])
def member_list(request: HttpRequest, fund_id: int) -> HttpResponse:
    """Members with their savings by kind and what they owe; officers enrol people by citizen ID."""
    fund = queries.fund_get(viewer=request.user, fund_id=fund_id)
    may_enrol = queries.may_set_up(viewer=request.user, fund=fund) and user_may(
        request.user, "finance.member", "change"
    )
    form = (
        forms.EnrolForm(request.POST or None, initial={"joined_on": timezone.localdate()})
        if may_enrol
        else None
    )
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
                refuse(form, exc)
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
        fund_context(
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
def member_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    """A member's passbook: every movement with running balances, their loans and year-end amounts."""
    member = queries.member_get(viewer=request.user, member_id=member_id)
    fund = member.fund
    keeps = queries.may_keep_books(viewer=request.user, fund=fund)
    today = timezone.localdate()
    lines = queries.passbook(viewer=request.user, member=member)
    ctx = fund_context(
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


def _passbook_notes(member: Any) -> list[str]:
    """Lines other modules print on the passbook, from their AppConfig's `passbook_lines` hook
    (notify's LINE link code), in Thai like the rest of the passbook."""
    with translation.override("th"):
        return [
            line
            for config in apps.get_app_configs()
            if (hook := getattr(config, "passbook_lines", None))
            for line in import_string(hook)(person=member.person)
        ]


@require("finance.member", "view")
def member_passbook_pdf(request: HttpRequest, member_id: int) -> HttpResponse:
    """The passbook as a printable Thai PDF (Sarabun font, Buddhist-era dates)."""
    member = queries.member_get(viewer=request.user, member_id=member_id)
    data = pdf.passbook_pdf(
        member=member,
        row=queries.member_row(member=member),
        lines=queries.passbook(viewer=request.user, member=member),
        printed_on=timezone.localdate(),
        notes=_passbook_notes(member),
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="passbook-{member.fund_id}-{member.member_no}.pdf"'
    return response


@require("finance.savings", "change")
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
@require_POST
def member_leave(request: HttpRequest, member_id: int) -> HttpResponse:
    member = queries.member_get(viewer=request.user, member_id=member_id)
    try:
        actions.fund_member_leave(
            member=member,
            on=timezone.localdate(),
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
@require_http_methods(["GET", "POST"])
def savings_collect(request: HttpRequest, fund_id: int) -> HttpResponse:
    """The meeting page: every member on one screen, the month's amount filled in, one tap to record."""
    fund = queries.fund_managed(viewer=request.user, fund_id=fund_id)
    today = timezone.localdate()
    month = today.replace(day=1)
    form = forms.CollectForm(request.POST or None, initial={"on": today, "month": month})
    if form.is_bound and form.is_valid():
        month = form.cleaned_data["month"].replace(day=1)
    elif request.method == "GET" and (asked := read_thai_date(request.GET.get("month", ""))):
        month = asked.replace(day=1)
        form = forms.CollectForm(initial={"on": today, "month": month})
    welfare = fund.kind == FundKind.WELFARE
    kind = SavingsKind.CONTRIBUTION if welfare else SavingsKind.SAJJA
    sheet = queries.collect_sheet(viewer=request.user, fund=fund, month=month)
    rows = forms.CollectFormSet(
        request.POST if request.method == "POST" else None,
        members=[(row.member.pk, row.member.person.full_name) for row, _paid, _suggested in sheet],
        welfare=welfare,
        initial=[{"amount": suggested or None} for _row, _paid, suggested in sheet],
    )
    if form.is_bound and form.is_valid() and rows.is_valid():
        try:
            done = actions.savings_collect(
                fund=fund,
                items=[actions.CollectItem(*payment) for payment in rows.payments(kind)],
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
            return redirect(f"{reverse('finance:savings-collect', args=[fund.pk])}?month={month.isoformat()}")
    return render(
        request,
        "finance/savings_collect.html",
        fund_context(
            request,
            fund,
            form=form,
            sheet=[
                (row, paid, row_form)
                for (row, paid, _suggested), row_form in zip(sheet, rows.forms, strict=True)
            ],
            month=month,
            rows_wrong=rows.is_bound and not rows.is_valid(),
            kind=kind,
        ),
    )


@require("finance.savings", "view")
def savings_missed(request: HttpRequest, fund_id: int) -> HttpResponse:
    """Members who have not paid this month's savings in full."""
    fund = queries.fund_get(viewer=request.user, fund_id=fund_id)
    month = _month_param(request)
    rows = queries.members_missed(viewer=request.user, fund=fund, month=month)
    return render(request, "finance/savings_missed.html", fund_context(request, fund, rows=rows, month=month))


def _month_param(request: HttpRequest) -> dt.date:
    try:
        return read_thai_date(request.GET.get("month", "")).replace(day=1)  # type: ignore[union-attr]
    except (ValueError, AttributeError):
        return timezone.localdate().replace(day=1)
