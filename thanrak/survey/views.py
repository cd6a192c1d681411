"""Pages of the survey: rounds and progress, the collection form, runs, target lists, dashboards."""

import json
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thanrak.accounts.actions import audit_record
from thanrak.accounts.models import AuditEvent
from thanrak.accounts.scope import scope_of
from thanrak.core.access import public, require, user_may
from thanrak.core.errors import DomainError
from thanrak.core.tabular import write_csv
from thanrak.geo.queries import place_name
from thanrak.survey import actions, queries, xlsform
from thanrak.survey.forms import (
    AssignmentForm,
    AssistanceForm,
    FileForm,
    IndicatorForm,
    ParametersForm,
    RoundForm,
    RunForm,
    VersionSettingsForm,
    WelfareForm,
)
from thanrak.survey.models import ResponseStatus
from thanrak.survey.validation import Instrument, check


def _get(fn: Any, **kwargs: Any) -> Any:
    try:
        return fn(**kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def _refusal(exc: Exception) -> str:
    """What a person reads when an action refuses: the rule's own words, or that the area is not theirs."""
    if isinstance(exc, DomainError):
        return str(exc)
    return _("This round covers more than your areas: an officer of its whole area does this.")


def _may_run(request: HttpRequest, round_: Any) -> bool:
    """Evaluating a round and running targeting take the whole round's area (OutsideScope otherwise)."""
    return user_may(request.user, "survey.targeting", "change") and scope_of(request.user).covers_area(
        round_.area_code
    )


def _upload(request: HttpRequest, form: FileForm) -> bytes:
    """The uploaded bytes; a half-uploaded or oversized file surfaces as a DomainError message."""
    f = form.cleaned_data["file"]
    if f.size > settings.THANRAK_MAX_IMPORT_BYTES:
        raise DomainError(
            _("The file is larger than %(mb)s MB.") % {"mb": settings.THANRAK_MAX_IMPORT_BYTES // 2**20}
        )
    return f.read()


# --- rounds --------------------------------------------------------------------------------------


@public
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The collector's service worker, served from /survey/ so that it may answer for the pages
    there when the network is gone (a worker's reach is the folder it is served from). Code only."""
    path = settings.BASE_DIR / "thanrak" / "survey" / "static" / "survey" / "survey-sw.js"
    response = HttpResponse(path.read_text(encoding="utf-8"), content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response


@require("survey.round", "view")
@require_http_methods(["GET", "POST"])
def round_list(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST or None)
    if request.method == "POST":
        if not user_may(request.user, "survey.round", "change"):
            raise PermissionDenied
        if form.is_valid():
            try:
                round_ = actions.round_create(by=request.user, at=timezone.now(), **form.cleaned_data)
            except (DomainError, PermissionError) as exc:
                form.add_error(
                    None, str(exc) if isinstance(exc, DomainError) else _("This area is outside yours.")
                )
            else:
                messages.success(request, _("The round was opened."))
                return redirect("survey:round-detail", round_id=round_.pk)
    rounds = queries.round_list(viewer=request.user)
    may_manage = user_may(request.user, "survey.round", "change")
    return render(
        request, "survey/round_list.html", {"rounds": rounds, "form": form, "may_manage": may_manage}
    )


@require("survey.round", "view")
@require_http_methods(["GET", "POST"])
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _get(queries.round_get, viewer=request.user, round_id=round_id)
    may_manage = user_may(request.user, "survey.round", "change")
    form = None
    if may_manage:
        form = AssignmentForm(
            request.POST or None,
            villages=list(queries.village_choices(viewer=request.user, round_=round_)[:3000]),
            volunteers=list(queries.volunteer_choices(viewer=request.user, round_=round_)),
        )
        if request.method == "POST" and form.is_valid():
            from thanrak.accounts.models import User
            from thanrak.geo.models import Village

            try:
                actions.assignment_set(
                    round_=round_,
                    village=Village.objects.get(code=form.cleaned_data["village"]),
                    collector=User.objects.get(pk=form.cleaned_data["collector"]),
                    by=request.user,
                    at=timezone.now(),
                )
                messages.success(request, _("The village was assigned."))
                return redirect(request.get_full_path())
            except (DomainError, PermissionError) as exc:
                form.add_error(None, _refusal(exc))
    total, rows = queries.round_progress(
        viewer=request.user, round_=round_, area_code=request.GET.get("area", "")
    )
    return render(
        request,
        "survey/round_detail.html",
        {
            "round": round_,
            "total": total,
            "rows": rows,
            "form": form,
            "may_manage": may_manage,
            "assignments": queries.assignment_list(viewer=request.user, round_=round_),
            "runs": queries.run_list(viewer=request.user, round_=round_)[:20],
            "may_run": _may_run(request, round_),
            "may_import": user_may(request.user, "survey.response", "import"),
        },
    )


@require("survey.response", "view")
def village_households(request: HttpRequest, round_id: int, village_code: str) -> HttpResponse:
    round_ = _get(queries.round_get, viewer=request.user, round_id=round_id)
    rows = queries.village_households(viewer=request.user, round_=round_, village_code=village_code)
    return render(
        request,
        "survey/village_households.html",
        {
            "round": round_,
            "rows": rows,
            "village_code": village_code,
            "ResponseStatus": ResponseStatus,
            "place": place_name(code=village_code),
        },
    )


def _form_context(
    round_: Any,
    household: Any,
    members: list,
    household_raw: dict,
    members_raw: dict,
    problems: list,
    jump: bool = False,
) -> dict[str, Any]:
    """The form's fields with their problems; each field with a problem links to the next one, the
    count at the top to the first, and after a refused submit the first takes the focus (`jump`)."""
    inst = Instrument.of(round_.version)
    # Every member, answered or not yet, so a new form starts with the ages the registry's birth
    # dates give on the round's reference date (and the questions those ages ask).
    members_raw = {m.person_id: members_raw.get(m.person_id, {}) for m in members}
    checked = check(
        inst,
        reference_date=round_.reference_date,
        household_raw=household_raw,
        members_raw=members_raw,
        persons={m.person_id: m.person for m in members},
        complete=False,
    )
    by_field: dict[str, list[str]] = {}
    for p in problems or checked.problems:
        by_field.setdefault(p.field, []).append(p.text)
    hh_fields = [
        {
            "q": q,
            "name": f"hh-{q.name}",
            "value": household_raw.get(q.name, ""),
            "errors": by_field.get(f"hh-{q.name}", []),
        }
        for q in inst.household_questions()
    ]
    member_blocks = []
    for m in members:
        raw = members_raw.get(m.person_id, {})
        age = checked.members.get(m.person_id, {}).get("age")
        answers = checked.members.get(m.person_id, {}).get("answers", {})
        fields = [
            {
                "q": q,
                "name": f"m{m.person_id}-{q.name}",
                "value": raw.get("answers", {}).get(q.name, ""),
                "errors": by_field.get(f"m{m.person_id}-{q.name}", []),
            }
            for q in inst.person_questions()
            if inst.person_asks(q, age, m.person.sex, answers)
        ]
        member_blocks.append(
            {
                "member": m,
                "age_name": f"m{m.person_id}-age",
                "age": raw.get("age", "")
                if raw.get("age") not in (None, "")
                else (age if age is not None else ""),
                "age_errors": by_field.get(f"m{m.person_id}-age", []),
                "fields": fields,
            }
        )
    general = [t for f, ts in by_field.items() if f in ("household", "round", "") for t in ts]
    # (field name, the dict the template reads, its key for the link to the next problem), in page order
    shown = [(f["name"], f, "next_problem") for f in hh_fields if f["errors"]]
    for block in member_blocks:
        if block["age_errors"]:
            shown.append((block["age_name"], block, "age_next_problem"))
        shown.extend((f["name"], f, "next_problem") for f in block["fields"] if f["errors"])
    for i, (_name, holder, key) in enumerate(shown):
        holder[key] = shown[i + 1][0] if i + 1 < len(shown) else ""
    return {
        "hh_fields": hh_fields,
        "member_blocks": member_blocks,
        "problem_count": sum(len(v) for v in by_field.values()),
        "first_problem": shown[0][0] if shown else "",
        "focus": shown[0][0] if shown and jump else "",
        "general": general,
    }


def _raw_from_post(post: Any, members: list) -> tuple[dict[str, Any], dict[int, dict[str, Any]]]:
    household_raw = {k[3:]: v for k, v in post.items() if k.startswith("hh-")}
    members_raw: dict[int, dict[str, Any]] = {}
    for m in members:
        prefix = f"m{m.person_id}-"
        answers = {
            k[len(prefix) :]: v for k, v in post.items() if k.startswith(prefix) and k != f"{prefix}age"
        }
        members_raw[m.person_id] = {"age": post.get(f"{prefix}age", ""), "answers": answers}
    return household_raw, members_raw


@require("survey.response", "change")
@require_http_methods(["GET", "POST"])
def response_form(request: HttpRequest, round_id: int, household_id: int) -> HttpResponse:
    """The household's form: every change is saved as a draft on the server and checked (htmx)."""
    round_ = _get(queries.round_get, viewer=request.user, round_id=round_id)
    household, members, response = _get(
        queries.household_for_form, viewer=request.user, round_=round_, household_id=household_id
    )
    problems: list = []
    if request.method == "POST":
        household_raw, members_raw = _raw_from_post(request.POST, members)
        try:
            response = actions.response_save_draft(
                round_=round_,
                household=household,
                household_raw=household_raw,
                members_raw=members_raw,
                by=request.user,
                at=timezone.now(),
            )
            if request.POST.get("action") == "submit":
                actions.response_submit(response=response, by=request.user, at=timezone.now())
                messages.success(
                    request,
                    _("The answers of house %(house)s were submitted.") % {"house": household.house_no},
                )
                return redirect(
                    "survey:village-households", round_id=round_.pk, village_code=household.area_code
                )
        except actions.CannotCollect as exc:
            from thanrak.survey.validation import Problem

            problems = exc.problems or [Problem(exc.field or "", str(exc))]
    else:
        from thanrak.survey.actions import draft_values

        household_raw, members_raw = draft_values(response)
    response_status = response.status if response else None
    context = {
        "round": round_,
        "household": household,
        "members": members,
        "status": response_status,
        "ResponseStatus": ResponseStatus,
        "saved_at": response.updated_at if response else None,
        **_form_context(
            round_,
            household,
            members,
            household_raw,
            members_raw,
            problems,
            jump=bool(problems) and not request.htmx and request.POST.get("action") == "submit",
        ),
    }
    template = "survey/response_form.html#form" if request.htmx else "survey/response_form.html"
    return render(request, template, context)


@require("survey.response", "import")
@require_http_methods(["GET", "POST"])
def response_import(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _get(queries.round_get, viewer=request.user, round_id=round_id)
    form = FileForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = actions.responses_import(
                round_=round_,
                data=_upload(request, form),
                by=request.user,
                at=timezone.now(),
                max_bytes=settings.THANRAK_MAX_IMPORT_BYTES,
            )
        except (DomainError, PermissionError) as exc:
            form.add_error("file", str(exc))
        else:
            if report.ok:
                messages.success(
                    request,
                    _("%(h)s households (%(p)s persons) were imported.")
                    % {"h": report.households, "p": report.persons},
                )
    columns = actions.import_columns(round_.version)
    return render(
        request,
        "survey/response_import.html",
        {"round": round_, "form": form, "report": report, "columns": columns},
    )


@require("survey.response", "import")
def import_layout(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _get(queries.round_get, viewer=request.user, round_id=round_id)
    body = write_csv(actions.import_columns(round_.version), [])
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-round-{round_.pk}-layout.csv"'
    return response


@require("survey.targeting", "change")
@require_POST
def round_evaluate(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _get(queries.round_get, viewer=request.user, round_id=round_id)
    try:
        n = actions.round_evaluate(round_=round_, by=request.user, at=timezone.now())
    except (DomainError, PermissionError) as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(request, _("Indicator results were computed for %(n)s households.") % {"n": n})
    return redirect("survey:round-detail", round_id=round_.pk)


@require("survey.targeting", "change")
@require_http_methods(["GET", "POST"])
def run_create(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _get(queries.round_get, viewer=request.user, round_id=round_id)
    form = RunForm(request.POST or None, initial={"method": "TPMAP"}, version=round_.version)
    if not _may_run(request, round_):
        messages.error(request, _refusal(PermissionError()))
        return redirect("survey:round-detail", round_id=round_.pk)
    if request.method == "POST" and form.is_valid():
        try:
            run = actions.run_create(
                round_=round_,
                method=form.cleaned_data["method"],
                parameters=form.parameters(),
                label=form.cleaned_data["label"],
                by=request.user,
                at=timezone.now(),
            )
        except (DomainError, PermissionError) as exc:
            form.add_error(None, _refusal(exc))
        else:
            messages.success(request, _("The targeting run is saved."))
            return redirect("survey:run-detail", run_id=run.pk)
    return render(request, "survey/run_create.html", {"round": round_, "form": form})


def _chart_bar(values: list[dict[str, Any]], x: str, y: str, title: str, *, whole: bool = False) -> str:
    """A bar per row; `whole` counts (persons, households) tick in whole numbers, never 0.5."""
    axis = {"tickMinStep": 1, "format": ",d"} if whole else {}
    return json.dumps(
        {
            "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
            "title": title,
            "width": "container",
            "height": 220,
            "data": {"values": values},
            "mark": "bar",
            "encoding": {
                "y": {"field": x, "type": "nominal", "sort": "-x", "title": None},
                "x": {"field": y, "type": "quantitative", "title": None, "axis": axis},
            },
        },
        ensure_ascii=False,
    )


@require("survey.targeting", "view")
@require_http_methods(["GET", "POST"])
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _get(queries.run_get, viewer=request.user, run_id=run_id)
    reproduction = None
    if request.method == "POST":
        reproduction = actions.run_reproduce(run=run)
    top, children, names = queries.run_areas(viewer=request.user, run=run, area_code=request.GET.get("area"))
    inds = queries.indicator_names(snapshot=run.rules_snapshot)
    indicator_rows = []
    if top is not None:
        indicator_rows = [
            {
                "number": int(n),
                "text": inds.get(int(n), n),
                "censored": 100 * h,
                "contribution": 100 * top.contributions.get(n, 0.0),
            }
            for n, h in sorted(top.censored.items(), key=lambda kv: int(kv[0]))
        ]
    chart_areas = _chart_bar(
        [{"area": names.get(c.area_code, c.area_code), "H (%)": round(100 * c.h, 2)} for c in children],
        "area",
        "H (%)",
        _("Headcount ratio H by area (%)"),
    )
    chart_ind = _chart_bar(
        [{"indicator": f"{r['number']}", "share": round(r["contribution"], 2)} for r in indicator_rows],
        "indicator",
        "share",
        _("Contribution of each indicator to M0 (%)"),
    )
    subgroups = queries.run_subgroups(viewer=request.user, run=run, area_code=top.area_code) if top else []
    return render(
        request,
        "survey/run_detail.html",
        {
            "run": run,
            "top": top,
            "children": children,
            "names": names,
            "indicator_rows": indicator_rows,
            "subgroups": subgroups,
            "chart_areas": chart_areas,
            "chart_ind": chart_ind,
            "reproduction": reproduction,
        },
    )


# --- targets and follow-up -----------------------------------------------------------------------


@require("survey.targets", "view")
def target_list(request: HttpRequest) -> HttpResponse:
    runs = list(queries.run_list(viewer=request.user)[:50])
    run = next((r for r in runs if str(r.pk) == request.GET.get("run")), runs[0] if runs else None)
    rows = (
        queries.target_list(viewer=request.user, run=run, only_target=request.GET.get("target") == "1")
        if run
        else []
    )
    names = queries.indicator_names(snapshot=run.rules_snapshot) if run else {}
    if run and request.GET.get("format") == "csv":
        if not user_may(request.user, "survey.targets", "export"):
            raise PermissionDenied
        audit_record(
            by=request.user,
            event=AuditEvent.EXPORT,
            at=timezone.now(),
            object_type="survey.targetingrun",
            object_id=str(run.pk),
            detail={"rows": len(rows)},
        )
        body = write_csv(
            [
                _("Village"),
                _("House number"),
                _("Head"),
                _("Phone"),
                _("Members"),
                _("Target poor"),
                _("Needs that fail"),
            ],
            [
                [
                    r.household.area_code,
                    r.household.house_no,
                    r.head.full_name if r.head else "",
                    r.household.phone or (r.head.phone if r.head else ""),
                    r.members,
                    r.target_persons,
                    "; ".join(f"{n}. {names.get(n, '')}" for n in r.failed),
                ]
                for r in rows
            ],
        )
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="targets-run-{run.pk}.csv"'
        return response
    return render(
        request, "survey/target_list.html", {"runs": runs, "run": run, "rows": rows, "names": names}
    )


@require("survey.targets", "view")
@require_http_methods(["GET", "POST"])
def target_detail(request: HttpRequest, household_id: int) -> HttpResponse:
    history = _get(queries.household_history, viewer=request.user, household_id=household_id)
    names = history.names
    form = None
    if user_may(request.user, "survey.assistance", "change"):
        latest = history.rounds[-1]["failed"] if history.rounds else []
        form = AssistanceForm(
            request.POST or None,
            needs=[(n, f"{n}. {names.get(n, '')}") for n in latest],
            links=queries.help_links(viewer=request.user, household=history.household),
            initial={"given_on": timezone.localdate()},
        )
        if request.method == "POST" and form.is_valid():
            key = form.cleaned_data["linked"]
            linked = (
                queries.help_link_get(viewer=request.user, household=history.household, key=key)
                if key
                else None
            )
            try:
                actions.assistance_record(
                    household=history.household,
                    kind=form.cleaned_data["kind"],
                    description=form.cleaned_data["description"],
                    given_on=form.cleaned_data["given_on"],
                    indicators=[int(i) for i in form.cleaned_data["indicators"]],
                    linked=linked,
                    run=queries.latest_run(viewer=request.user),
                    by=request.user,
                    at=timezone.now(),
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, _("The help was recorded."))
                return redirect("survey:target-detail", household_id=household_id)
    return render(request, "survey/target_detail.html", {"history": history, "names": names, "form": form})


# --- dashboards ----------------------------------------------------------------------------------


@lru_cache(maxsize=2)
def _shape_codes(level: int) -> frozenset[str]:
    path = settings.REFERENCE_DATA_DIR / "geo" / ("th_adm1.geojson" if level == 2 else "th_adm2.geojson")
    key = "ADM1_PCODE" if level == 2 else "ADM2_PCODE"
    with open(path, encoding="utf-8") as fh:
        return frozenset(f["properties"][key][2:] for f in json.load(fh)["features"])


@require("survey.dashboard", "view")
def dashboard(request: HttpRequest) -> HttpResponse:
    runs = list(queries.run_list(viewer=request.user)[:50])
    run = next((r for r in runs if str(r.pk) == request.GET.get("run")), runs[0] if runs else None)
    sources = queries.external_sources()
    source = request.GET.get("source", "")
    if source not in sources:
        source = ""
    level = 4 if request.GET.get("level") == "4" else 2
    ext = (
        queries.external_totals(viewer=request.user, source=source, area_code=request.GET.get("area", ""))
        if source
        else None
    )
    context = {
        "runs": runs,
        "run": run,
        "sources": sources,
        "source": source,
        "level": level,
        "ext": ext,
        "map_url": reverse("survey:map-data") + f"?level={level}&run={run.pk if run else ''}&source={source}",
    }
    if run:
        top, children, names = queries.run_areas(viewer=request.user, run=run)
        context.update(
            top=top,
            children=children,
            names=names,
            chart=_chart_bar(
                [
                    {"area": names.get(c.area_code, c.area_code), "target poor": c.target_poor}
                    for c in children
                ],
                "area",
                "target poor",
                _("Target poor persons by area"),
                whole=True,
            ),
        )
    return render(request, "survey/dashboard.html", context)


@require("survey.dashboard", "view")
def map_data(request: HttpRequest) -> JsonResponse:
    """Values for the choropleth and the codes that match no shape (listed, never dropped)."""
    level = 4 if request.GET.get("level") == "4" else 2
    run = None
    if request.GET.get("run"):
        try:
            run = queries.run_get(viewer=request.user, run_id=int(request.GET["run"]))
        except (ObjectDoesNotExist, ValueError):
            run = None
    source = request.GET.get("source", "")
    values = queries.map_values(
        viewer=request.user, run=run, level=level, measure="target_rate" if source else "h", source=source
    )
    shapes = _shape_codes(level)
    from thanrak.geo.queries import area_names

    names = area_names(codes=set(values))
    return JsonResponse(
        {
            "level": level,
            "geojson": f"{settings.STATIC_URL}survey/geo/{'th_adm1' if level == 2 else 'th_adm2'}.geojson",
            "values": values,
            "names": names,
            "unmatched": sorted(c for c in values if c not in shapes),
            "measure": _("Target poor, per cent of persons") if source else _("Headcount ratio H (%)"),
        }
    )


def _latest_pair(runs: list[Any]) -> tuple[Any, Any]:
    """The latest run and, before it, the latest run of an earlier year (of the same method when
    there is one): two runs of one year compare a round with itself."""
    after = runs[0]
    earlier = [r for r in runs if r.round.year_be < after.round.year_be]
    same_method = [r for r in earlier if r.method == after.method]
    before = (same_method or earlier or [None])[0]
    return (before, after) if before is not None else (None, None)


@require("survey.dashboard", "view")
def compare(request: HttpRequest) -> HttpResponse:
    runs = list(queries.run_list(viewer=request.user)[:50])
    by_id = {str(r.pk): r for r in runs}
    before, after = by_id.get(request.GET.get("before", "")), by_id.get(request.GET.get("after", ""))
    if before is None and after is None and runs:
        before, after = _latest_pair(runs)
    result = (
        queries.runs_compare(viewer=request.user, before=before, after=after) if before and after else None
    )
    names = queries.indicator_names(snapshot=after.rules_snapshot) if after else {}
    context = {"runs": runs, "before": before, "after": after, "result": result, "names": names}
    if result:
        context["came_out"] = queries.households_named(viewer=request.user, ids=result.came_out[:100])
        context["fell_in"] = queries.households_named(viewer=request.user, ids=result.fell_in[:100])
        context["resolved"] = sorted(result.resolved.items(), key=lambda kv: -kv[1])
    return render(request, "survey/compare.html", context)


# --- versions ------------------------------------------------------------------------------------


@require("survey.version", "view")
def version_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "survey/version_list.html",
        {
            "versions": queries.version_list(viewer=request.user),
            "may_import": user_may(request.user, "survey.version", "import"),
        },
    )


@require("survey.version", "view")
@require_http_methods(["GET", "POST"])
def version_detail(request: HttpRequest, version_id: int) -> HttpResponse:
    version = _get(queries.version_get, viewer=request.user, version_id=version_id)
    may_edit = user_may(request.user, "survey.version", "change")
    is_settings = request.method == "POST" and request.POST.get("form") == "settings"
    posted = request.POST if request.method == "POST" and not is_settings else None
    form = ParametersForm(posted, parameters=version.parameters) if may_edit else None
    settings_form = (
        VersionSettingsForm(request.POST if is_settings else None, version=version) if may_edit else None
    )
    if is_settings and settings_form is not None and settings_form.is_valid():
        try:
            actions.version_settings_set(
                version=version,
                income_question=settings_form.cleaned_data["income_question"],
                dimensions=settings_form.dimension_rows(),
                by=request.user,
                at=timezone.now(),
            )
        except DomainError as exc:
            settings_form.add_error(exc.field if exc.field in settings_form.fields else None, str(exc))
        else:
            messages.success(request, _("The income question and the dimensions were saved."))
            return redirect("survey:version-detail", version_id=version.pk)
    if posted is not None and form is not None and form.is_valid():
        try:
            actions.version_parameters_set(
                version=version, parameters=form.values(), by=request.user, at=timezone.now()
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The thresholds were saved."))
            return redirect("survey:version-detail", version_id=version.pk)
    return render(
        request,
        "survey/version_detail.html",
        {
            "version": version,
            "form": form,
            "may_edit": may_edit,
            "settings_form": settings_form,
            "may_export": user_may(request.user, "survey.version", "export"),
            "indicators": version.indicators.all(),
            "questions": version.questions.all(),
        },
    )


@require("survey.version", "export")
def version_xlsform(request: HttpRequest, version_id: int) -> HttpResponse:
    version = _get(queries.version_get, viewer=request.user, version_id=version_id)
    response = HttpResponse(
        xlsform.export(version),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{version.code}-xlsform.xlsx"'
    return response


@require("survey.version", "import")
@require_http_methods(["GET", "POST"])
def version_import(request: HttpRequest) -> HttpResponse:
    form = FileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = actions.version_import_xlsform(
                data=_upload(request, form), by=request.user, at=timezone.now()
            )
        except DomainError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("The version was imported."))
            return redirect("survey:version-detail", version_id=version.pk)
    return render(request, "survey/version_import.html", {"form": form})


@require("survey.version", "change")
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, indicator_id: int) -> HttpResponse:
    indicator = _get(queries.indicator_get, viewer=request.user, indicator_id=indicator_id)
    initial = {f: getattr(indicator, f) for f in IndicatorForm.base_fields}
    form = IndicatorForm(request.POST or None, initial=initial, version=indicator.version)
    if request.method == "POST" and form.is_valid():
        try:
            actions.indicator_update(
                indicator=indicator, by=request.user, at=timezone.now(), **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("The indicator was saved."))
            return redirect("survey:version-detail", version_id=indicator.version_id)
    return render(request, "survey/indicator_edit.html", {"indicator": indicator, "form": form})


@require("survey.welfare", "import")
@require_http_methods(["GET", "POST"])
def welfare_import(request: HttpRequest) -> HttpResponse:
    form = WelfareForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = actions.welfare_cards_import(
                data=_upload(request, form),
                year_be=form.cleaned_data["year_be"],
                by=request.user,
                at=timezone.now(),
            )
        except DomainError as exc:
            form.add_error("file", str(exc))
        else:
            if report.ok:
                messages.success(request, _("%(n)s welfare cards were imported.") % {"n": report.persons})
    return render(request, "survey/welfare_import.html", {"form": form, "report": report})


# --- panels --------------------------------------------------------------------------------------


@require("survey.round", "view")
def home_panel(request: HttpRequest) -> HttpResponse:
    rounds = list(queries.round_list(viewer=request.user)[:3])
    progress = [(r, queries.round_progress(viewer=request.user, round_=r)[0]) for r in rounds]
    return render(
        request,
        "survey/panel_home.html",
        {
            "progress": progress,
            "assignments": list(queries.assignment_list(viewer=request.user, round_=rounds[0])[:20])
            if rounds
            else [],
        },
    )


@require("survey.response", "view")
def household_panel(request: HttpRequest, household_id: int) -> HttpResponse:
    try:
        history = queries.household_history(viewer=request.user, household_id=household_id)
    except ObjectDoesNotExist:
        return HttpResponse("")
    return render(request, "survey/panel_household.html", {"history": history})
