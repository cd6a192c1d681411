"""Receiving ODK Collect (OpenRosa) submissions."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.registry.models import Household
from thanrak.survey import xlsform
from thanrak.survey.actions.collection import (
    CannotCollect,
    _check_or_refuse,
    _current_members,
    _ensure_may_collect,
    _store_submitted,
)
from thanrak.survey.models import Response, Round, RoundStatus, Source, Submission
from thanrak.survey.validation import Instrument


@transaction.atomic
def odk_submission_receive(*, xml: bytes, by: User, at: dt.datetime) -> tuple[Response, bool]:
    """Store an ODK Collect submission once per instanceID; returns (response, created)."""
    parsed = xlsform.parse_submission(xml)
    existing = Submission.objects.filter(instance_id=parsed.instance_id).select_related("response").first()
    if existing is not None and existing.response is not None:
        return existing.response, False
    round_ = Round.objects.filter(pk=parsed.round_id).select_related("version").first()
    if round_ is None or round_.version.form_id != parsed.form_id:
        raise CannotCollect(
            _("The form does not belong to an open round."), code="form_does_belong_open", field="round"
        )
    if round_.status != RoundStatus.OPEN:
        raise CannotCollect(_("This round is closed."), code="round_closed", field="round")
    household = Household.objects.filter(area_code=parsed.village_code, house_no=parsed.house_no).first()
    if household is None:
        raise CannotCollect(
            _("No household %(house)s in village %(village)s in the registry."),
            code="household_village_registry",
            field="house_no",
            params={"house": parsed.house_no, "village": parsed.village_code},
        )
    _ensure_may_collect(round_=round_, household=household, by=by)
    members = _current_members(household, round_)
    by_cid = {p.citizen_id: p for p in members.values() if p.citizen_id}
    members_raw: dict[int, dict[str, Any]] = {}
    for m in parsed.members:
        person = by_cid.get(m.get("citizen_id", ""))
        if person is None:
            raise CannotCollect(
                _("Citizen ID %(cid)s is not a current member of this household."),
                code="citizen_id_current_member",
                field="citizen_id",
                params={"cid": m.get("citizen_id", "")},
            )
        if person.pk in members_raw:
            raise CannotCollect(
                _("%(name)s is listed twice."),
                code="listed_twice",
                field="citizen_id",
                params={"name": person.full_name},
            )
        members_raw[person.pk] = {"age": m.get("age"), "answers": m}
    checked = _check_or_refuse(Instrument.of(round_.version), round_, parsed.household, members_raw, members)
    response = _store_submitted(
        round_=round_,
        household=household,
        checked=checked,
        by=by,
        at=at,
        source=Source.ODK,
        instance_id=parsed.instance_id,
    )
    Submission.objects.update_or_create(
        instance_id=parsed.instance_id,
        defaults={"received_at": at, "by": by, "xml": xml.decode("utf-8", "replace"), "response": response},
    )
    return response, True
