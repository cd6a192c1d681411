"""Enrolling people (one, a list, a file), leaving a batch, the enrolment slip with its QR."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thanrak.core.access import require
from thanrak.core.citizen_id import InvalidCitizenId, clean
from thanrak.core.errors import DomainError
from thanrak.learning import actions, queries
from thanrak.learning.forms import EnrolFileForm, EnrolForm, EnrolListForm
from thanrak.learning.models import Enrolment, EnrolmentStatus
from thanrak.learning.tokens import checkin_token
from thanrak.learning.views.common import pdf_response, qr_svg
from thanrak.registry.models import Person


def _find_person(viewer: object, text: str) -> Person | None:
    text = text.strip()
    people = Person.objects.visible_to(viewer).filter(merged_into=None)
    if len(text.replace("-", "").replace(" ", "")) == 13:
        try:
            return people.filter(citizen_id=clean(text)).first()
        except InvalidCitizenId:
            return None
    return people.filter(pk=int(text)).first() if text.isdigit() else None


def _said(request: HttpRequest, enrolment: Enrolment) -> None:
    if enrolment.status == EnrolmentStatus.WAITING:
        messages.warning(
            request,
            _("The batch is full: %(name)s is on the waiting list.") % {"name": enrolment.person.full_name},
        )
    else:
        messages.success(request, _("%(name)s is enrolled.") % {"name": enrolment.person.full_name})


@require("learning.enrolment", "change")
@require_POST
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    batch = queries.batch_get(viewer=request.user, pk=pk)
    form = EnrolForm(request.POST)
    person = _find_person(request.user, form.data.get("person", "")) if form.is_valid() else None
    if person is None:
        messages.error(request, _("Citizen ID or registry number: no such person among those you can see."))
        return redirect("learning:batch-detail", batch.pk)
    try:
        _said(request, actions.enrol(by=request.user, batch=batch, person=person))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("learning:batch-detail", batch.pk)


@require("learning.enrolment", "change")
@require_POST
def enrol_list(request: HttpRequest, pk: int) -> HttpResponse:
    batch = queries.batch_get(viewer=request.user, pk=pk)
    form = EnrolListForm(request.POST)
    if not form.is_valid() or not (form.cleaned_data["organisation"] or form.cleaned_data["fund"]):
        messages.error(request, _("Give an organisation's or a fund's number."))
        return redirect("learning:batch-detail", batch.pk)
    try:
        if form.cleaned_data["organisation"]:
            from thanrak.registry.models import Organisation

            organisation = Organisation.objects.visible_to(request.user).get(
                pk=form.cleaned_data["organisation"]
            )
            rows = actions.enrol_organisation_members(by=request.user, batch=batch, organisation=organisation)
        else:
            rows = actions.enrol_fund_members(by=request.user, batch=batch, fund_id=form.cleaned_data["fund"])
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        waiting = sum(1 for e in rows if e.status == EnrolmentStatus.WAITING)
        messages.success(
            request,
            _("%(n)s people enrolled, %(w)s of them on the waiting list.") % {"n": len(rows), "w": waiting},
        )
    return redirect("learning:batch-detail", batch.pk)


@require("learning.enrolment", "import")
@require_http_methods(["GET", "POST"])
def enrol_file(request: HttpRequest, pk: int) -> HttpResponse:
    batch = queries.batch_get(viewer=request.user, pk=pk)
    form = EnrolFileForm(request.POST or None, request.FILES or None)
    issues = []
    if request.method == "POST" and form.is_valid():
        try:
            rows = actions.enrol_file(by=request.user, batch=batch, source=form.cleaned_data["file"].read())
        except actions.EnrolmentFileRefused as exc:
            form.add_error("file", str(exc))
            issues = exc.issues
        else:
            messages.success(request, _("%(n)s people enrolled from the file.") % {"n": len(rows)})
            return redirect("learning:batch-detail", batch.pk)
    return render(request, "learning/enrol_file.html", {"batch": batch, "form": form, "issues": issues})


@require("learning.enrolment", "change")
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = queries.enrolment_get(viewer=request.user, pk=pk)
    try:
        promoted = actions.withdraw(by=request.user, enrolment=enrolment)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(name)s left the batch.") % {"name": enrolment.person.full_name})
        for e in promoted:
            messages.info(
                request, _("%(name)s moved up from the waiting list.") % {"name": e.person.full_name}
            )
    return redirect("learning:batch-detail", enrolment.batch_id)


def _slip(request: HttpRequest, enrolment: Enrolment) -> HttpResponse:
    token = checkin_token(enrolment.pk)
    context = {"enrolment": enrolment, "batch": enrolment.batch, "token": token, "qr": qr_svg(token)}
    if request.GET.get("format") == "pdf":
        return pdf_response("learning/slip_pdf.html", context, f"slip-{enrolment.pk}.pdf")
    return render(request, "learning/slip.html", context)


@require("learning.enrolment", "view")
@require_GET
def enrolment_slip(request: HttpRequest, pk: int) -> HttpResponse:
    """The enrolment slip with the participant's check-in QR (a page, or ?format=pdf to print)."""
    return _slip(request, queries.enrolment_get(viewer=request.user, pk=pk))


@require("learning.own", "view")
@require_GET
def my_slip(request: HttpRequest, pk: int) -> HttpResponse:
    """The participant's own slip, to show on their phone at the venue."""
    return _slip(request, queries.enrolment_get(viewer=request.user, pk=pk))


@require("learning.own", "view")
@require_GET
def my_trainings(request: HttpRequest) -> HttpResponse:
    person = getattr(request.user, "person", None)
    rows = queries.person_enrolments(viewer=request.user, person_id=person.pk) if person else []
    return render(request, "learning/my_trainings.html", {"rows": rows})


@require("learning.enrolment", "view")
@require_GET
def person_panel(request: HttpRequest, person_id: int) -> HttpResponse:
    rows = queries.person_enrolments(viewer=request.user, person_id=person_id)[:20]
    return render(request, "learning/panels/person.html", {"rows": rows})
