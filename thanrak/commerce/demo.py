"""Demo commerce for Phayao (56): shops of local organisations with their products, pictures,
certifications (GI, OTOP stars, อย., มผช.), a year of orders across the storefront, the counter,
a fair booth and Shopee/Lazada, and a shop officer's login. Built through the actions; idempotent.
"""

import datetime as dt
import io
import random
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from thanrak.accounts.models import User
from thanrak.accounts.roles import Role
from thanrak.commerce import actions
from thanrak.commerce.models import Carrier, Location, Order, Shop, Variant
from thanrak.commerce.shipping import s10_check_digit
from thanrak.core.tabular import write_csv
from thanrak.demo.logins import Login, demo_user, password_of
from thanrak.registry.models import Membership, Organisation, OrganisationKind

OFFICER = "shop_officer"
PROVINCIAL = "phayao"  # the registry demo's provincial officer
SELLER_KINDS = (
    OrganisationKind.COMMUNITY_ENTERPRISE,
    OrganisationKind.OTOP_PRODUCER,
    OrganisationKind.COOPERATIVE,
    OrganisationKind.SOCIAL_ENTERPRISE,
    OrganisationKind.COMMUNITY_ENTERPRISE_NETWORK,
)

# Organisations the demo registers when the registry demo has not made enough sellers in Phayao.
FALLBACK_ORGANISATIONS = [
    ("วิสาหกิจชุมชนกลุ่มทอผ้าไทลื้อบ้านหย่วน", "Ban Yuan Tai Lue Weavers", "560301"),
    ("วิสาหกิจชุมชนจักสานผักตบชวากว๊านพะเยา", "Kwan Phayao Water Hyacinth Crafts", "560101"),
    ("วิสาหกิจชุมชนข้าวก่ำล้านนาบ้านห้วยข้าวก่ำ", "Huai Khao Kam Black Rice Group", "560201"),
    ("กลุ่มผู้ผลิตน้ำผึ้งและลำไยแม่ใจ", "Mae Chai Longan and Honey Producers", "560701"),
    ("วิสาหกิจชุมชนสมุนไพรดอกคำใต้", "Dok Khamtai Herbal Enterprise", "560501"),
]

STORIES = [
    "พวกเราเป็นกลุ่มแม่บ้านที่สืบทอดภูมิปัญญาจากบรรพบุรุษ ทำงานด้วยมือทุกชิ้นในหมู่บ้านของเรา รายได้ทุกบาทกลับคืนสู่สมาชิกและชุมชน",
    "เริ่มจากการรวมกลุ่มเล็ก ๆ เพื่อหารายได้เสริมหลังฤดูเก็บเกี่ยว วันนี้สินค้าของเราได้รับการรับรองมาตรฐานและส่งขายทั่วประเทศ",
    "วัตถุดิบทั้งหมดมาจากไร่นาของสมาชิกรอบกว๊านพะเยา ปลอดสารเคมี ผลิตสด ส่งตรงจากชุมชนถึงมือคุณ",
]

# (Thai name, English name, category, [(variant, price baht, weight g)], certifications, colour)
CATALOGUE: dict[
    str, list[tuple[str, str, str, list[tuple[str, float, int]], list[str], tuple[int, int, int]]]
] = {
    "TEXTILE": [
        (
            "ผ้าซิ่นไทลื้อทอมือลายน้ำไหล",
            "Tai Lue hand-woven sarong",
            "TEXTILE",
            [("ผืน", 1850, 450)],
            ["OTOP5", "MPC"],
            (150, 40, 60),
        ),
        (
            "ผ้าพันคอฝ้ายทอมือย้อมคราม",
            "Indigo cotton scarf",
            "TEXTILE",
            [("สีคราม", 390, 150), ("สีธรรมชาติ", 350, 150)],
            ["OTOP4"],
            (40, 60, 130),
        ),
        (
            "กระเป๋าผ้าทอไทลื้อ",
            "Tai Lue woven bag",
            "TEXTILE",
            [("ใบเล็ก", 290, 250), ("ใบใหญ่", 490, 400)],
            ["MPC"],
            (170, 90, 40),
        ),
    ],
    "HOUSEHOLD": [
        (
            "ตะกร้าจักสานผักตบชวากว๊านพะเยา",
            "Water hyacinth basket from Kwan Phayao",
            "HOUSEHOLD",
            [("เล็ก", 180, 300), ("กลาง", 260, 450), ("ใหญ่", 350, 700)],
            ["OTOP4", "MPC"],
            (140, 110, 60),
        ),
        (
            "โคมไฟผักตบชวา",
            "Water hyacinth lamp",
            "HOUSEHOLD",
            [("ทรงกลม", 650, 900)],
            ["OTOP3"],
            (200, 160, 80),
        ),
        (
            "แผ่นรองจานจักสาน ชุด 6 ชิ้น",
            "Woven placemats, set of 6",
            "HOUSEHOLD",
            [("ชุด", 320, 600)],
            [],
            (120, 140, 70),
        ),
    ],
    "FOOD": [
        (
            "ข้าวก่ำล้านนาอินทรีย์",
            "Organic Lanna black rice",
            "FOOD",
            [("1 กก.", 120, 1050), ("5 กก.", 550, 5100)],
            ["GI", "ORGANIC", "OTOP4"],
            (60, 20, 60),
        ),
        (
            "ข้าวกล้องหอมมะลิพะเยา",
            "Phayao jasmine brown rice",
            "FOOD",
            [("1 กก.", 85, 1050)],
            ["GAP"],
            (190, 170, 120),
        ),
        (
            "น้ำพริกตาแดงปลาส้ม",
            "Chilli paste with sour fish",
            "FOOD",
            [("กระปุก 100 ก.", 65, 150)],
            ["FDA", "EXPIRING"],
            (190, 40, 30),
        ),
        (
            "ลำไยอบแห้งสีทอง",
            "Golden dried longan",
            "FOOD",
            [("250 ก.", 95, 280), ("500 ก.", 180, 540)],
            ["FDA", "OTOP3"],
            (160, 110, 40),
        ),
        (
            "น้ำผึ้งดอกลำไยแท้",
            "Pure longan blossom honey",
            "FOOD",
            [("250 ก.", 150, 350), ("1 กก.", 480, 1200)],
            ["FDA", "OTOP5"],
            (220, 160, 30),
        ),
    ],
    "BEVERAGE": [
        (
            "กาแฟอาราบิกาดอยหลวงคั่วกลาง",
            "Doi Luang arabica, medium roast",
            "BEVERAGE",
            [("250 ก.", 220, 280)],
            ["FDA", "OTOP4"],
            (90, 55, 30),
        ),
        (
            "ชาใบหม่อนอบแห้ง",
            "Mulberry leaf tea",
            "BEVERAGE",
            [("ซอง 20 ชิ้น", 89, 80)],
            ["FDA", "EXPIRED"],
            (80, 130, 60),
        ),
        (
            "น้ำลำไยสกัดเข้มข้น",
            "Longan concentrate",
            "BEVERAGE",
            [("ขวด 500 มล.", 120, 650)],
            ["FDA", "HALAL"],
            (170, 120, 50),
        ),
    ],
    "HERBAL": [
        (
            "ยาหม่องสมุนไพรไพล",
            "Plai herbal balm",
            "HERBAL",
            [("ตลับ 15 ก.", 45, 40)],
            ["OTOP3", "MPC"],
            (40, 120, 80),
        ),
        ("ลูกประคบสมุนไพรสด", "Fresh herbal compress", "HERBAL", [("ลูก", 60, 200)], ["MPC"], (110, 140, 60)),
        (
            "สบู่ขมิ้นน้ำผึ้ง",
            "Turmeric and honey soap",
            "HERBAL",
            [("ก้อน 100 ก.", 55, 110)],
            ["OTOP4"],
            (210, 150, 40),
        ),
    ],
}
SHOP_LINES = [["TEXTILE"], ["HOUSEHOLD"], ["FOOD"], ["FOOD", "BEVERAGE"], ["HERBAL", "BEVERAGE"]]
# Who makes what, by a word of the group's name (an item's Thai name, else its line): a weavers'
# group sells cloth, a longan group longan, a sour-fish group its chilli paste; a shop whose name
# says nothing (a network of groups) sells one line by its place in the list (SHOP_LINES).
MADE_BY: dict[str, tuple[str, ...]] = {
    "TEXTILE": ("ทอผ้า", "ผ้าฝ้าย", "ผ้าไหม", "ไทลื้อ"),
    "HOUSEHOLD": ("จักสาน", "ผักตบ", "หัตถกรรม"),
    "ข้าวก่ำล้านนาอินทรีย์": ("ข้าว", "เกษตรผสมผสาน"),
    "ข้าวกล้องหอมมะลิพะเยา": ("ข้าว", "เกษตรผสมผสาน"),
    "น้ำพริกตาแดงปลาส้ม": ("ปลาส้ม", "น้ำพริก"),
    "ลำไยอบแห้งสีทอง": ("ลำไย",),
    "น้ำผึ้งดอกลำไยแท้": ("ลำไย", "น้ำผึ้ง"),
    "กาแฟอาราบิกาดอยหลวงคั่วกลาง": ("กาแฟ",),
    "ชาใบหม่อนอบแห้ง": ("หม่อน", "สมุนไพร", "เกษตรผสมผสาน"),
    "น้ำลำไยสกัดเข้มข้น": ("ลำไย",),
    "HERBAL": ("สมุนไพร",),
}


def makes_something(organisation_name: str) -> bool:
    """The group's name says it makes an item of the demo's catalogue."""
    return any(word in organisation_name for words in MADE_BY.values() for word in words)


def shop_catalogue(organisation_name: str, i: int) -> list[tuple[str, int, tuple]]:
    """The (line, index in the line, item) a group's shop sells: what its name says it makes."""
    made = [
        (line, j, item)
        for line, items in CATALOGUE.items()
        for j, item in enumerate(items)
        if any(word in organisation_name for word in MADE_BY.get(item[0], MADE_BY.get(line, ())))
    ]
    return made or [
        (line, j, item) for line in SHOP_LINES[i % len(SHOP_LINES)] for j, item in enumerate(CATALOGUE[line])
    ]


BUYERS = [
    "สมหญิง ใจดี",
    "ประเสริฐ มั่นคง",
    "Jane Miller",
    "อรุณี แสงทอง",
    "วีระพงษ์ ศรีสุข",
    "กนกพร บุญมา",
    "ชาญชัย พรหมมา",
    "นิภา วงศ์ใหญ่",
]
BUYER_AREAS = [
    ("560101", "56000"),
    ("500101", "50200"),
    ("100101", "10200"),
    ("570101", "57000"),
    ("400101", "40000"),
]


def _picture(colour: tuple[int, int, int], label: str, seed: int) -> SimpleUploadedFile:
    """A simple generated product picture: a soft gradient, a woven pattern and the English name."""
    rng = random.Random(seed)
    image = Image.new("RGB", (800, 600), colour)
    draw = ImageDraw.Draw(image)
    for y in range(0, 600, 4):
        shade = tuple(min(255, c + y // 8) for c in colour)
        draw.line([(0, y), (800, y)], fill=shade, width=4)
    for _ in range(14):
        x, y, r = rng.randrange(800), rng.randrange(600), rng.randrange(20, 90)
        draw.ellipse([x - r, y - r, x + r, y + r], outline=(255, 255, 255), width=3)
    draw.rectangle([0, 520, 800, 600], fill=(255, 255, 255))
    draw.text((24, 545), label[:60], fill=colour)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return SimpleUploadedFile(f"demo-{seed}.jpg", out.getvalue(), content_type="image/jpeg")


def _slip(seed: int) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (120, 200), (230, 240, 250)).save(out, format="JPEG", quality=60)
    return SimpleUploadedFile(f"slip-{seed}.jpg", out.getvalue(), content_type="image/jpeg")


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _admin() -> User:
    """Someone allowed to register organisations and assign officers in Phayao."""
    found = User.objects.filter(role=Role.NATIONAL_MANAGER, is_active=True).order_by("pk").first()
    return found or demo_user(
        PROVINCIAL, Role.PROVINCIAL_OFFICER, "56", first_name="พัฒนาการจังหวัดพะเยา (ฝ่ายตลาด)"
    )


def _organisations(admin: User, at: dt.datetime) -> list[Organisation]:
    from thanrak.registry.actions import organisation_register

    sellers = Organisation.objects.filter(area_code__startswith="56", kind__in=SELLER_KINDS, is_active=True)
    # Groups whose name says what they make first: their shops sell it (shop_catalogue).
    found = sorted(sellers.order_by("pk"), key=lambda o: not makes_something(o.name_th))[:5]
    names = {o.name_th for o in found}
    for name_th, name_en, area in FALLBACK_ORGANISATIONS:
        if len(found) >= 5:
            break
        if name_th in names:
            continue
        found.append(
            organisation_register(
                by=admin,
                at=at,
                kind=OrganisationKind.COMMUNITY_ENTERPRISE,
                name_th=name_th,
                name_en=name_en,
                area_code=area,
            )
        )
    return found


def _producers(organisation: Organisation, admin: User, on: dt.date, rng: random.Random) -> list[Any]:
    """Current members (registering two weavers when the organisation has none yet)."""
    from thanrak.registry.actions import membership_add, person_register

    members = [
        m.person
        for m in Membership.objects.current(on).filter(organisation=organisation).select_related("person")[:3]
    ]
    if members:
        return members
    made = []
    for first, last in (("บัวคำ", "ใจงาม"), ("แสงเดือน", "ทองดี")):
        person = person_register(
            by=admin,
            at=_at(on, 9),
            id_kind="NONE",
            citizen_id=None,
            title="นาง",
            first_name=first,
            last_name=last,
            sex="F",
            area_code=organisation.area_code,
        )
        membership_add(
            organisation=organisation, person=person, by=admin, start_date=on - dt.timedelta(days=800)
        )
        made.append(person)
    return made


def seed(*, rng: random.Random, today: dt.date, stdout: Any) -> list[Login]:  # noqa: C901
    from thanrak.registry.actions import organisation_officer_assign

    logins = [
        Login(
            OFFICER,
            password_of(OFFICER),
            "ผู้ดูแลร้านค้าชุมชน · shop officer: runs the demo community shops (orders, POS, stock, payouts)",
        ),
        Login(PROVINCIAL, password_of(PROVINCIAL), "commerce: sales by district, certificates to renew"),
    ]
    officer = User.objects.filter(username=OFFICER).first()
    if officer is not None and Shop.objects.filter(organisation__officer_assignments__user=officer).exists():
        stdout.write("  commerce demo already loaded")
        return logins
    start = today - dt.timedelta(days=365)
    admin = _admin()
    with transaction.atomic():
        if officer is None:
            officer = demo_user(OFFICER, Role.ORG_OFFICER, first_name="ผู้ดูแลร้านค้าชุมชน")
        organisations = _organisations(admin, _at(start, 8))
        for organisation in organisations:
            organisation_officer_assign(user=officer, organisation=organisation, by=admin)
        shops = []
        for i, organisation in enumerate(organisations):
            shops.append(_shop(i, organisation, officer, admin, start, today, rng))
        # Example fee tables (not Thailand Post's current tariff): the platform default when the
        # demo runs as a national manager, else each shop's own table.
        for carrier, bands in (
            (Carrier.THAILAND_POST_EMS, [(500, 4700), (1000, 5700), (3000, 8500), (10000, 15000)]),
            (Carrier.THAILAND_POST_REGISTERED, [(500, 3200), (1000, 4200), (3000, 6000)]),
            (Carrier.KERRY, [(1000, 4500), (5000, 7500), (15000, 12000)]),
        ):
            for weight, fee in bands:
                if scope_everything(admin):
                    actions.shipping_band_set(
                        shop=None, by=admin, carrier=carrier, max_weight_g=weight, fee_satang=fee
                    )
                else:
                    for shop, _variants in shops:
                        actions.shipping_band_set(
                            shop=shop, by=officer, carrier=carrier, max_weight_g=weight, fee_satang=fee
                        )
        for shop, variants in shops:
            _orders(shop, variants, officer, start, today, rng)
        for shop, _variants in shops:
            _payouts(shop, officer, today)
    stdout.write(
        f"  {len(shops)} shops, {Variant.objects.filter(shop__in=[s for s, _ in shops]).count()} variants, "
        f"{Order.objects.filter(shop__in=[s for s, _ in shops]).count()} orders"
    )
    return logins


def scope_everything(user: User) -> bool:
    from thanrak.accounts.scope import scope_of

    return scope_of(user).everything


def _shop(
    i: int,
    organisation: Organisation,
    officer: User,
    admin: User,
    start: dt.date,
    today: dt.date,
    rng: random.Random,
) -> tuple[Shop, list[Variant]]:
    at = _at(start, 9)
    account = f"08{rng.randrange(10**8):08d}"
    shop = actions.shop_open(
        organisation=organisation,
        by=officer,
        at=at,
        name=f"ร้าน{organisation.name_th.replace('วิสาหกิจชุมชน', '')}",
        story_th=STORIES[i % len(STORIES)],
        story_en="Hand-made by members of a Phayao community enterprise.",
        promptpay_account=account,
        line_id=f"@phayao{i + 1}",
        phone=f"0{rng.randrange(6, 10)}{rng.randrange(10**8):08d}",
        latitude=round(19.17 + rng.uniform(-0.3, 0.3), 6),
        longitude=round(99.9 + rng.uniform(-0.2, 0.3), 6),
    )
    booth = actions.location_add(shop=shop, by=officer, name="บูธงานกาชาดพะเยา", kind=Location.Kind.BOOTH)
    counter = Location.objects.get(shop=shop, is_default=True)
    actions.shop_photo_add(
        shop=shop,
        by=officer,
        upload=_picture((31, 111, 67), organisation.name_en or "Phayao", 1000 + i),
        caption=shop.name,
    )
    producers = _producers(organisation, admin, start, rng)
    variants: list[Variant] = []
    for line, j, (name_th, name_en, category, options, certs, colour) in shop_catalogue(
        organisation.name_th, i
    ):
        producer = (
            producers[j % len(producers)] if category in ("TEXTILE", "HOUSEHOLD") and producers else None
        )
        product = actions.product_create(
            shop=shop,
            by=officer,
            at=at,
            name_th=name_th,
            name_en=name_en,
            category=category,
            description_th=f"{name_th} ผลิตโดยสมาชิก{organisation.name_th} จังหวัดพะเยา คัดสรรวัตถุดิบในท้องถิ่น",
            description_en=f"{name_en}, made by members of {organisation.name_en or organisation.name_th}, "
            f"Phayao.",
            producer=producer,
            producer_share_bp=7000 if producer else 0,
            variants=[
                {
                    "sku": f"S{shop.pk}-{line[:3]}{j}{k}",
                    "name": opt,
                    "price_satang": int(price * 100),
                    "weight_g": weight,
                    "length_mm": 200,
                    "width_mm": 150,
                    "height_mm": 80,
                    "ean13": _ean(shop.pk, j, k, line),
                }
                for k, (opt, price, weight) in enumerate(options)
            ],
        )
        actions.product_photo_add(product=product, by=officer, upload=_picture(colour, name_en, product.pk))
        _certify(product, certs, officer, at, today)
        for v in product.variants.all():
            actions.stock_receive(
                variant=v, location=counter, quantity=400, reason="ผลิตล็อตแรก", by=officer, at=at
            )
            actions.stock_receive(variant=v, location=booth, quantity=60, reason="ส่งไปบูธ", by=officer, at=at)
            variants.append(v)
    return shop, variants


def _ean(shop_id: int, j: int, k: int, line: str) -> str:
    from thanrak.commerce.codes import ean13_check_digit

    first12 = f"885{shop_id % 1000:03d}{list(CATALOGUE).index(line):02d}{j:02d}{k:02d}"
    return first12 + str(ean13_check_digit(first12))


def _certify(product: Any, certs: list[str], officer: User, at: dt.datetime, today: dt.date) -> None:
    for code in certs:
        if code.startswith("OTOP"):
            actions.certification_add(
                product=product,
                by=officer,
                at=at,
                kind="OTOP",
                stars=int(code[4]),
                year_rated=2024,
                issuer="กรมการพัฒนาชุมชน",
                valid_until=dt.date(2026, 12, 31) if today < dt.date(2026, 12, 31) else None,
            )
        elif code == "GI":
            actions.certification_add(
                product=product,
                by=officer,
                at=at,
                kind="GI",
                gi_name="ข้าวก่ำล้านนา",
                issuer="กรมทรัพย์สินทางปัญญา",
                number="สช 59100089",
                valid_from=today - dt.timedelta(days=400),
                valid_until=today + dt.timedelta(days=330),
            )
        elif code == "MPC":
            actions.certification_add(
                product=product,
                by=officer,
                at=at,
                kind="MPC",
                issuer="สำนักงานมาตรฐานผลิตภัณฑ์อุตสาหกรรม",
                standard_ref="มผช. 1555/2563",
                number=f"มผช.{product.pk:05d}",
                valid_until=today + dt.timedelta(days=500),
            )
        elif code == "FDA":
            actions.certification_add(
                product=product,
                by=officer,
                at=at,
                kind="FDA",
                number=f"56-2-{product.pk % 100000:05d}-2-0001",
                issuer="สำนักงานสาธารณสุขจังหวัดพะเยา",
            )
        elif code == "EXPIRING":
            actions.certification_add(
                product=product,
                by=officer,
                at=at,
                kind="HALAL",
                issuer="คณะกรรมการกลางอิสลามแห่งประเทศไทย",
                number=f"H{product.pk:06d}",
                valid_until=today + dt.timedelta(days=25),
            )
        elif code == "EXPIRED":
            actions.certification_add(
                product=product,
                by=officer,
                at=at,
                kind="GAP",
                issuer="กรมวิชาการเกษตร",
                number=f"GAP-{product.pk}",
                valid_until=today - dt.timedelta(days=10),
            )
        else:
            actions.certification_add(
                product=product,
                by=officer,
                at=at,
                kind=code,
                issuer="หน่วยรับรอง",
                number=f"{code}-{product.pk}",
                valid_until=today + dt.timedelta(days=700),
            )


def _tracking(rng: random.Random) -> str:
    serial = f"{rng.randrange(10**8):08d}"
    return f"EF{serial}{s10_check_digit(serial)}TH"


def _orders(  # noqa: C901
    shop: Shop, variants: list[Variant], officer: User, start: dt.date, today: dt.date, rng: random.Random
) -> None:
    """About a year of sales: web orders through their whole life, counter days, a fair, marketplace files."""
    counter = Location.objects.get(shop=shop, is_default=True)
    booth = Location.objects.get(shop=shop, kind=Location.Kind.BOOTH)
    for n in range(70):
        day = start + dt.timedelta(days=int(365 * (n + rng.random()) / 70))
        day = min(day, today)
        placed = _at(day, rng.randrange(8, 21), rng.randrange(60))
        picks = rng.sample(variants, k=min(len(variants), rng.choice([1, 1, 2, 3])))
        area, postal = rng.choice(BUYER_AREAS)
        cod = rng.random() < 0.25
        try:
            [order] = actions.checkout(
                items=[actions.CartItem(v.pk, rng.choice([1, 1, 2])) for v in picks],
                buyer_name=rng.choice(BUYERS),
                buyer_phone=f"08{rng.randrange(10**8):08d}",
                address_line=f"{rng.randrange(1, 300)} หมู่ {rng.randrange(1, 15)}",
                area_code=area,
                postal_code=postal,
                carrier=rng.choice([Carrier.THAILAND_POST_EMS, Carrier.KERRY]),
                payment_method="COD" if cod else "PROMPTPAY",
                idempotency_key=f"demo-{shop.pk}-web-{n:04d}",
                at=placed,
            )
        except actions.CannotCheckout:
            continue  # sold out, or too heavy for the carrier: a buyer would change the cart
        age = (today - day).days
        if age <= 2:
            if not cod and rng.random() < 0.5:
                actions.order_slip_upload(
                    order=order, upload=_slip(order.pk), at=placed + dt.timedelta(minutes=20)
                )
            continue  # recent: waiting for the officer
        if not cod and rng.random() < 0.08:
            actions.order_cancel(
                order=order, by=officer, at=placed + dt.timedelta(days=2), reason="ผู้ซื้อไม่ได้ชำระเงิน"
            )
            continue
        if not cod:
            actions.order_slip_upload(
                order=order, upload=_slip(order.pk), at=placed + dt.timedelta(minutes=30)
            )
            actions.order_payment_confirm(order=order, by=officer, at=placed + dt.timedelta(hours=2))
        actions.order_pack(order=order, by=officer, at=placed + dt.timedelta(hours=20))
        actions.order_ship(
            order=order,
            carrier=order.carrier,
            tracking_number=_tracking(rng)
            if order.carrier == Carrier.THAILAND_POST_EMS
            else f"KEX{rng.randrange(10**9)}",
            by=officer,
            at=placed + dt.timedelta(days=1),
        )
        if age > 4:
            actions.order_deliver(order=order, by=officer, at=placed + dt.timedelta(days=3))
            if not cod and rng.random() < 0.03:
                actions.order_refund(
                    order=order, by=officer, at=placed + dt.timedelta(days=5), reason="สินค้าเสียหายระหว่างขนส่ง"
                )
    # Counter days: a session every other week with a handful of sales; one fair of a week.
    for week in range(0, 52, 2):
        day = start + dt.timedelta(days=week * 7 + 5)
        if day >= today:
            break
        _counter_day(shop, counter, variants, officer, day, rng, sales=rng.randrange(4, 10), tag=f"c{week}")
    fair_start = start + dt.timedelta(days=300)
    for d in range(5):
        _counter_day(
            shop,
            booth,
            variants,
            officer,
            fair_start + dt.timedelta(days=d),
            rng,
            sales=rng.randrange(8, 15),
            tag=f"f{d}",
        )
    # Marketplaces: a monthly export file from each.
    for month in range(1, 12):
        day = start + dt.timedelta(days=30 * month)
        for market, header in (
            (
                "SHOPEE",
                [
                    "Order ID",
                    "Order Status",
                    "Order Creation Date",
                    "SKU Reference No.",
                    "Deal Price",
                    "Quantity",
                    "Province",
                ],
            ),
            (
                "LAZADA",
                [
                    "Order Number",
                    "Status",
                    "Created at",
                    "Seller SKU",
                    "Unit Price",
                    "Quantity",
                    "Shipping Province",
                ],
            ),
        ):
            rows = []
            for k in range(rng.randrange(2, 6)):
                v = rng.choice(variants)
                status = "Cancelled" if rng.random() < 0.07 else "Completed"
                rows.append(
                    [
                        f"{market[0]}{shop.pk:03d}{month:02d}{k:03d}",
                        status,
                        f"{day.isoformat()} {rng.randrange(8, 22):02d}:15",
                        v.sku,
                        f"{v.price_satang / 100:.2f}",
                        str(rng.choice([1, 1, 2])),
                        rng.choice(["พะเยา", "กรุงเทพมหานคร", "เชียงใหม่", "ขอนแก่น"]),
                    ]
                )
            actions.marketplace_orders_import(
                shop=shop,
                marketplace=market,
                data=write_csv(header, rows),
                filename=f"{market.lower()}-{day:%Y-%m}.csv",
                by=officer,
                at=_at(day, 22),
            )


def _counter_day(
    shop: Shop,
    location: Location,
    variants: list[Variant],
    officer: User,
    day: dt.date,
    rng: random.Random,
    *,
    sales: int,
    tag: str,
) -> None:
    session = actions.pos_session_open(
        location=location, cashier=officer, opening_float_satang=100000, at=_at(day, 8)
    )
    for s in range(sales):
        picks = rng.sample(variants, k=min(len(variants), rng.choice([1, 1, 2])))
        items = [actions.PosItem(v.pk, rng.choice([1, 1, 2, 3]), v.price_satang) for v in picks]
        total = sum(i.quantity * i.unit_price_satang for i in items)
        cash = rng.random() < 0.7
        actions.pos_sale_record(
            session=session,
            sale_key=f"demo-{shop.pk}-{tag}-{s:03d}",
            items=items,
            payment_method="CASH" if cash else "PROMPTPAY",
            cash_received_satang=((total // 10000) + 1) * 10000 if cash else None,
            sold_at=_at(day, 9 + s % 9, rng.randrange(60)),
            by=officer,
        )
    summary_cash = actions.pos_expected_cash(session)
    counted = summary_cash - rng.choice([0, 0, 0, 2000, 500])
    actions.pos_session_close(session=session, counted_cash_satang=counted, by=officer, at=_at(day, 18))


def _payouts(shop: Shop, officer: User, today: dt.date) -> None:
    """Statements for every full month but the last, paid; the last month's shares stay owed."""
    from thanrak.commerce.queries import producer_shares

    for row in producer_shares(viewer=officer, shop=shop):
        first = today.replace(day=1)
        period_end = first - dt.timedelta(days=1)
        try:
            statement = actions.payout_statement_create(
                shop=shop,
                producer=row["producer"],
                period_start=today - dt.timedelta(days=400),
                period_end=period_end - dt.timedelta(days=31),
                by=officer,
                at=_at(today, 10),
            )
        except actions.CannotPayOut:
            continue
        actions.payout_mark_paid(statement=statement, by=officer, at=_at(today, 11))
