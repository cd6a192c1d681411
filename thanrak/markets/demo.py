"""Demo markets for Phayao, on the commerce demo's shops and the registry's organisations: a
ตลาดต้องชม by Kwan Phayao held every weekend, organised by the Ban Tom savings group (booth fees go
into its books), with eight vendors and a month of turnover (two sell with the POS at their stall,
the others type a figure at the end of the day); and the Phayao Red Cross fair whose booths are the
commerce demo's fair booths (their POS sales count by themselves), with buyers and matching
meetings and their outcomes.

Idempotent: a second run finds the market and changes nothing."""

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from thanrak.accounts.models import User
from thanrak.commerce import actions as commerce
from thanrak.commerce.models import Channel, Location, Order, Shop
from thanrak.demo.logins import Login, password_of
from thanrak.finance.models import Fund
from thanrak.geo.models import Village
from thanrak.markets import actions
from thanrak.markets.models import Event, Meeting
from thanrak.registry.models import Organisation

OFFICER = "mueang"  # the district officer of Mueang Phayao
SHOP_OFFICER = "shop_officer"  # keeps the commerce demo's shops
TREASURER = "savings"  # the Ban Tom savings group's treasurer
BUYER = "shopper"
MARKET = "ตลาดต้องชมริมกว๊านพะเยา"
FAIR = "งานกาชาดและงานของดีเมืองพะเยา"
CATEGORIES = ["TEXTILE", "FOOD", "HOUSEHOLD", "FOOD", "HERBAL"]
BUYERS = [
    ("โรงแรมกว๊านพะเยา ริเวอร์วิว", "HOTEL", ["FOOD", "HOUSEHOLD"]),
    ("โรงพยาบาลพะเยา (ฝ่ายโภชนาการ)", "HOSPITAL", ["FOOD", "HERBAL"]),
    ("โรงเรียนพะเยาพิทยาคม", "SCHOOL", ["FOOD", "TEXTILE"]),
    ("บริษัท ล้านนาเอ็กซ์ปอร์ต จำกัด", "EXPORTER", ["TEXTILE", "HOUSEHOLD", "HERBAL"]),
]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_default_timezone())


def _stall(shop: Shop, officer: User, name: str) -> Location:
    location = Location.objects.filter(shop=shop, name=name).first()
    if location is None:
        location = commerce.location_add(shop=shop, by=officer, name=name, kind=Location.Kind.BOOTH)
    return location


def _pos_day(
    shop: Shop, location: Location, officer: User, day: dt.date, rng: random.Random, tag: str
) -> None:
    variants = [v for v in shop.variants.filter(is_active=True, price_satang__gt=0)[:6]]
    if not variants:
        return
    session = commerce.pos_session_open(
        location=location, cashier=officer, opening_float_satang=50_000, at=_at(day, 7)
    )
    for s in range(rng.randrange(3, 7)):
        v = rng.choice(variants)
        commerce.pos_sale_record(
            session=session,
            sale_key=f"demo-mkt-{shop.pk}-{tag}-{s:02d}",
            items=[commerce.PosItem(v.pk, rng.choice([1, 1, 2]), v.price_satang)],
            payment_method="PROMPTPAY",
            cash_received_satang=None,
            sold_at=_at(day, 8 + s, rng.randrange(60)),
            by=officer,
        )
    commerce.pos_session_close(
        session=session, counted_cash_satang=commerce.pos_expected_cash(session), by=officer, at=_at(day, 20)
    )


def _market(
    officer: User, shops: list[Shop], shop_officer: User, rng: random.Random, today: dt.date
) -> Event:
    treasurer = User.objects.filter(username=TREASURER).first()
    fund = Fund.objects.filter(organisation__officer_assignments__user=treasurer).order_by("pk").first()
    market = actions.event_create(
        by=officer,
        kind="MARKET",
        name=MARKET,
        fiscal_year=2569,
        programme_code="2.2.8",
        place="ลานริมกว๊านพะเยา ถนนชายกว๊าน",
        area_code="560101",
        start_date=today - dt.timedelta(days=120),
        weekdays=[5, 6],
        organiser=fund.organisation if fund else None,
        fund=fund,
    )
    groups = list(
        Organisation.objects.filter(area_code__startswith="5601", is_active=True)
        .exclude(pk__in=[s.organisation_id for s in shops])
        .exclude(funds__isnull=False)
        .order_by("pk")[:3]
    )
    booths = []
    for i, shop in enumerate(shops):
        stall = _stall(shop, shop_officer, "แผงตลาดต้องชมกว๊านพะเยา") if i < 2 else None
        booths.append(
            actions.booth_assign(
                by=officer,
                event=market,
                vendor=shop.organisation,
                label=f"A{i + 1}",
                category=CATEGORIES[i % len(CATEGORIES)],
                fee_satang=20_000,
                pos_location=stall,
            )
        )
    for j, group in enumerate(groups):
        booths.append(
            actions.booth_assign(
                by=officer, event=market, vendor=group, label=f"B{j + 1}", category="FOOD", fee_satang=20_000
            )
        )
    payer = treasurer if fund is not None and treasurer is not None else officer
    for booth in booths[:-2]:
        actions.booth_fee_paid(by=payer, booth=booth, on=market.start_date, at=_at(market.start_date, 17))
    _month_of_turnover(market, booths, officer, shop_officer, rng, today)
    return market


def _month_of_turnover(
    market: Event, booths: list, officer: User, shop_officer: User, rng: random.Random, today: dt.date
) -> None:
    from thanrak.markets import rules

    days = [
        d
        for d in rules.event_days(
            start=today - dt.timedelta(days=30), end=None, weekdays=96, until=today - dt.timedelta(days=1)
        )
    ]
    for day in days:
        for booth in booths:
            if booth.pos_location_id:
                shop = Shop.objects.get(organisation=booth.vendor)
                _pos_day(shop, booth.pos_location, shop_officer, day, rng, f"{day:%m%d}")
                continue
            typist = shop_officer if hasattr(booth.vendor, "shop") else officer
            amount = rng.randrange(15, 60) * 10_000
            actions.turnover_type(by=typist, booth=booth, date=day, amount_satang=amount, at=_at(day, 19))
    if days:  # one figure corrected the next morning
        booth = booths[-1]
        actions.turnover_type(
            by=officer,
            booth=booth,
            date=days[-1],
            amount_satang=480_000,
            at=_at(days[-1] + dt.timedelta(days=1), 9),
            reason="นับเงินทอนซ้ำ",
        )


def _fair(officer: User, shops: list[Shop], rng: random.Random, today: dt.date) -> Event:
    """The commerce demo's fair days (about 65 days ago), the shops' fair booths."""
    start = today - dt.timedelta(days=65)
    fair = actions.event_create(
        by=officer,
        kind="FAIR",
        name=FAIR,
        fiscal_year=2569,
        programme_code="1.1.8",
        place="สนามกีฬากลางจังหวัดพะเยา",
        area_code="560101",
        start_date=start,
        end_date=start + dt.timedelta(days=4),
    )
    booths = []
    for i, shop in enumerate(shops):
        location = Location.objects.filter(
            shop=shop, kind=Location.Kind.BOOTH, name="บูธงานกาชาดพะเยา"
        ).first()
        booth = actions.booth_assign(
            by=officer,
            event=fair,
            vendor=shop.organisation,
            label=f"{i + 1:02d}",
            category=CATEGORIES[i % len(CATEGORIES)],
            fee_satang=50_000,
            pos_location=location,
        )
        actions.booth_fee_paid(by=officer, booth=booth, on=start, at=_at(start, 10))
        booths.append(booth)
    _matching(fair, booths, officer, rng)
    return fair


def _matching(fair: Event, booths: list, officer: User, rng: random.Random) -> None:
    buyers = [
        actions.buyer_register(by=officer, name=name, kind=kind, categories=cats, area_code="560101")
        for name, kind, cats in BUYERS
    ]
    shopper = User.objects.filter(username=BUYER).first()
    if shopper is not None:
        buyers.append(
            actions.buyer_register(
                by=shopper, name="ร้านของฝากสุขสวัสดิ์ เชียงราย", kind="COMPANY", categories=["FOOD", "TEXTILE"]
            )
        )
    day = fair.start_date + dt.timedelta(days=1)
    outcomes = [("HELD", 4_500_000), ("HELD", 1_200_000), ("NO_SHOW", 0), ("HELD", 0), ("HELD", 8_000_000)]
    n = 0
    for slot in range(3):
        for b, buyer in enumerate(buyers[: len(booths)]):  # one buyer per producer in a slot
            booth = booths[(b + slot) % len(booths)]
            meeting = actions.meeting_schedule(
                by=officer, event=fair, buyer=buyer, booth=booth, starts_at=_at(day, 10 + slot)
            )
            status, deal = outcomes[n % len(outcomes)]
            n += 1
            order = ""
            if deal:
                found = (
                    Order.objects.filter(shop__organisation=booth.vendor, channel=Channel.STOREFRONT)
                    .order_by("placed_at")
                    .first()
                )
                order = found.number if found is not None and rng.random() < 0.5 else ""
            actions.meeting_outcome(
                by=officer,
                meeting=meeting,
                status=status,
                deal_satang=deal,
                follow_up="ส่งตัวอย่างสินค้าและใบเสนอราคา" if deal else "",
                follow_up_on=day + dt.timedelta(days=14) if deal else None,
                order_number=order,
                at=_at(day, 18),
            )


# Smaller events of the programmes the figure map reads from markets (name, kind, programme, place,
# how many days ago it ended, how many days it ran): a vendor or two each, a typed figure a day.
SMALL_EVENTS = [
    ("ตลาดนัดข้าวสารจากนาสู่ผู้บริโภค", "MARKET_DAY", "2.2.2(1)", "หน้าศาลากลางจังหวัดพะเยา", 20, 2),
    ("ตลาดนัดผลผลิตการเกษตรชุมชน", "MARKET_DAY", "2.2.2(2)", "ลานวัดศรีโคมคำ", 12, 1),
    ("งานเที่ยวตลาดต้องชมริมกว๊านพะเยา", "FAIR", "2.2.8", "ลานริมกว๊านพะเยา ถนนชายกว๊าน", 8, 2),
    ("ตลาดออนไลน์สินค้าชุมชนพะเยา", "ONLINE", "2.2.9", "เพจตลาดชุมชนพะเยา", 5, 3),
]
VILLAGE_MARKET = "ตลาดชุมชนค้าขายประจำหมู่บ้าน"


def _typed_days(event: Event, booth: Any, officer: User, rng: random.Random, until: dt.date) -> None:
    from thanrak.markets import rules

    days = rules.event_days(start=event.start_date, end=event.end_date, weekdays=event.weekdays, until=until)
    for day in days:
        amount = rng.randrange(20, 90) * 10_000
        actions.turnover_type(by=officer, booth=booth, date=day, amount_satang=amount, at=_at(day, 19))


def _small_events(officer: User, shops: list[Shop], rng: random.Random, today: dt.date) -> None:
    """The programmes' smaller events, and a village's weekly market (a trading village, 2.2.9)."""
    for i, (name, kind, programme, place, ago, days) in enumerate(SMALL_EVENTS):
        end = today - dt.timedelta(days=ago)
        event = actions.event_create(
            by=officer,
            kind=kind,
            name=name,
            fiscal_year=2569,
            programme_code=programme,
            place=place,
            area_code="560101",
            start_date=end - dt.timedelta(days=days - 1),
            end_date=end,
        )
        shop = shops[i % len(shops)]
        booth = actions.booth_assign(
            by=officer, event=event, vendor=shop.organisation, label="01", category=CATEGORIES[i % 5]
        )
        _typed_days(event, booth, officer, rng, end)
    village = Village.objects.filter(code__startswith="560101").order_by("code").first()
    groups = Organisation.objects.filter(is_active=True).order_by("pk")
    group = groups.filter(area_code=village.code).first() if village else None
    group = group or groups.filter(area_code__startswith="5601").first()
    if village is None or group is None:
        return
    market = actions.event_create(
        by=officer,
        kind="MARKET",
        name=VILLAGE_MARKET,
        fiscal_year=2569,
        programme_code="2.2.9",
        place="ลานกลางหมู่บ้าน",
        area_code=village.code,
        start_date=today - dt.timedelta(days=60),
        weekdays=[2],
    )
    booth = actions.booth_assign(by=officer, event=market, vendor=group, label="01", category="FOOD")
    _typed_days(market, booth, officer, rng, today - dt.timedelta(days=1))


def seed(*, rng: random.Random, today: dt.date, stdout: Any) -> list[Login]:
    officer = User.objects.filter(username=OFFICER).first()
    shop_officer = User.objects.filter(username=SHOP_OFFICER).first()
    if officer is None or shop_officer is None or Event.objects.filter(name=MARKET).exists():
        return []
    shops = list(Shop.objects.filter(organisation__officer_assignments__user=shop_officer).order_by("pk")[:5])
    if not shops:
        return []
    with transaction.atomic():
        _market(officer, shops, shop_officer, rng, today)
        _fair(officer, shops, rng, today)
        _small_events(officer, shops, rng, today)
    stdout.write(f"  markets: {Event.objects.count()} events, {Meeting.objects.count()} matching meetings")
    return [
        Login(OFFICER, password_of(OFFICER), "ตลาดต้องชมและงานแสดงสินค้า จับคู่ธุรกิจ · markets, fairs, matching"),
        Login(
            SHOP_OFFICER, password_of(SHOP_OFFICER), "ยอดขายแผงในตลาดและงาน · vendor: own booths, turnover"
        ),
        Login(BUYER, password_of(BUYER), "ผู้ซื้อ: นัดจับคู่ธุรกิจ ดูผู้ผลิต · buyer: meetings, producers' profiles"),
    ]
