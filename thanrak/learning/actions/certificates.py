"""Test scores and certificates: issued to those who completed the course's rules."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.core.thai import be_year
from thanrak.learning.errors import CannotCertify
from thanrak.learning.models import Batch, Certificate, Enrolment
from thanrak.learning.queries.certificates import completions
from thanrak.learning.rules import certificate_number


def score_record(*, by: User, enrolment: Enrolment, score: int | None) -> Enrolment:
    if score is not None and not 0 <= score <= 100:
        raise CannotCertify(_("A score is from 0 to 100."), code="score_range", field="score")
    if hasattr(enrolment, "certificate"):
        raise CannotCertify(
            _("The certificate is issued; the score cannot change."), code="score_certified", field="score"
        )
    enrolment.score = score
    enrolment.save(update_fields=["score"])
    return enrolment


def _new_number(year_be: int) -> str:
    for _try in range(5):
        number = certificate_number(year_be)
        if not Certificate.objects.filter(number=number).exists():
            return number
    raise CannotCertify(
        _("No free certificate number; try again."), code="certificate_number"
    )  # pragma: no cover


@transaction.atomic
def certificates_issue(*, by: User, batch: Batch, on: dt.date | None = None) -> list[Certificate]:
    """A certificate for each participant who completed and has none yet, issued `on` (today in
    Bangkok when not given). Safe to run again."""
    batch = Batch.objects.select_for_update().select_related("course").get(pk=batch.pk)
    today = on or timezone.localdate()
    if today < batch.end_date:
        raise CannotCertify(_("Certificates are issued once the batch has ended."), code="batch_not_ended")
    done = completions(batch)
    have = set(Certificate.objects.filter(enrolment__batch=batch).values_list("enrolment_id", flat=True))
    issued = []
    for pk, result in done.items():
        if not result.completed or pk in have:
            continue
        try:
            with transaction.atomic():
                issued.append(
                    Certificate.objects.create(
                        enrolment_id=pk,
                        number=_new_number(be_year(today.year)),
                        issued_on=today,
                        hours=batch.course.hours,
                        attendance_percent=result.percent,
                        by=by,
                    )
                )
        except IntegrityError:  # issued by a parallel request
            continue
    return issued
