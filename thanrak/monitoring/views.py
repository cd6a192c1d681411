"""Pages of the monitoring module. Each view parses input, makes one call into actions or queries
and turns domain errors into messages."""

import datetime as dt
import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thanrak.accounts.scope import OutsideScope, scope_of
from thanrak.core.access import require, user_may
from thanrak.core.clientip import client_ip
from thanrak.core.errors import DomainError
from thanrak.core.fiscal import FiscalYear
from thanrak.core.redirects import safe_next
from thanrak.core.tabular import Issue, TableError
from thanrak.monitoring import actions, charts, computed, exchange, forms, periods, queries, report, tasks
from thanrak.monitoring.models import ImportFormat, ValueStatus
from thanrak.monitoring.seed import DOCUMENT


def _lang() -> str:
    return get_language() or "th"


def _today() -> dt.date:
    return timezone.localdate()


def _area_and_year(request: HttpRequest) -> tuple[str, int, forms.FilterForm]:
    """The area (default: the viewer's own) and fiscal year (default: the latest with figures)."""
    form = forms.FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    area = data.get("area") if "area" in request.GET else queries.default_area(request.user)
    area = actions.clean_area_code(area or "")
    fy = data.get("fy") or queries.default_fiscal_year(request.user, area, today=_today())
    return area, fy, form


def _outside(request: HttpRequest, area: str) -> HttpResponse:
    return render(
        request,
        "monitoring/outside.html",
        {"area": area or "TH", "home": queries.default_area(request.user)},
        status=403,
    )


# --- dashboards --------------------------------------------------------------------------------------


@require("monitoring.dashboard", "view")
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Achieved against target for every indicator with figures in the area, with charts."""
    area, fy, form = _area_and_year(request)
    approved = request.GET.get("approved") == "on"
    try:
        data = queries.dashboard(
            viewer=request.user,
            area_code=area,
            fiscal_year=fy,
            policy_item=request.GET.get("item", ""),
            approved_only=approved,
        )
    except OutsideScope:
        return _outside(request, area)
    spec = charts.percent_of_target(
        data.lines,
        title=_("Achieved against target"),
        label_pct=_("Percent of target"),
        label_indicator=_("Indicator"),
    )
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "data": data,
            "form": form,
            "area": area,
            "fy": fy,
            "approved": approved,
            "years": queries.fiscal_year_choices(request.user, today=_today()),
            "items": queries.policy_items(),
            "item": request.GET.get("item", ""),
            "chart": spec,
            "lang": _lang(),
            "breadcrumbs": _breadcrumbs(area, {"fy": fy}, user=request.user),
        },
    )


def _breadcrumbs(
    area: str,
    params: dict[str, Any],
    url_name: str = "monitoring:dashboard",
    args: tuple = (),
    user: Any = None,
) -> list[tuple[str, str]]:
    """The areas above this one that the viewer may open, widest first."""
    scope = scope_of(user)
    codes = [
        c
        for c in ["", *(area[:n] for n in (2, 4, 6, 8) if n <= len(area))]
        if scope.everything or (c and scope.covers_area(c))
    ]
    names = queries.area_names(codes)
    base = reverse(url_name, args=args)
    return [(names.get(c, c), f"{base}?{urlencode({**params, 'area': c})}") for c in codes]


@require("monitoring.dashboard", "view")
@require_GET
def indicator_detail(request: HttpRequest, indicator_id: int) -> HttpResponse:
    """One indicator in an area: figure and its sources, five-year trend, months, drill-down and map."""
    try:
        indicator = queries.indicator_get(viewer=request.user, indicator_id=indicator_id)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    area, fy, _form = _area_and_year(request)
    approved = request.GET.get("approved") == "on"
    try:
        view = queries.indicator_view(
            viewer=request.user, indicator=indicator, area_code=area, fiscal_year=fy, approved_only=approved
        )
    except OutsideScope:
        return _outside(request, area)
    lang = _lang()
    unit = indicator.unit_word(lang)
    trend = charts.trend(
        unit,
        view.trend,
        title=_("Fiscal years"),
        achieved=_("Achieved"),
        target=_("Target"),
        year=_("Fiscal year"),
    )
    monthly = charts.monthly(
        indicator,
        view.monthly,
        title=_("Month by month"),
        month=_("Month"),
        cumulative=_("Running total"),
        lang=lang,
    )
    map_data = None
    if view.children and charts.shapes_for(area):
        known = set(queries.area_names(charts.shapes_for(area).keys()))
        map_data = charts.map_data(area, view.children, known=known, lang=lang)
        map_data["geo_url"] = reverse("monitoring:geo") + "?" + urlencode({"parent": area})
    return render(
        request,
        "monitoring/indicator_detail.html",
        {
            "indicator": indicator,
            "view": view,
            "area": area,
            "area_name": queries.area_name(area, lang),
            "fy": fy,
            "approved": approved,
            "trend": trend,
            "monthly": monthly,
            "map": map_data,
            "years": queries.fiscal_year_choices(request.user, today=_today()),
            "breadcrumbs": _breadcrumbs(
                area, {"fy": fy}, "monitoring:indicator", (indicator.pk,), user=request.user
            ),
            "may_set_target": user_may(request.user, "monitoring.target", "change"),
        },
    )


@require("monitoring.dashboard", "view")
@require_GET
def geo_shapes(request: HttpRequest) -> JsonResponse:
    """GeoJSON of the areas directly below ?parent= (provinces for the country, a province's districts)."""
    parent = request.GET.get("parent", "")
    if parent and (not parent.isdigit() or len(parent) != 2):
        return JsonResponse({"detail": "parent must be empty or a province code"}, status=400)
    shapes = charts.shapes_for(parent)
    return JsonResponse(charts.feature_collection(parent, queries.area_names(shapes.keys())))


@require("monitoring.dashboard", "view")
@require_GET
def home_panel(request: HttpRequest) -> HttpResponse:
    """The monitoring panel on a person's home page (an HTML fragment)."""
    return render(
        request, "monitoring/panel.html", {"panel": queries.panel(viewer=request.user, today=_today())}
    )


# --- programmes, indicators, targets -------------------------------------------------------------


@require("monitoring.programme", "view")
@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    """The policy tree: every policy item with its programmes and their indicators."""
    return render(
        request,
        "monitoring/programme_list.html",
        {
            "tree": queries.prefetch_programmes(),
            "may_change": user_may(request.user, "monitoring.programme", "change"),
        },
    )


@require("monitoring.programme", "view")
@require_GET
def programme_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    try:
        programme = queries.programme_get(viewer=request.user, programme_id=programme_id)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "monitoring/programme_detail.html",
        {
            "programme": programme,
            "indicators": queries.indicator_list(viewer=request.user, programme=programme, active_only=False),
            "may_change": user_may(request.user, "monitoring.programme", "change"),
        },
    )


@require("monitoring.programme", "change")
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    form = forms.ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = actions.programme_create(by=request.user, at=timezone.now(), **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Programme %(s)s was created.") % {"s": programme.section})
            return redirect("monitoring:programme", programme.pk)
    return render(request, "monitoring/programme_form.html", {"form": form})


@require("monitoring.programme", "change")
@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest, programme_id: int) -> HttpResponse:
    try:
        programme = queries.programme_get(viewer=request.user, programme_id=programme_id)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    form = forms.IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            indicator = actions.indicator_create(
                by=request.user, at=timezone.now(), programme=programme, **data
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Indicator %(c)s was created.") % {"c": indicator.code})
            return redirect("monitoring:programme", programme.pk)
    return render(request, "monitoring/indicator_form.html", {"form": form, "programme": programme})


@require("monitoring.target", "change")
@require_http_methods(["GET", "POST"])
def target_set(request: HttpRequest, indicator_id: int) -> HttpResponse:
    """Set an indicator's target for a fiscal year and area (history kept)."""
    try:
        indicator = queries.indicator_get(viewer=request.user, indicator_id=indicator_id)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    initial = {"fiscal_year": FiscalYear.of(_today()).year_be, "basis": "STATED"}
    form = forms.TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            change = actions.target_set(
                indicator=indicator,
                area_code=d["area"],
                fiscal_year=d["fiscal_year"],
                amount=d["value"],
                by=request.user,
                at=timezone.now(),
                basis=d["basis"],
                note=d["note"],
            )
        except DomainError as exc:
            form.add_error(
                {"value": "value", "area_code": "area", "fiscal_year": "fiscal_year"}.get(
                    exc.field or "", None
                ),
                str(exc),
            )
        else:
            if change.created or change.changed:
                messages.success(request, _("The target was saved."))
            else:
                messages.info(request, _("The target was already this; nothing changed."))
            return redirect("monitoring:target-set", indicator.pk)
    targets = queries.target_list(viewer=request.user, indicator=indicator)
    return render(
        request, "monitoring/target_form.html", {"form": form, "indicator": indicator, "targets": targets}
    )


# --- values: list, history, entry --------------------------------------------------------------------


@require("monitoring.value", "view")
@require_GET
def value_list(request: HttpRequest) -> HttpResponse:
    """Values the viewer may see, filtered by indicator, area, fiscal year and status."""
    indicator = None
    if request.GET.get("indicator", "").isdigit():
        indicator = (
            queries.indicator_list(viewer=request.user, active_only=False)
            .filter(pk=request.GET["indicator"])
            .first()
        )
    area = actions.clean_area_code(request.GET.get("area", ""))
    fy = request.GET.get("fy", "")
    values = queries.value_list(
        viewer=request.user,
        indicator=indicator,
        area_code=area,
        fiscal_year=int(fy) if fy.isdigit() else None,
        status=request.GET.get("status", ""),
        exact_area=request.GET.get("exact") == "1",
    )
    page = Paginator(values, 50).get_page(request.GET.get("page"))
    names = queries.area_names(v.area_code for v in page.object_list)
    return render(
        request,
        "monitoring/value_list.html",
        {
            "page": page,
            "indicator": indicator,
            "area": area,
            "fy": fy,
            "names": names,
            "statuses": ValueStatus.choices,
            "status": request.GET.get("status", ""),
        },
    )


@require("monitoring.value", "view")
@require_GET
def value_detail(request: HttpRequest, value_id: int) -> HttpResponse:
    """Where a number comes from: its history (who, when, from what), file, computation or report."""
    try:
        value = queries.value_get(viewer=request.user, value_id=value_id)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    period = periods.parse(value.period, fiscal_year=value.fiscal_year)
    return render(
        request,
        "monitoring/value_detail.html",
        {
            "value": value,
            "period_label": period.label(_lang()),
            "area_name": queries.area_name(value.area_code, _lang()),
            "history": queries.value_history(value=value),
            "origin": queries.value_origin(value=value),
        },
    )


def _grid_problems(issues: list[Issue], rows: list[Any]) -> tuple[dict[str, str], str]:
    """Each refused cell's problem by area code, and one message naming the cells (a grid is not a file)."""
    cells = {i: (code, name) for i, (code, name, _e) in enumerate(rows, start=1)}
    not_a_number = str(_("%(text)s is not a number."))
    errors: dict[str, str] = {}
    for issue in issues:
        code, _name = cells.get(issue.row or 0, ("", ""))
        text = str(issue.message)
        if text == not_a_number and issue.column == actions.COLUMNS["value"]:
            text = _("“%(text)s” is not a number: type it in digits, such as 19 or ๑๙.")
        errors.setdefault(code, text % issue.params if issue.params else text)
    refused = list(dict.fromkeys(i.row for i in issues if i.row in cells))
    named = "; ".join(f"{cells[row][1]}: {errors[cells[row][0]]}" for row in refused[:5])
    return errors, _("Nothing was saved: %(count)s value(s) to correct. %(problems)s") % {
        "count": len(errors),
        "problems": named,
    }


@require("monitoring.value", "change")
@require_http_methods(["GET", "POST"])
def value_entry(request: HttpRequest) -> HttpResponse:
    """Type the values of one indicator and period for the areas under yours (a district's
    subdistricts…), all saved together or none."""
    default_area = queries.default_area(request.user)
    data = request.POST if request.method == "POST" else request.GET
    choice = forms.EntryChoiceForm(
        data or None,
        initial={"area": "" if default_area == "-" else default_area, "period": periods.month(_today()).code},
    )
    rows, errors = [], {}
    if choice.is_valid():
        indicator, period, area = (
            choice.cleaned_data["indicator"],
            choice.cleaned_data["period"],
            actions.clean_area_code(choice.cleaned_data["area"]),
        )
        try:
            rows = queries.entry_rows(viewer=request.user, indicator=indicator, area_code=area, period=period)
        except OutsideScope:
            return _outside(request, area)
        except periods.InvalidPeriod:
            choice.add_error("period", _("Use a period code such as 2569-01, FY2569Q1 or FY2569."))
        if request.method == "POST" and rows and "save" in request.POST:
            entries = [
                actions.RowIn(
                    row=i,
                    indicator_code=indicator.code,
                    area_code=code,
                    period=period,
                    amount=request.POST.get(f"value-{code}", ""),
                    comment=request.POST.get(f"comment-{code}", ""),
                )
                for i, (code, _name, existing) in enumerate(rows, start=1)
                if request.POST.get(f"value-{code}", "").strip()
                and (existing is None or existing.status == ValueStatus.DRAFT)
            ]
            try:
                result = actions.values_enter(rows=entries, by=request.user, at=timezone.now())
            except actions.ImportRejected as exc:
                errors, problem = _grid_problems(exc.issues, rows)
                messages.error(request, problem)
            else:
                messages.success(
                    request,
                    _("Saved: %(c)s new, %(u)s changed, %(n)s unchanged.")
                    % {"c": result.created, "u": result.updated, "n": result.unchanged},
                )
                return redirect(
                    f"{reverse('monitoring:entry')}?{urlencode({'indicator': indicator.pk, 'period': period, 'area': area})}"
                )
    typed = [
        (code, name, existing, request.POST.get(f"value-{code}") if request.method == "POST" else None)
        for code, name, existing in rows
    ]
    return render(request, "monitoring/value_entry.html", {"choice": choice, "rows": typed, "errors": errors})


# --- workflow ----------------------------------------------------------------------------------------


@require("monitoring.workflow", "view")
@require_GET
def workflow(request: HttpRequest) -> HttpResponse:
    """Draft, submitted and approved values per area and month; submit, approve, return, lock."""
    area, fy, _form = _area_and_year(request)
    try:
        rows = queries.workflow_overview(viewer=request.user, area_code=area, fiscal_year=fy)
    except OutsideScope:
        return _outside(request, area)
    return render(
        request,
        "monitoring/workflow.html",
        {
            "rows": rows,
            "area": area,
            "fy": fy,
            "area_name": queries.area_name(area, _lang()),
            "events": queries.workflow_events(viewer=request.user, area_code=area, fiscal_year=fy),
            "locks": queries.lock_list(fiscal_year=fy),
            "lock_form": forms.LockForm(initial={"period": f"FY{fy}"}),
            "may_submit": user_may(request.user, "monitoring.workflow", "change"),
            "may_approve": user_may(request.user, "monitoring.workflow", "approve"),
            "may_lock": user_may(request.user, "monitoring.lock", "change")
            and scope_of(request.user).everything,
            "years": queries.fiscal_year_choices(request.user, today=_today()),
        },
    )


def _workflow_post(request: HttpRequest, action: Any, done: str) -> HttpResponse:
    form = forms.WorkflowForm(request.POST)
    back = safe_next(request, reverse("monitoring:workflow"))
    if not form.is_valid():
        messages.error(request, _("Choose an area and a period."))
        return redirect(back)
    d = form.cleaned_data
    try:
        event = action(
            area_code=d["area"], period=d["period"], by=request.user, at=timezone.now(), comment=d["comment"]
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done % {"n": event.value_count, "period": event.period})
    return redirect(back)


@require("monitoring.workflow", "change")
@require_POST
def workflow_submit(request: HttpRequest) -> HttpResponse:
    return _workflow_post(
        request, actions.workflow_submit, _("%(n)s value(s) of %(period)s were submitted for approval.")
    )


@require("monitoring.workflow", "approve")
@require_POST
def workflow_approve(request: HttpRequest) -> HttpResponse:
    return _workflow_post(request, actions.workflow_approve, _("%(n)s value(s) of %(period)s were approved."))


@require("monitoring.workflow", "approve")
@require_POST
def workflow_return(request: HttpRequest) -> HttpResponse:
    return _workflow_post(
        request, actions.workflow_return, _("%(n)s value(s) of %(period)s were returned for correction.")
    )


@require("monitoring.lock", "change")
@require_POST
def period_lock(request: HttpRequest) -> HttpResponse:
    form = forms.LockForm(request.POST)
    if form.is_valid():
        try:
            lock = actions.period_lock(
                period=form.cleaned_data["period"],
                by=request.user,
                at=timezone.now(),
                include_unapproved=form.cleaned_data["include_unapproved"],
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(p)s is locked.") % {"p": lock.period})
    else:
        messages.error(request, _("Give a period to lock."))
    return redirect(
        f"{reverse('monitoring:workflow')}?{urlencode({'area': '', 'fy': request.POST.get('fy', '')})}"
    )


@require("monitoring.lock", "change")
@require_http_methods(["GET", "POST"])
def period_reopen(request: HttpRequest, lock_id: int) -> HttpResponse:
    """Reopen a locked period; the reason is required and goes to the audit log."""
    try:
        lock = queries.lock_get(lock_id=lock_id)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    form = forms.ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.period_reopen(
                lock=lock,
                by=request.user,
                at=timezone.now(),
                reason=form.cleaned_data["reason"],
                ip=client_ip(request),
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("%(p)s is open again; the reopening is in the audit log.") % {"p": lock.period}
            )
            return redirect(
                f"{reverse('monitoring:workflow')}?{urlencode({'area': '', 'fy': lock.fiscal_year})}"
            )
    return render(request, "monitoring/reopen_form.html", {"form": form, "lock": lock})


# --- exchange ----------------------------------------------------------------------------------------


@require("monitoring.value", "view")
@require_GET
def exchange_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "monitoring/exchange.html",
        {
            "upload": forms.UploadForm(),
            "export": forms.ExportForm(initial={"area": queries.default_area(request.user).replace("-", "")}),
            "may_import": user_may(request.user, "monitoring.value", "import"),
            "may_export": user_may(request.user, "monitoring.value", "export"),
        },
    )


@require("monitoring.value", "import")
@require_POST
def exchange_import(request: HttpRequest) -> HttpResponse:
    """Import values from CSV, Excel or DHIS2 JSON: every row is checked, then all or none saved."""
    from django.conf import settings

    form = forms.UploadForm(request.POST, request.FILES)
    context: dict[str, Any] = {
        "upload": form,
        "export": forms.ExportForm(),
        "may_import": True,
        "may_export": user_may(request.user, "monitoring.value", "export"),
    }
    if not form.is_valid():
        return render(request, "monitoring/exchange.html", context, status=400)
    upload = form.cleaned_data["file"]
    data = upload.read(settings.THANRAK_MAX_IMPORT_BYTES + 1)
    dry_run = form.cleaned_data["dry_run"]
    try:
        result = _import(data, upload.name, request, dry_run=dry_run)
    except (TableError, actions.ImportRejected) as exc:
        context["issues"] = exc.issues
        context["problem"] = (
            str(exc) if isinstance(exc, actions.ImportRejected) else _("The file could not be read.")
        )
        return render(request, "monitoring/exchange.html", context, status=422)
    context["result"] = result
    return render(request, "monitoring/exchange.html", context)


def _import(data: bytes, name: str, request: HttpRequest, *, dry_run: bool) -> actions.ImportResult:
    from django.conf import settings

    if len(data) > settings.THANRAK_MAX_IMPORT_BYTES:
        raise TableError([Issue(None, None, _("The file is too large."))])
    if name.lower().endswith(".json") or data.lstrip()[:1] in (b"{", b"["):
        read = exchange.read_dhis2(data)
        return actions.values_import(
            rows=read.rows,
            issues=read.issues,
            by=request.user,
            at=timezone.now(),
            format=ImportFormat.DHIS2,
            filename=name,
            dry_run=dry_run,
            column_names=exchange.DHIS2_COLUMNS,
        )
    rows = exchange.read_values_table(data)
    fmt = ImportFormat.XLSX if data.startswith(b"PK") else ImportFormat.CSV
    return actions.values_import(
        rows=rows, by=request.user, at=timezone.now(), format=fmt, filename=name, dry_run=dry_run
    )


@require("monitoring.value", "export")
@require_GET
def exchange_export(request: HttpRequest) -> HttpResponse:
    """Values the viewer may see, as CSV, Excel or a DHIS2 dataValueSets document."""
    form = forms.ExportForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Choose a format."))
        return redirect("monitoring:exchange")
    d = form.cleaned_data
    values = queries.value_list(
        viewer=request.user,
        indicator=d["indicator"],
        area_code=actions.clean_area_code(d["area"] or ""),
        fiscal_year=d["fy"],
    ).select_related("indicator", "updated_by")
    stamp = timezone.localdate().isoformat()
    if d["format"] == "dhis2":
        doc, skipped = exchange.write_dhis2(values)
        response = HttpResponse(
            json.dumps(doc, ensure_ascii=False, indent=1), content_type="application/json"
        )
        response["X-Thanrak-Skipped"] = str(skipped)
        response["Content-Disposition"] = f'attachment; filename="monitoring-dataValueSets-{stamp}.json"'
        return response
    names = queries.area_names(values.values_list("area_code", flat=True).distinct())
    body = exchange.write_values(values, format=d["format"], names=names)
    ctype = (
        "text/csv; charset=utf-8"
        if d["format"] == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="monitoring-values-{stamp}.{d["format"]}"'
    return response


# --- the report -------------------------------------------------------------------------------------


def _report_params(request: HttpRequest) -> tuple[int, str, bool]:
    form = forms.ReportForm(request.GET)
    fy = FiscalYear.of(_today()).year_be
    if form.is_valid():
        return (
            form.cleaned_data["fy"],
            actions.clean_area_code(form.cleaned_data["area"] or ""),
            form.cleaned_data["digits"] != "arabic",
        )
    default = queries.default_area(request.user)
    return (
        queries.default_fiscal_year(request.user, "" if default == "-" else default, today=_today()) or fy,
        "" if default == "-" else default,
        True,
    )


@require("monitoring.report", "view")
@require_GET
def report_page(request: HttpRequest) -> HttpResponse:
    """The policy report in the page, with links to download it as PDF or HTML."""
    fy, area, thai = _report_params(request)
    if not scope_of(request.user).everything and area == "":
        area = queries.default_area(request.user)
    try:
        built = report.build(
            fiscal_year=fy,
            area_code=area,
            at=timezone.now(),
            viewer=request.user,
            thai_digits=thai,
            lang=_lang(),
        )
    except OutsideScope:
        return _outside(request, area)
    body = report.render_html(built, standalone=False)
    query = urlencode({"fy": fy, "area": area, "digits": "thai" if thai else "arabic"})
    return render(
        request,
        "monitoring/report.html",
        {
            "body": body,
            "fy": fy,
            "area": area,
            "thai": thai,
            "query": query,
            "years": queries.fiscal_year_choices(request.user, today=_today()),
            "may_export": user_may(request.user, "monitoring.report", "export"),
        },
    )


@require("monitoring.report", "export")
@require_GET
def report_download(request: HttpRequest) -> HttpResponse:
    fy, area, thai = _report_params(request)
    if not scope_of(request.user).everything and area == "":
        area = queries.default_area(request.user)
    fmt = request.GET.get("format", "pdf")
    try:
        built = report.build(
            fiscal_year=fy,
            area_code=area,
            at=timezone.now(),
            viewer=request.user,
            thai_digits=thai,
            lang=_lang(),
        )
    except OutsideScope as exc:
        raise PermissionDenied from exc
    name = f"policy7-report-{fy}{'-' + area if area else ''}"
    if fmt == "html":
        response = HttpResponse(report.render_html(built), content_type="text/html; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.html"'
        return response
    response = HttpResponse(report.render_pdf(built), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@require("monitoring.report", "view")
@require_GET
def published(request: HttpRequest) -> HttpResponse:
    """Every figure of the published report next to the number Thanrak computes for it."""
    document = request.GET.get("document") or DOCUMENT
    checks = queries.published_checks(viewer=request.user, document=document)
    return render(
        request,
        "monitoring/published.html",
        {
            "checks": checks,
            "document": document,
            "matching": sum(c.matches for c in checks),
            "documents": queries.documents(),
        },
    )


# --- computations -----------------------------------------------------------------------------------


@require("monitoring.computation", "view")
@require_GET
def computation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "monitoring/computation_list.html",
        {
            "items": queries.computation_list(),
            "rollups": queries.rollup_runs(),
            "may_refresh": user_may(request.user, "monitoring.computation", "change"),
            "fy": FiscalYear.of(_today()).year_be,
        },
    )


@require("monitoring.computation", "view")
@require_GET
def computation_detail(request: HttpRequest, name: str) -> HttpResponse:
    try:
        info = queries.computation_get(name=name)
    except computed.UnknownComputation as exc:
        raise Http404 from exc
    return render(request, "monitoring/computation_detail.html", {"info": info})


@require("monitoring.computation", "change")
@require_POST
def computation_refresh(request: HttpRequest) -> HttpResponse:
    """Queue a refresh of every computed indicator (a worker runs it; the list shows each run)."""
    fy = request.POST.get("fy", "")
    years = [int(fy)] if fy.isdigit() and 2400 <= int(fy) <= 2700 else None
    result = tasks.refresh_computations.enqueue(fiscal_years=years, user_id=request.user.pk)
    messages.success(
        request,
        _("The refresh was queued (%(id)s); figures update when it has run.") % {"id": str(result.id)[:8]},
    )
    return redirect("monitoring:computations")
