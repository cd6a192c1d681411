"""Collecting answers: the household form and the file import."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thanrak.core.access import require
from thanrak.core.errors import DomainError
from thanrak.core.tabular import write_csv
from thanrak.survey import actions, queries
from thanrak.survey.actions import draft_values
from thanrak.survey.forms import FileForm
from thanrak.survey.models import ResponseStatus
from thanrak.survey.validation import Instrument, Problem, check
from thanrak.survey.views._common import _upload


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
    round_ = queries.round_get(viewer=request.user, round_id=round_id)
    household, members, response = queries.household_for_form(
        viewer=request.user, round_=round_, household_id=household_id
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
            problems = exc.problems or [Problem(exc.field or "", str(exc))]
    else:
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
    round_ = queries.round_get(viewer=request.user, round_id=round_id)
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
    round_ = queries.round_get(viewer=request.user, round_id=round_id)
    body = write_csv(actions.import_columns(round_.version), [])
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-round-{round_.pk}-layout.csv"'
    return response
