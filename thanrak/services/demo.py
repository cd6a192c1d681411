"""The services demo for Phayao: the agency directory, advisers and volunteers, cases in every state,
a few referrals (one overdue), an agency login, an adviser login, product development cases.

Built through the actions on the registry's and commerce's demo records; safe to run again."""

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from thanrak.accounts.models import User
from thanrak.accounts.roles import Role
from thanrak.commerce.models import Product
from thanrak.demo.logins import Login, demo_user, password_of
from thanrak.registry.actions import person_account_link
from thanrak.registry.models import Household, Organisation, Person
from thanrak.services import actions
from thanrak.services.models import Agency, Case, Helper

PARTNER = "smebank"
ADVISER = "adviser"
KEY = "demo-services-"

# (kind, expertise, free words, areas served beyond the person's own district)
HELPERS = [
    ("KBO_ADVISER", ["PACKAGING", "BRANDING", "STANDARDS"], "บรรจุภัณฑ์ ฉลากสินค้า", ["56"]),
    ("KBO_ADVISER", ["ONLINE_MARKETING", "MARKETING"], "ขายออนไลน์ ไลฟ์สด", ["56"]),
    ("KBO_ADVISER", ["FOOD_SAFETY", "STANDARDS", "PRODUCTION"], "อย. GMP", []),
    ("KBO_ADVISER", ["FINANCE", "ACCOUNTING"], "บัญชีครัวเรือน", []),
    ("SME_VOLUNTEER", ["ACCOUNTING", "FINANCE"], "", []),
    ("SME_VOLUNTEER", ["PACKAGING"], "กล่องกระดาษ", []),
    ("SME_VOLUNTEER", ["REGISTRATION", "LEGAL"], "จดทะเบียนวิสาหกิจชุมชน", []),
    ("SME_VOLUNTEER", ["TECHNOLOGY"], "ร้านค้าออนไลน์ QR พร้อมเพย์", []),
    ("SME_VOLUNTEER", ["MARKETING"], "", []),
    ("SAGE", ["HANDICRAFT"], "ผ้าทอไทลื้อ", []),
    ("SAGE", ["AGRICULTURE"], "เกษตรผสมผสาน ปลาส้ม", []),
    ("SAGE", ["HANDICRAFT", "TOURISM"], "จักสานกก", []),
    ("COMMUNITY_LEADER", ["CAREER"], "", []),
    ("COMMUNITY_LEADER", ["WELFARE"], "", []),
    ("COMMUNITY_LEADER", ["FINANCE"], "กองทุนหมู่บ้าน", []),
    ("WELFARE_VOLUNTEER", ["WELFARE"], "ผู้สูงอายุ คนพิการ", []),
    ("WELFARE_VOLUNTEER", ["WELFARE", "CAREER"], "", []),
    ("WELFARE_VOLUNTEER", ["WELFARE"], "", []),
    ("WELFARE_VOLUNTEER", ["WELFARE"], "เยี่ยมบ้าน", []),
    ("SURVEY_COLLECTOR", ["WELFARE"], "", []),
    ("SURVEY_COLLECTOR", ["AGRICULTURE"], "", []),
]

# (subject kind, topic, channel, summary, how far it went)
CASES = [
    ("PERSON", "FINANCE", "COUNTER", "ขอสินเชื่อขยายกิจการทอผ้า 50,000 บาท", "referred_overdue"),
    ("ORGANISATION", "STANDARDS", "COUNTER", "อยากได้ มผช. สำหรับน้ำพริกของกลุ่ม", "referred_accepted"),
    ("ORGANISATION", "FINANCE", "PHONE", "ขอค้ำประกันสินเชื่อซื้อเครื่องจักร", "referred_declined"),
    ("PERSON", "REGISTRATION", "FIELD", "ขอคำแนะนำจดทะเบียนพาณิชย์", "referred_reported"),
    ("HOUSEHOLD", "FINANCE", "FIELD", "หนี้นอกระบบ ต้องการไกล่เกลี่ยหนี้", "served"),
    ("PERSON", "MARKETING", "ONLINE", "อยากขายผลิตภัณฑ์จักสานบนแพลตฟอร์มออนไลน์", "served"),
    ("ORGANISATION", "MARKETING", "COUNTER", "ต้องการออกแบบบรรจุภัณฑ์ใหม่ก่อนคัดสรร OTOP", "assessed"),
    ("PERSON", "TECHNOLOGY", "PHONE", "อยากรับชำระเงินด้วย QR พร้อมเพย์", "assessed"),
    ("HOUSEHOLD", "LEGAL", "FIELD", "ปัญหาสิทธิ์ที่ดินทำกิน", "intake"),
    ("PERSON", "STANDARDS", "COUNTER", "ขอเลข อย. สำหรับขนมทองม้วน", "intake"),
    ("ORGANISATION", "REGISTRATION", "REFERRED_IN", "ต่ออายุทะเบียนวิสาหกิจชุมชน", "closed_resolved"),
    ("PERSON", "FINANCE", "COUNTER", "ขอพักชำระหนี้ ธ.ก.ส.", "closed_withdrawn"),
    ("HOUSEHOLD", "MARKETING", "FIELD", "ขายผักปลอดสารที่ตลาดชุมชน", "closed_resolved"),
    ("PERSON", "LEGAL", "PHONE", "ถูกหลอกขายสินค้าออนไลน์", "closed_partly"),
]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _adults(area: str, today: dt.date, n: int, skip: int = 0) -> list[Person]:
    cutoff = today.replace(year=today.year - 25)
    qs = Person.objects.filter(
        area_code__startswith=area, merged_into__isnull=True, user__isnull=True, birth_date__lte=cutoff
    )
    return list(qs.order_by("pk")[skip : skip + n])


def _helpers(by: User, today: dt.date) -> list[Helper]:
    mueang, chun = _adults("5601", today, 11, skip=40), _adults("5602", today, 10, skip=40)
    people = [p for pair in zip(mueang, [*chun, None], strict=False) for p in pair if p is not None]
    made = []
    for person, (kind, expertise, words, wider) in zip(people, HELPERS, strict=False):
        availability = "LIMITED" if len(made) % 7 == 6 else "AVAILABLE"
        made.append(
            actions.helper_save(
                person=person,
                kinds=[kind, "COMMUNITY_LEADER"] if kind == "SAGE" and len(made) % 2 else [kind],
                expertise=expertise,
                expertise_words=words,
                areas=[person.area_code[:6], *wider],
                availability=availability,
                capacity=5,
                by=by,
                at=_at(today - dt.timedelta(days=90)),
            )
        )
    return made


def _subject(kind: str, area: str, i: int, today: dt.date) -> Any:
    if kind == "PERSON":
        return _adults(area, today, 1, skip=200 + i)[0]
    if kind == "HOUSEHOLD":
        return Household.objects.filter(area_code__startswith=area).order_by("pk")[100 + i]
    return Organisation.objects.filter(area_code__startswith=area, is_active=True).order_by("pk")[i % 3]


def _refer(
    case: Case, agency: Agency, by: User, partner: User, how: str, day: dt.date, today: dt.date
) -> None:
    referral = actions.referral_send(
        case=case, agency=agency, request=case.summary, by=by, at=_at(day), on=day
    )
    if how == "referred_overdue":
        return
    answer_on = min(day + dt.timedelta(days=3), today)
    common = {"referral": referral, "by": partner, "at": _at(answer_on, 14), "on": answer_on, "today": today}
    if how == "referred_declined":
        actions.referral_decline(reason="วงเงินเกินหลักเกณฑ์ค้ำประกันของโครงการ", **common)
        return
    referral = actions.referral_accept(**common)
    if how == "referred_reported":
        report_on = min(answer_on + dt.timedelta(days=7), today)
        actions.referral_report(
            referral=referral,
            report="จดทะเบียนพาณิชย์เรียบร้อย",
            by=partner,
            at=_at(report_on, 15),
            on=report_on,
            today=today,
        )


def _advance(case: Case, how: str, by: User, day: dt.date) -> None:
    if how == "intake":
        return
    case = actions.case_move(
        case=case, to_status="ASSESSED", by=by, at=_at(day, 11), on=day, note="ประเมินความต้องการแล้ว"
    )
    if how.startswith("closed") or how == "served":
        case = actions.case_move(
            case=case, to_status="SERVED", by=by, at=_at(day, 15), on=day, note="ให้คำปรึกษาและช่วยเหลือ"
        )
    if how.startswith("closed"):
        outcome = {"closed_resolved": "RESOLVED", "closed_partly": "PARTLY", "closed_withdrawn": "WITHDRAWN"}[
            how
        ]
        actions.case_move(case=case, to_status="CLOSED", outcome=outcome, by=by, at=_at(day, 16), on=day)


def _cases(
    officers: dict[str, User],
    agencies: dict[str, Agency],
    partner: User,
    helpers: list[Helper],
    today: dt.date,
) -> int:
    partner_agency = {
        "FINANCE": "sme-d-bank",
        "STANDARDS": "phayao-industry",
        "REGISTRATION": "phayao-commerce",
    }
    made = 0
    for i, (kind, topic, channel, summary, how) in enumerate(CASES * 2):
        area = "5601" if i < len(CASES) else "5602"
        by = officers[area]
        start = today - dt.timedelta(days=60 - (i % len(CASES)) * 3)
        subject = _subject(kind, area, i % len(CASES), today)
        case = actions.case_open(
            by=by,
            at=_at(start, 9),
            on=today,
            subject_kind=kind,
            subject=subject,
            topic=topic,
            channel=channel,
            intake_date=start,
            summary=summary,
            key=f"{KEY}{i}",
        )
        fitting = [h for h in helpers if h.area_code.startswith(area)]
        if fitting and i % 3 != 2:
            actions.case_assign(case=case, adviser=fitting[i % len(fitting)], by=by, at=_at(start, 9))
        if kind == "PERSON" and i % 2 == 0:
            actions.consent_record(
                person=subject,
                purpose="SHARE_WITH_PARTNERS",
                given_on=start,
                by=by,
                at=_at(start, 9),
                on=today,
            )
        if how.startswith("referred"):
            actions.case_move(case=case, to_status="ASSESSED", by=by, at=_at(start, 11), on=start)
            # The demo's partner login (SME D Bank) answers; a referral left waiting goes where the
            # topic says.
            code = partner_agency.get(topic, "sme-d-bank") if how == "referred_overdue" else "sme-d-bank"
            agency = agencies[code]
            _refer(case, agency, by, partner, how, start + dt.timedelta(days=1), today)
        else:
            _advance(case, how, by, start + dt.timedelta(days=2))
        made += 1
    return made


def _development(admin: User, helpers: list[Helper], today: dt.date) -> int:
    products = list(Product.objects.filter(area_code__startswith="56").order_by("pk")[:12])
    advisers = [h for h in helpers if h.kinds.filter(kind="KBO_ADVISER").exists()] or [None]
    plan = [
        "done",
        "done",
        "progress",
        "progress",
        "progress",
        "dropped",
        "done",
        "progress",
        "progress",
        "done",
        "progress",
        "progress",
    ]
    for i, (product, how) in enumerate(zip(products, plan, strict=False)):
        start = today - dt.timedelta(days=120 - i * 5)
        standard = ["OTOP", "MPC", "FDA", "OTOP"][i % 4]
        before, target = (2, 4) if standard == "OTOP" else (0, 1)
        case = actions.development_open(
            product=product,
            standard=standard,
            level_before=before,
            level_target=target,
            started_on=start,
            adviser=advisers[i % len(advisers)],
            by=admin,
            at=_at(start),
            on=today,
        )
        for j, what in enumerate(["ประเมินผลิตภัณฑ์และวางแผนพัฒนา", "ออกแบบบรรจุภัณฑ์และฉลากใหม่", "ทดสอบคุณภาพ"]):
            day = start + dt.timedelta(days=10 * (j + 1))
            actions.development_step(case=case, on=day, what=what, by=admin, at=_at(day), today=today)
        end = start + dt.timedelta(days=45)
        if how == "done":
            actions.development_finish(
                case=case,
                level_after=target,
                finished_on=end,
                by=admin,
                at=_at(end),
                today=today,
                certificate_number="1234567890123" if standard == "FDA" else f"มผช. {100 + i}/2569",
                issuer="สำนักงานพัฒนาชุมชนจังหวัดพะเยา",
            )
        elif how == "dropped":
            actions.development_drop(
                case=case, reason="กลุ่มหยุดผลิตชั่วคราว", finished_on=end, by=admin, at=_at(end), today=today
            )
    return len(products)


def _caseloads(officers: dict[str, User], today: dt.date) -> int:
    """The latest TPMAP run's poor households of Mueang Phayao and Chun go to the social-welfare
    volunteers of their district; the first few have visits."""
    from thanrak.services.models import CaseloadAssignment
    from thanrak.survey.models import RunHousehold, TargetingRun

    run = (
        TargetingRun.objects.filter(round__area_code__in=["56", ""])
        .order_by("-round__year_be", "-created_at")
        .first()
    )
    if run is None or CaseloadAssignment.objects.exists():
        return 0
    assigned = 0
    for area, by in officers.items():
        volunteers = list(Helper.objects.filter(kinds__kind="WELFARE_VOLUNTEER", area_code__startswith=area))
        poor = list(
            RunHousehold.objects.filter(run=run, is_poor=True, area_code__startswith=area)
            .order_by("household_id")
            .values_list("household_id", flat=True)[:60]
        )
        for i, helper in enumerate(volunteers):
            share = poor[i :: len(volunteers)]
            if share:
                assigned += actions.caseload_assign(
                    run=run, helper=helper, household_ids=share, by=by, on=today - dt.timedelta(days=30)
                )
    for j, a in enumerate(CaseloadAssignment.objects.order_by("pk")[:25]):
        day = today - dt.timedelta(days=20 - j % 15)
        actions.visit_record(
            assignment=a,
            on=day,
            what=["เยี่ยมบ้าน สอบถามความเป็นอยู่", "แนะนำสมัครกลุ่มออมทรัพย์", "ประสานรับเบี้ยผู้สูงอายุ"][j % 3],
            next_step="ติดตามอีกครั้งเดือนหน้า",
            by=officers[a.area_code[:4]],
            at=_at(day),
            today=today,
            key=f"{KEY}visit-{a.pk}",
        )
    return assigned


def seed(*, rng: random.Random, today: dt.date, stdout: Any) -> list[Login]:
    logins = [
        Login(
            PARTNER, password_of(PARTNER), "เจ้าหน้าที่ SME D Bank · partner agency: answers its referral queue"
        ),
        Login(ADVISER, password_of(ADVISER), "ที่ปรึกษา KBO · adviser: the cases assigned to them"),
    ]
    if Case.objects.filter(idempotency_key__startswith=KEY).exists():
        officers = {
            code: User.objects.filter(username=name).first()
            for code, name in (("5601", "mueang"), ("5602", "chun"))
        }
        if None not in officers.values() and (n := _caseloads(officers, today)):
            stdout.write(f"  {n} households given to volunteers' caseloads")
        stdout.write("  services demo already loaded")
        return logins
    admin = User.objects.filter(role=Role.NATIONAL_MANAGER).order_by("pk").first()
    officers = {
        code: User.objects.filter(username=name).first()
        for code, name in (("5601", "mueang"), ("5602", "chun"))
    }
    if (
        admin is None
        or None in officers.values()
        or not Person.objects.filter(area_code__startswith="5602").exists()
    ):
        stdout.write("  services demo skipped: the registry demo is not loaded")
        return []
    with transaction.atomic():
        actions.agencies_load(at=_at(today - dt.timedelta(days=120)))
        agencies = {a.code: a for a in Agency.objects.all()}
        partner = demo_user(PARTNER, Role.ORG_OFFICER, first_name="เจ้าหน้าที่ SME D Bank", last_name="สาขาพะเยา")
        actions.agency_staff_add(agency=agencies["sme-d-bank"], user=partner, at=_at(today))
        helpers = _helpers(admin, today)
        adviser = demo_user(
            ADVISER,
            Role.VOLUNTEER,
            "5601",
            first_name=helpers[0].person.first_name,
            last_name=helpers[0].person.last_name,
        )
        person_account_link(person=helpers[0].person, user=adviser, by=admin, at=_at(today))
        cases = _cases(officers, agencies, partner, helpers, today)
        developed = _development(admin, helpers, today)
        caseloads = _caseloads(officers, today)
    stdout.write(
        f"  {len(agencies)} agencies, {len(helpers)} helpers, {cases} cases, "
        f"{developed} product development cases, "
        f"{caseloads} households in volunteers' caseloads"
    )
    return logins
