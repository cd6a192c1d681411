"""Pages of cases: the list, intake, the case with its steps, referrals, adviser and consent."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thanrak.core.access import require, user_may
from thanrak.core.errors import DomainError
from thanrak.core.forms import refuse
from thanrak.registry import queries as registry_queries
from thanrak.services import actions, queries
from thanrak.services.exports import CASE_HEADERS, case_rows
from thanrak.services.forms import (
    AssignForm,
    CaseFilterForm,
    CaseOpenForm,
    CaseStepForm,
    ConsentForm,
    ReferForm,
)
from thanrak.services.models import CaseStatus, ConsentPurpose, SubjectKind
from thanrak.services.views._common import export, export_format, now, paginate, today


@require("services.case", "view")
def case_list(request: HttpRequest) -> HttpResponse:
    """The viewer's cases by status and topic, with how many are in each state."""
    form = CaseFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    chosen = {k: v for k, v in filters.items() if v}
    rows = queries.case_list(viewer=request.user, **chosen)
    fmt = export_format(request)
    if fmt and user_may(request.user, "services.case", "export"):
        return export(
            request, fmt=fmt, name="cases", headers=CASE_HEADERS, rows=case_rows(rows[:50_000]), detail=chosen
        )
    return render(
        request,
        "services/case_list.html",
        {
            "form": form,
            "page": paginate(request, rows),
            "counts": [
                (status, CaseStatus(status).label, n)
                for status, n in queries.case_counts(viewer=request.user).items()
            ],
            "may_export": user_may(request.user, "services.case", "export"),
            "may_import": user_may(request.user, "services.case", "import"),
        },
    )


def _subject(viewer: Any, kind: str, pk: int) -> Any:
    """The person, household or organisation as the registry shows it to the viewer."""
    if kind == SubjectKind.PERSON:
        return registry_queries.person_get(viewer=viewer, person_id=pk)
    if kind == SubjectKind.HOUSEHOLD:
        return registry_queries.household_get(viewer=viewer, household_id=pk)
    return registry_queries.organisation_get(viewer=viewer, organisation_id=pk)


def _initial_subject(request: HttpRequest) -> dict[str, Any]:
    for kind in SubjectKind.values:
        value = request.GET.get(kind.lower(), "")
        if value.isdigit():
            return {"subject_kind": kind, "subject_id": int(value)}
    return {}


@require("services.case", "change")
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    """Intake: who is helped, what they ask, how it came in and when."""
    form = CaseOpenForm(request.POST or None, initial={"intake_date": today(), **_initial_subject(request)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            subject = _subject(request.user, d["subject_kind"], d["subject_id"])
        except ObjectDoesNotExist:
            form.add_error("subject_id", _("No such record in your areas."))
        else:
            try:
                case = actions.case_open(
                    by=request.user,
                    at=now(),
                    on=today(),
                    subject_kind=d["subject_kind"],
                    subject=subject,
                    topic=d["topic"],
                    channel=d["channel"],
                    intake_date=d["intake_date"],
                    summary=d["summary"],
                    key=d["idempotency_key"] or None,
                )
            except (DomainError, PermissionError) as exc:
                refuse(form, exc, field_map={"subject": "subject_id"})
            else:
                messages.success(request, _("Case opened."))
                return redirect("services:case-detail", case.pk)
    return render(request, "services/case_form.html", {"form": form})


def _detail_context(request: HttpRequest, case: Any, **forms: Any) -> dict[str, Any]:
    day = today()
    may_change = user_may(request.user, "services.case", "change") and case.status != CaseStatus.CLOSED
    referrals = [
        (r, queries.waiting_of(r, today=day))
        for r in queries.referral_list(viewer=request.user, case_id=case.pk)
    ]
    helpers = queries.helper_list(viewer=request.user, available_only=True)
    context = {
        "case": case,
        "steps": queries.case_steps(case=case),
        "referrals": referrals,
        "may_change": may_change,
        "may_refer": may_change and user_may(request.user, "services.referral", "change"),
        "suggested": queries.suggest_for_case(viewer=request.user, case=case) if may_change else [],
        "step_form": forms.get("step_form") or CaseStepForm(status=case.status, initial={"on": day}),
        "refer_form": forms.get("refer_form")
        or ReferForm(
            agencies=queries.agency_list(viewer=request.user, active_only=True), initial={"on": day}
        ),
        "assign_form": forms.get("assign_form")
        or AssignForm(helpers=helpers, initial={"adviser": case.adviser_id}),
        "consent_form": forms.get("consent_form") or ConsentForm(initial={"given_on": day}),
        "consented": queries.consented(person_id=case.person_id, on=day),
        "consents": queries.consents_of(person_id=case.person_id) if case.person_id else [],
    }
    return context


@require("services.case", "view")
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = queries.case_get(viewer=request.user, case_id=case_id)
    return render(request, "services/case_detail.html", _detail_context(request, case))


@require("services.case", "change")
@require_POST
def case_step(request: HttpRequest, case_id: int) -> HttpResponse:
    """Move the case to its next state (with who, when, and a note)."""
    case = queries.case_get(viewer=request.user, case_id=case_id)
    form = CaseStepForm(request.POST, status=case.status)
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.case_move(
                case=case,
                to_status=d["to_status"],
                outcome=d["outcome"],
                note=d["note"],
                on=d["on"],
                by=request.user,
                at=now(),
                today=today(),
            )
        except (DomainError, PermissionError) as exc:
            refuse(form, exc)
        else:
            messages.success(request, _("Step recorded."))
            return redirect("services:case-detail", case.pk)
    return render(
        request, "services/case_detail.html", _detail_context(request, case, step_form=form), status=422
    )


@require("services.referral", "change")
@require_POST
def case_refer(request: HttpRequest, case_id: int) -> HttpResponse:
    """Refer the case to a partner agency."""
    case = queries.case_get(viewer=request.user, case_id=case_id)
    form = ReferForm(request.POST, agencies=queries.agency_list(viewer=request.user, active_only=True))
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.referral_send(
                case=case, agency=d["agency"], request=d["request"], on=d["on"], by=request.user, at=now()
            )
        except (DomainError, PermissionError) as exc:
            refuse(form, exc, field_map={"sent_on": "on"})
        else:
            messages.success(request, _("Referral sent."))
            return redirect("services:case-detail", case.pk)
    return render(
        request, "services/case_detail.html", _detail_context(request, case, refer_form=form), status=422
    )


@require("services.case", "change")
@require_POST
def case_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    """Give the case an adviser from the directory."""
    case = queries.case_get(viewer=request.user, case_id=case_id)
    form = AssignForm(request.POST, helpers=queries.helper_list(viewer=request.user))
    if form.is_valid():
        try:
            actions.case_assign(case=case, adviser=form.cleaned_data["adviser"], by=request.user, at=now())
        except (DomainError, PermissionError) as exc:
            refuse(form, exc)
        else:
            messages.success(request, _("Adviser saved."))
            return redirect("services:case-detail", case.pk)
    return render(
        request, "services/case_detail.html", _detail_context(request, case, assign_form=form), status=422
    )


@require("services.case", "change")
@require_POST
def case_consent(request: HttpRequest, case_id: int) -> HttpResponse:
    """Record (or withdraw) the person's consent to share their details with partners."""
    case = queries.case_get(viewer=request.user, case_id=case_id)
    form = ConsentForm(request.POST)
    if case.person_id is None:
        return redirect("services:case-detail", case.pk)
    if request.POST.get("withdraw"):
        actions.consent_withdraw(
            person=case.person,
            purpose=ConsentPurpose.SHARE_WITH_PARTNERS,
            on=today(),
            by=request.user,
            at=now(),
        )
        messages.success(request, _("Consent withdrawn: partners see masked details again."))
        return redirect("services:case-detail", case.pk)
    if form.is_valid():
        try:
            actions.consent_record(
                person=case.person,
                purpose=ConsentPurpose.SHARE_WITH_PARTNERS,
                given_on=form.cleaned_data["given_on"],
                by=request.user,
                at=now(),
                on=today(),
            )
        except (DomainError, PermissionError) as exc:
            refuse(form, exc)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("services:case-detail", case.pk)
    return render(
        request, "services/case_detail.html", _detail_context(request, case, consent_form=form), status=422
    )
