"""Course and batch pages: the list, planning a course, a batch and its sessions."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thanrak.core.access import require
from thanrak.core.errors import DomainError
from thanrak.core.forms import refuse
from thanrak.learning import actions, queries
from thanrak.learning.forms import (
    BatchForm,
    CheckInForm,
    CourseCertificateForm,
    CourseForm,
    EnrolFileForm,
    EnrolForm,
    EnrolListForm,
    SessionForm,
)
from thanrak.learning.logos import MAX_BYTES
from thanrak.learning.views.common import paginate
from thanrak.registry.models import Organisation, Person


@require("learning.course", "view")
@require_GET
def course_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    page = paginate(request, queries.course_list(viewer=request.user, q=q))
    figures = queries.trained_by_programme(viewer=request.user)
    return render(request, "learning/course_list.html", {"page": page, "q": q, "figures": figures})


@require("learning.course", "change")
@require_http_methods(["GET", "POST"])
def course_create(request: HttpRequest) -> HttpResponse:
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("idempotency_key")
        org_id = data.pop("organisation")
        data["organisation"] = Organisation.objects.visible_to(request.user).filter(pk=org_id).first()
        if org_id and data["organisation"] is None:
            form.add_error("organisation", _("No organisation with this number among those you can see."))
            return render(request, "learning/course_form.html", {"form": form})
        try:
            course = actions.course_create(by=request.user, **data)
        except (DomainError, PermissionError) as exc:
            refuse(form, exc)
        else:
            messages.success(request, _("The course was saved."))
            return redirect("learning:course-detail", course.pk)
    return render(request, "learning/course_form.html", {"form": form})


@require("learning.course", "view")
@require_GET
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = queries.course_get(viewer=request.user, pk=pk)
    batches = queries.batch_list(viewer=request.user, course_id=course.pk)
    return render(request, "learning/course_detail.html", {"course": course, "batches": batches})


@require("learning.course", "change")
@require_http_methods(["GET", "POST"])
def course_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    """What the course's certificates carry: the agency's name and logo (upload checked)."""
    course = queries.course_get(viewer=request.user, pk=pk)
    form = CourseCertificateForm(
        request.POST or None, request.FILES or None, initial={"agency": course.agency}
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["logo"]
        try:
            actions.course_certificate_set(
                by=request.user,
                course=course,
                agency=form.cleaned_data["agency"],
                logo=upload.read(MAX_BYTES + 1) if upload else None,
                remove_logo=form.cleaned_data["remove_logo"],
            )
        except (DomainError, PermissionError) as exc:
            refuse(form, exc)
        else:
            messages.success(request, _("The certificate's agency and logo were saved."))
            return redirect("learning:course-detail", course.pk)
    return render(request, "learning/course_certificate.html", {"course": course, "form": form})


@require("learning.course", "change")
@require_http_methods(["GET", "POST"])
def batch_create(request: HttpRequest, pk: int) -> HttpResponse:
    course = queries.course_get(viewer=request.user, pk=pk)
    directory = queries.trainer_choices(viewer=request.user, area_code=course.area_code)
    form = BatchForm(request.POST or None, directory=directory)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("idempotency_key")
        ids = list(dict.fromkeys([*data.pop("directory_trainers", []), *data.pop("trainers")]))
        trainers = list(Person.objects.visible_to(request.user).filter(pk__in=ids))
        if len(trainers) != len(set(ids)):
            form.add_error("trainers", _("A trainer's registry number is not one you can see."))
        else:
            try:
                batch = actions.batch_create(
                    by=request.user,
                    course=course,
                    trainers=trainers,
                    **{**data, "budget": data["budget"] or 0},
                )
            except (DomainError, PermissionError) as exc:
                refuse(form, exc)
            else:
                messages.success(request, _("The batch was saved."))
                return redirect("learning:batch-detail", batch.pk)
    return render(request, "learning/batch_form.html", {"form": form, "course": course})


@require("learning.course", "view")
@require_GET
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = queries.batch_get(viewer=request.user, pk=pk)
    enrolments = list(queries.enrolment_list(viewer=request.user, batch=batch).select_related("certificate"))
    done = queries.completions(batch)
    return render(
        request,
        "learning/batch_detail.html",
        {
            "batch": batch,
            "sessions": batch.sessions.all(),
            "enrolled": [(e, done.get(e.pk)) for e in enrolments if e.status == "ENROLLED"],
            "waiting": [e for e in enrolments if e.status == "WAITING"],
            "followup": queries.batch_followup(batch),
            "session_form": SessionForm(),
            "enrol_form": EnrolForm(),
            "list_form": EnrolListForm(),
            "file_form": EnrolFileForm(),
            "checkin_form": CheckInForm(),
        },
    )


@require("learning.course", "change")
@require_POST
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    batch = queries.batch_get(viewer=request.user, pk=pk)
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            actions.session_add(by=request.user, batch=batch, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The session was added."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}")
    return redirect("learning:batch-detail", batch.pk)
