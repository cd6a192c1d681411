"""Pages of referrals: an agency's queue and answers; the sender's overdue list."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thanrak.accounts.scope import scope_of
from thanrak.core.access import require
from thanrak.core.errors import DomainError
from thanrak.core.forms import refuse
from thanrak.services import actions, queries
from thanrak.services.forms import AnswerForm
from thanrak.services.models import ReferralStatus
from thanrak.services.views._common import now, paginate, today


@require("services.referral", "approve")
def referral_queue(request: HttpRequest) -> HttpResponse:
    """The referrals the viewer's agency has to answer, with what each carries (masked without consent)."""
    status = request.GET.get("status", "")
    status = status if status in ReferralStatus.values else ""
    day = today()
    page = paginate(request, queries.agency_queue(viewer=request.user, status=status))
    rows = [(r, queries.partner_view(referral=r, today=day), queries.waiting_of(r, today=day)) for r in page]
    staff = getattr(request.user, "services_agency_staff", None)
    return render(
        request,
        "services/referral_queue.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": ReferralStatus.choices,
            "agency": staff and staff.agency,
        },
    )


@require("services.referral", "approve")
def referral_detail(request: HttpRequest, referral_id: int, form: AnswerForm | None = None) -> HttpResponse:
    referral = queries.referral_get(viewer=request.user, referral_id=referral_id)
    day = today()
    return render(
        request,
        "services/referral_detail.html",
        {
            "referral": referral,
            "seen": queries.partner_view(referral=referral, today=day),
            "waiting": queries.waiting_of(referral, today=day),
            "form": form or AnswerForm(initial={"on": day}),
        },
    )


def _answer(request: HttpRequest, referral: object, d: dict) -> None:
    common = {"referral": referral, "by": request.user, "at": now(), "on": d["on"], "today": today()}
    if d["answer"] == "accept":
        actions.referral_accept(**common)
    elif d["answer"] == "decline":
        actions.referral_decline(reason=d["text"], **common)
    else:
        actions.referral_report(report=d["text"], **common)


@require("services.referral", "approve")
@require_POST
def referral_answer(request: HttpRequest, referral_id: int) -> HttpResponse:
    """The agency accepts, declines with a reason, or reports back."""
    referral = queries.referral_get(viewer=request.user, referral_id=referral_id)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            _answer(request, referral, form.cleaned_data)
        except (DomainError, PermissionError) as exc:
            refuse(form, exc, field_map={"reason": "text", "report": "text"})
        else:
            messages.success(request, _("Answer recorded."))
            return redirect("services:referral-queue")
    response = referral_detail.__wrapped__(request, referral_id, form=form)  # type: ignore[attr-defined]
    response.status_code = 422
    return response


@require("services.referral", "view")
def referral_overdue(request: HttpRequest) -> HttpResponse:
    """Referrals past their agency's time, for the sender to chase."""
    area = request.GET.get("area", "")
    area = area if area.isdigit() else ""
    rows = queries.overdue_referrals(viewer=request.user, today=today(), area=area)
    return render(
        request,
        "services/referral_overdue.html",
        {
            "rows": rows,
            "count": queries.overdue_count(viewer=request.user, today=today(), area=area),
            "scope": scope_of(request.user),
        },
    )
