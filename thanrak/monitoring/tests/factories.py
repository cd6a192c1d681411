"""Builders of monitoring data for tests; they go through the actions like the pages do."""

import datetime as dt
import itertools

from thanrak.accounts.models import User
from thanrak.monitoring import actions
from thanrak.monitoring.models import Indicator, IndicatorKind, PolicyItem, Programme, Unit

AT = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
_serial = itertools.count(1)


def policy_item() -> PolicyItem:
    actions.policy_item_ensure(code="7", title_th="การพัฒนาสร้างความเข้มแข็งจากฐานราก")
    actions.policy_item_ensure(code="7.1", title_th="ส่งเสริมวิสาหกิจชุมชน", result_number="1")
    return actions.policy_item_ensure(code="7.1.1", title_th="สร้างมูลค่าเพิ่ม", result_number="1.1")


def programme(*, by: User, section: str | None = None, **fields: object) -> Programme:
    item = fields.pop("policy_item", None) or policy_item()
    n = next(_serial)
    return actions.programme_create(
        by=by, at=AT, section=section or f"1.1.{n}", policy_item=item, name_th=f"โครงการทดสอบ {n}", **fields
    )


def indicator(
    *, by: User, programme_obj: Programme | None = None, unit: str = Unit.HOUSEHOLDS, **fields: object
) -> Indicator:
    prog = programme_obj or programme(by=by)
    fields.setdefault("name_th", f"ตัวชี้วัดทดสอบ {next(_serial)}")
    return actions.indicator_create(by=by, at=AT, programme=prog, unit=unit, **fields)


def share(*, by: User, part: Indicator, whole: Indicator) -> Indicator:
    return actions.indicator_create(
        by=by,
        at=AT,
        programme=part.programme,
        name_th="ร้อยละ",
        unit=Unit.PERCENT,
        kind=IndicatorKind.SHARE,
        numerator=part,
        denominator=whole,
    )


def value(indicator: Indicator, area: str, period: str, amount: object, *, by: User, **kw: object):  # noqa: ANN201
    return actions.value_set(
        indicator=indicator, area_code=area, period=period, amount=amount, by=by, at=AT, **kw
    ).obj
