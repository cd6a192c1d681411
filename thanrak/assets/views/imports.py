"""Import a register (community forests, โคก หนอง นา sites, land plots, housing units, equipment) from a
CSV or XLSX file; `?template=csv` or `?template=xlsx` downloads the empty file to fill in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from thanrak.accounts.scope import OutsideScope
from thanrak.assets import actions, exports
from thanrak.assets import forms as f
from thanrak.core.access import require
from thanrak.core.forms import refuse

COLUMNS = {
    "forests": "name/ชื่อ, area_code/รหัสพื้นที่, legal_status/สถานะ, registration_no/เลขทะเบียน, "
    "approved_on/วันที่อนุมัติ, organisation_id/รหัสองค์กร",
    "sites": "kind/ประเภท (CLM, HLM), name/ชื่อ, area_code/รหัสพื้นที่, started_on/วันที่เริ่ม, "
    "finished_on/วันที่แล้วเสร็จ, organisation_id/รหัสองค์กร, household_id/เลขครัวเรือน, programme/โครงการ",
    "plots": "house_code/รหัสประจำบ้าน, programme/โครงการ, tenure/ประเภทสิทธิ (RIGHT_OF_USE, LEASE, SPK, "
    "OWNERSHIP, OTHER), allocated_on/วันที่จัดสรร, ends_on/วันที่สิ้นสุดสิทธิ, conditions/เงื่อนไข, "
    "survey_status/สถานะการรังวัด (NOT_SURVEYED, SURVEYED, VERIFIED), surveyed_on/วันที่รังวัด",
    "housing": "house_code/รหัสประจำบ้าน, programme/โครงการ, work/งาน (BUILD, REPAIR), cost_baht/ค่าใช้จ่าย, "
    "stage/ขั้นงาน (PLANNED, STARTED, STRUCTURE, FINISHED, HANDED_OVER), started_on/วันที่เริ่ม, "
    "handed_over_on/วันที่ส่งมอบ",
    "equipment": "organisation_id/รหัสองค์กร, kind/ชนิด, name/ชื่อ, fee_unit/หน่วยค่าบริการ (HOUR, DAY, RAI), "
    "fee_baht/ค่าบริการ, condition/สภาพ, kept_at/ที่เก็บ",
}


def _import(request: HttpRequest, register: str, title: str, back: str) -> HttpResponse:
    if request.method == "GET" and request.GET.get("template"):
        blank = exports.template(register=register, fmt=request.GET["template"])
        response = HttpResponse(blank.body, content_type=blank.content_type)
        response["Content-Disposition"] = f'attachment; filename="{blank.filename}"'
        return response
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
    context = {
        "form": form,
        "title": title,
        "issues": issues,
        "columns": COLUMNS[register],
        "back": back,
        "template_url": request.path,
    }
    status = 422 if form.is_bound and (form.errors or issues) else 200
    return render(request, "assets/import_page.html", context, status=status)


@require("assets.forest", "change")
def forest_import(request: HttpRequest) -> HttpResponse:
    return _import(request, "forests", _("Import community forests"), "assets:forest-list")


@require("assets.site", "change")
def site_import(request: HttpRequest) -> HttpResponse:
    return _import(request, "sites", _("Import โคก หนอง นา sites"), "assets:site-list")


@require("assets.land", "change")
def plot_import(request: HttpRequest) -> HttpResponse:
    return _import(request, "plots", _("Import land plots allocated to households"), "assets:land-list")


@require("assets.land", "change")
def housing_import(request: HttpRequest) -> HttpResponse:
    return _import(request, "housing", _("Import housing units"), "assets:land-list")


@require("assets.equipment", "change")
def equipment_import(request: HttpRequest) -> HttpResponse:
    return _import(request, "equipment", _("Import shared equipment"), "assets:equipment-list")
