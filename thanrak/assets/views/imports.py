"""Import a register (community forests, โคก หนอง นา sites) from a CSV or XLSX file."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from thanrak.accounts.scope import OutsideScope
from thanrak.assets import actions
from thanrak.assets import forms as f
from thanrak.core.access import require
from thanrak.core.forms import refuse

COLUMNS = {
    "forests": "name/ชื่อ, area_code/รหัสพื้นที่, legal_status/สถานะ, registration_no/เลขทะเบียน, "
    "approved_on/วันที่อนุมัติ, organisation_id/รหัสองค์กร",
    "sites": "kind/ประเภท (CLM, HLM), name/ชื่อ, area_code/รหัสพื้นที่, started_on/วันที่เริ่ม, "
    "finished_on/วันที่แล้วเสร็จ, organisation_id/รหัสองค์กร, household_id/เลขครัวเรือน, programme/โครงการ",
}


def _import(request: HttpRequest, register: str, title: str, back: str) -> HttpResponse:
    form = f.ImportForm(request.POST or None, request.FILES or None)
    issues = []
    if request.method == "POST" and form.is_valid():
        try:
            actions.register_import(
                register=register, source=form.cleaned_data["file"].read(), by=request.user, at=timezone.now()
            )
        except actions.ImportRefused as error:
            issues = error.issues
            form.add_error(None, error.message)
        except OutsideScope as error:
            refuse(form, error)
        else:
            return redirect(back)
    context = {"form": form, "title": title, "issues": issues, "columns": COLUMNS[register], "back": back}
    status = 422 if form.is_bound and (form.errors or issues) else 200
    return render(request, "assets/import_page.html", context, status=status)


@require("assets.forest", "change")
def forest_import(request: HttpRequest) -> HttpResponse:
    return _import(request, "forests", _("Import community forests"), "assets:forest-list")


@require("assets.site", "change")
def site_import(request: HttpRequest) -> HttpResponse:
    return _import(request, "sites", _("Import โคก หนอง นา sites"), "assets:site-list")
