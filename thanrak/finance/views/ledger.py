"""Ledger pages: the journal, entries and reversals, account ledgers, statements, closing periods
and the month end."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.tasks import TaskResultStatus
from django.tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thanrak.core.access import require, user_may
from thanrak.core.errors import DomainError
from thanrak.core.forms import read_thai_date, refuse
from thanrak.core.thai import format_date
from thanrak.finance import actions, forms, queries, tasks
from thanrak.finance.models import EntryKind
from thanrak.finance.views.common import book_choices, book_of, fund_context


@require("finance.ledger", "view")
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
        fund_context(
            request, fund, page=page, kind=kind, kinds=EntryKind.choices, books=queries.books_of(fund=fund)
        ),
    )


@require("finance.ledger", "change")
@require_http_methods(["GET", "POST"])
def entry_create(request: HttpRequest, fund_id: int) -> HttpResponse:
    """An entry the other pages do not cover: expenses, bank transfers, grants, capital."""
    fund = queries.fund_managed(viewer=request.user, fund_id=fund_id)
    form = forms.ManualEntryForm(
        request.POST or None, books=book_choices(fund), initial={"on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            entry = actions.journal_post_manual(
                fund=fund,
                on=d["on"],
                memo=d["memo"],
                book=book_of(fund, d["book"]),
                legs=[(d["debit_role"], d["amount"], 0), (d["credit_role"], 0, d["amount"])],
                by=request.user,
                at=timezone.now(),
                key=d["idempotency_key"],
            )
        except DomainError as exc:
            refuse(form, exc)
        else:
            messages.success(request, _("Entry #%(id)s is recorded.") % {"id": entry.pk})
            return redirect("finance:entry-detail", entry.pk)
    return render(request, "finance/entry_form.html", fund_context(request, fund, form=form))


@require("finance.ledger", "view")
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
        form = forms.ReverseForm(request.POST or None, initial={"on": timezone.localdate()})
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
                refuse(form, exc)
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
        fund_context(
            request,
            entry.fund,
            entry=entry,
            lines=queries.entry_lines(entry=entry),
            reversed_by=reversed_by,
            form=form,
        ),
    )


@require("finance.ledger", "view")
def account_ledger(request: HttpRequest, account_id: int) -> HttpResponse:
    """An account's lines between two days with the running balance."""
    today = timezone.localdate()
    start = _date_param(request, "start", today.replace(month=1, day=1))
    end = _date_param(request, "end", today)
    ledger_ = queries.account_ledger(viewer=request.user, account_id=account_id, start=start, end=end)
    return render(
        request,
        "finance/account_ledger.html",
        fund_context(request, ledger_.account.fund, ledger=ledger_, start=start, end=end),
    )


def _date_param(request: HttpRequest, name: str, default: dt.date) -> dt.date:
    return read_thai_date(request.GET.get(name, "")) or default


@require("finance.ledger", "view")
def statements(request: HttpRequest, fund_id: int) -> HttpResponse:
    """Trial balance, balance sheet and income statement as of any day, for one book or all of them."""
    fund = queries.fund_get(viewer=request.user, fund_id=fund_id)
    today = timezone.localdate()
    form = forms.StatementsForm(request.GET or None, books=book_choices(fund))
    as_of, start, book = today, None, None
    if form.is_bound and form.is_valid():
        as_of = form.cleaned_data["as_of"] or today
        start = form.cleaned_data["start"]
        book = book_of(fund, form.cleaned_data["book"])
    if start is None:
        month = fund.fiscal_year_start_month
        start = dt.date(as_of.year if as_of.month >= month else as_of.year - 1, month, 1)
    ctx = fund_context(
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
@require_http_methods(["GET", "POST"])
def period_close(request: HttpRequest, fund_id: int) -> HttpResponse:
    fund = queries.fund_managed(viewer=request.user, fund_id=fund_id)
    last_month_end = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
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
            refuse(form, exc)
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
        fund_context(request, fund, form=form, closes=queries.period_closes(fund=fund)),
    )


# Funds with more active loans than this run their month end on the task worker; smaller ones at once.
MONTH_END_DIRECT_LOANS = 2_000


@require("finance.ledger", "change")
@require_http_methods(["GET", "POST"])
def month_end(request: HttpRequest, fund_id: int) -> HttpResponse:
    """The treasurer runs the month end of their fund (days past due, aging, accrued interest): at once
    for a small fund, on the task worker for a large one, with its status on the page."""
    fund = queries.fund_managed(viewer=request.user, fund_id=fund_id)
    last_month_end = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    form = forms.MonthEndForm(request.POST or None, initial={"as_of": last_month_end})
    if request.method == "POST" and form.is_valid():
        as_of = form.cleaned_data["as_of"]
        if as_of >= timezone.localdate():
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
    ctx = fund_context(
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
