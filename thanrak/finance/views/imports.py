"""Bringing a group's paper books in from a spreadsheet."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thanrak.core.access import require
from thanrak.core.errors import DomainError
from thanrak.core.forms import refuse
from thanrak.finance import actions, forms, importing, queries
from thanrak.finance.views.common import fund_context


@require("finance.member", "import")
@require_http_methods(["GET", "POST"])
def fund_import(request: HttpRequest, fund_id: int) -> HttpResponse:
    """Bring a group's paper books in from CSV or Excel, all or nothing, with a report naming row and
    column."""
    fund = queries.fund_get(viewer=request.user, fund_id=fund_id)
    if not queries.may_set_up(viewer=request.user, fund=fund):
        raise PermissionDenied("finance.member:import")
    if request.GET.get("template"):
        response = HttpResponse(importing.template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="thanrak-fund-import.csv"'
        return response
    form = forms.ImportForm(
        request.POST or None, request.FILES or None, initial={"opening_date": timezone.localdate()}
    )
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
            refuse(form, exc)
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
        fund_context(
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
