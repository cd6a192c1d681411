"""The trainer's phone page: tick the list, or check participants in by their QR code; it works at a
venue without a network (static/learning/checkin.js queues; core's offline-sw.js, served at
/learning/sw.js, keeps the page)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thanrak.core.access import require
from thanrak.core.errors import DomainError
from thanrak.learning import actions, queries
from thanrak.learning.forms import CheckInForm


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


@require("learning.attendance", "change")
@require_http_methods(["GET", "POST"])
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The list for one session: each participant present, late or absent (saved at once)."""
    session = queries.session_get(viewer=request.user, pk=pk)
    if request.method == "POST":
        marks = {
            key.removeprefix("mark-"): value for key, value in request.POST.items() if key.startswith("mark-")
        }
        present = _ids([k for k, v in marks.items() if v == "PRESENT"])
        late = _ids([k for k, v in marks.items() if v == "LATE"])
        try:
            n = actions.mark_list(by=request.user, session=session, present=present, late=late)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Attendance saved for %(n)s people.") % {"n": n})
        return redirect("learning:session-attendance", session.pk)
    return render(
        request,
        "learning/attendance.html",
        {
            "session": session,
            "sheet": queries.attendance_sheet(session=session),
            "checkin_form": CheckInForm(),
            "checkins_url": reverse("api:learning_checkins_sync", args=[session.pk]),
            "list_url": reverse("api:learning_attendance_mark", args=[session.pk]),
        },
    )


@require("learning.attendance", "change")
@require_POST
def session_checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """One QR code scanned (by the phone's camera where the browser can) or typed."""
    session = queries.session_get(viewer=request.user, pk=pk)
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            result = actions.check_in(by=request.user, session=session, token=form.cleaned_data["token"])
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            name = result.enrolment.person.full_name
            if result.already:
                messages.info(request, _("%(name)s was already checked in.") % {"name": name})
            else:
                messages.success(request, _("%(name)s checked in.") % {"name": name})
    return redirect("learning:session-attendance", session.pk)
