"""Writes on product development cases; a case done writes the certificate through commerce."""

import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.scope import scope_of
from thanrak.commerce import actions as commerce_actions
from thanrak.commerce.images import prepare_image
from thanrak.commerce.models import Product
from thanrak.core.errors import DomainError
from thanrak.services.actions._common import ensure_reach, text
from thanrak.services.models import (
    DevelopmentCase,
    DevelopmentStatus,
    DevelopmentStep,
    Helper,
    TargetStandard,
)
from thanrak.services.rules import valid_level


class CannotDevelopProduct(DomainError):
    """The product development case refused the change."""


def _check_levels(standard: str, before: int, target: int) -> None:
    if standard not in TargetStandard.values:
        raise CannotDevelopProduct(
            _("Choose the standard aimed at."), code="standard_unknown", field="standard"
        )
    if not valid_level(standard, before):
        raise CannotDevelopProduct(
            _("OTOP levels are 0 to 5 stars; other standards 0 (not held) or 1 (held)."),
            code="level_invalid",
            field="level_before",
        )
    if not valid_level(standard, target) or target <= before:
        raise CannotDevelopProduct(
            _("The level aimed at must be above the level before."),
            code="target_not_above",
            field="level_target",
        )


@transaction.atomic
def development_open(
    *,
    product: Product,
    standard: str,
    level_before: int,
    level_target: int,
    started_on: dt.date,
    by: User,
    at: dt.datetime,
    on: dt.date,
    adviser: Helper | None = None,
) -> DevelopmentCase:
    """Start developing a product towards a standard (one open case per product and standard)."""
    _check_levels(standard, level_before, level_target)
    if started_on > on:
        raise CannotDevelopProduct(
            _("The start cannot be after today."), code="start_in_future", field="started_on"
        )
    ensure_reach(by, product.area_code)
    open_cases = DevelopmentCase.objects.filter(
        product=product, standard=standard, status=DevelopmentStatus.IN_PROGRESS
    )
    if open_cases.exists():
        raise CannotDevelopProduct(
            _("This product is already being developed towards this standard."),
            code="already_open",
            field="standard",
        )
    return DevelopmentCase.objects.create(
        product=product,
        adviser=adviser,
        standard=standard,
        level_before=level_before,
        level_target=level_target,
        started_on=started_on,
        area_code=product.area_code,
        created_by=by,
        created_at=at,
    )


def _lock_open(case: DevelopmentCase, by: User) -> DevelopmentCase:
    case = (
        DevelopmentCase.objects.select_for_update(of=("self",))
        .select_related("adviser__person", "product__shop")
        .get(pk=case.pk)
    )
    ensure_reach(by, case.area_code, adviser_user_id=case.adviser.person.user_id if case.adviser_id else None)
    if case.status != DevelopmentStatus.IN_PROGRESS:
        raise CannotDevelopProduct(_("This development case has ended."), code="case_ended")
    return case


@transaction.atomic
def development_step(
    *,
    case: DevelopmentCase,
    on: dt.date,
    what: str,
    by: User,
    at: dt.datetime,
    today: dt.date,
    photo: Any | None = None,
) -> DevelopmentStep:
    """Record a step (a training, a test, a new package) with its date and, if given, a photo
    (a JPEG, PNG or WebP picture within the size limit, kept as a private file)."""
    case = _lock_open(case, by)
    what = text(what, 500)
    if not what:
        raise CannotDevelopProduct(_("Write what was done."), code="step_missing", field="what")
    if on < case.started_on or on > today:
        raise CannotDevelopProduct(
            _("The date must be between the start and today."), code="step_date_invalid", field="on"
        )
    step = DevelopmentStep(case=case, on=on, what=what, by=by, at=at)
    if photo is not None:
        main, _thumb = prepare_image(photo, field="photo")
        # A name nobody can guess: the photo is served only through the case.
        step.photo.save(f"{secrets.token_hex(16)}.jpg", main, save=False)
    step.save()
    return step


def _may_certify(user: User, case: DevelopmentCase) -> bool:
    scope = scope_of(user)
    return scope.everything or case.product.shop.organisation_id in scope.organisation_ids


@transaction.atomic
def development_finish(
    *,
    case: DevelopmentCase,
    level_after: int,
    finished_on: dt.date,
    by: User,
    at: dt.datetime,
    today: dt.date,
    certificate_number: str = "",
    issuer: str = "",
    gi_name: str = "",
    valid_until: dt.date | None = None,
) -> DevelopmentCase:
    """Mark the case done at the level reached. When it raised the product and the user keeps the
    shop's books, the certificate is recorded in commerce now; otherwise it waits for the shop's officer."""
    case = _lock_open(case, by)
    if not valid_level(case.standard, level_after):
        raise CannotDevelopProduct(
            _("The level reached is not a level of this standard."), code="level_invalid", field="level_after"
        )
    if finished_on < case.started_on or finished_on > today:
        raise CannotDevelopProduct(
            _("The date must be between the start and today."),
            code="finish_date_invalid",
            field="finished_on",
        )
    case.status, case.level_after, case.finished_on = DevelopmentStatus.DONE, level_after, finished_on
    raised = level_after > case.level_before
    if raised and _may_certify(by, case):
        case.certification = commerce_actions.certification_add(
            product=case.product,
            by=by,
            at=at,
            kind=case.standard,
            number=certificate_number,
            issuer=issuer,
            issued_date=finished_on,
            valid_from=finished_on,
            valid_until=valid_until,
            stars=level_after if case.standard == TargetStandard.OTOP else None,
            year_rated=finished_on.year if case.standard == TargetStandard.OTOP else None,
            gi_name=gi_name,
        )
    else:
        case.certification_pending = raised
    case.save()
    return case


@transaction.atomic
def development_drop(
    *, case: DevelopmentCase, reason: str, finished_on: dt.date, by: User, at: dt.datetime, today: dt.date
) -> DevelopmentCase:
    """Stop a development case, saying why."""
    case = _lock_open(case, by)
    reason = text(reason, 300)
    if not reason:
        raise CannotDevelopProduct(
            _("Say why the case is dropped."), code="reason_missing", field="drop_reason"
        )
    if finished_on < case.started_on or finished_on > today:
        raise CannotDevelopProduct(
            _("The date must be between the start and today."),
            code="finish_date_invalid",
            field="finished_on",
        )
    case.status, case.finished_on, case.drop_reason = DevelopmentStatus.DROPPED, finished_on, reason
    case.save()
    return case
