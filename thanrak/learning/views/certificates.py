"""Issuing certificates, their PDF (one, or a batch's as one file) and the public verification page."""

from pathlib import Path

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thanrak.core.access import public, require
from thanrak.core.errors import DomainError
from thanrak.learning import actions, queries
from thanrak.learning.models import Certificate, Course
from thanrak.learning.views.common import pdf_response, qr_png_data_uri


@require("learning.certificate", "change")
@require_POST
def certificates_issue(request: HttpRequest, pk: int) -> HttpResponse:
    batch = queries.batch_get(viewer=request.user, pk=pk)
    try:
        issued = actions.certificates_issue(by=request.user, batch=batch)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(n)s certificates issued.") % {"n": len(issued)})
    return redirect("learning:batch-detail", batch.pk)


def _logo_uri(course: Course) -> str:
    """The stored logo as a file URI for WeasyPrint (read once per PDF however many pages)."""
    if not course.logo:
        return ""
    path = Path(course.logo.path)
    return path.resolve().as_uri() if path.exists() else ""


def _pages(request: HttpRequest, certificates: list[Certificate]) -> list[dict]:
    out = []
    logos: dict[int, str] = {}
    for cert in certificates:
        url = request.build_absolute_uri(reverse("learning:verify", args=[cert.number]))
        course = cert.enrolment.batch.course
        if course.pk not in logos:
            logos[course.pk] = _logo_uri(course)
        out.append(
            {
                "cert": cert,
                "person": cert.enrolment.person,
                "batch": cert.enrolment.batch,
                "qr": qr_png_data_uri(url),
                "logo": logos[course.pk],
                "issuer": course.issuer(),
            }
        )
    return out


@require("learning.certificate", "view")
@require_GET
def batch_certificates_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Every certificate of a batch as one PDF, a page each."""
    batch = queries.batch_get(viewer=request.user, pk=pk)
    pages = _pages(request, queries.batch_certificates(batch))
    return pdf_response("learning/certificate_pdf.html", {"pages": pages}, f"certificates-{batch.pk}.pdf")


@require("learning.certificate", "view")
@require_GET
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = queries.enrolment_get(viewer=request.user, pk=pk)
    cert = Certificate.objects.get(enrolment=enrolment)
    return pdf_response(
        "learning/certificate_pdf.html", {"pages": _pages(request, [cert])}, f"{cert.number}.pdf"
    )


@require("learning.own", "view")
@require_GET
def my_certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = queries.enrolment_get(viewer=request.user, pk=pk)
    cert = Certificate.objects.get(enrolment=enrolment)
    return pdf_response(
        "learning/certificate_pdf.html", {"pages": _pages(request, [cert])}, f"{cert.number}.pdf"
    )


@public
@require_GET
def verify(request: HttpRequest, number: str) -> HttpResponse:
    """Anyone holding a certificate's number (or its QR) can check it: no citizen ID, the name masked."""
    try:
        found = queries.certificate_verify(number[:24])
    except Certificate.DoesNotExist:
        return render(request, "learning/verify.html", {"number": number[:24], "found": None}, status=404)
    return render(request, "learning/verify.html", {"number": found.number, "found": found})


@require("learning.certificate", "change")
@require_POST
def scores_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The batch's test scores typed in the participants' table (score-<enrolment id> fields)."""
    batch = queries.batch_get(viewer=request.user, pk=pk)
    rows = {e.pk: e for e in queries.enrolment_list(viewer=request.user, batch=batch, status="ENROLLED")}
    saved = 0
    for key, value in request.POST.items():
        if not key.startswith("score-") or not key[6:].isdigit() or int(key[6:]) not in rows:
            continue
        text = value.strip()
        score = int(text) if text.isdigit() else None
        if text and score is None:
            messages.error(request, _("Score: write a whole number from 0 to 100."))
            continue
        enrolment = rows[int(key[6:])]
        if enrolment.score == score:
            continue
        try:
            actions.score_record(by=request.user, enrolment=enrolment, score=score)
        except DomainError as exc:
            messages.error(request, f"{enrolment.person.full_name}: {exc}")
        else:
            saved += 1
    messages.success(request, _("%(n)s scores saved.") % {"n": saved})
    return redirect("learning:batch-detail", batch.pk)
