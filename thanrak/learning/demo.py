"""Demo trainings for Phayao, on the registry demo's people: a โคก หนอง นา batch in Mueang Phayao that
has ended (five sessions with attendance, certificates issued), and a village-fund committee course
whose next batch is full with a waiting list. The demo's member (villager) is enrolled in both.

Idempotent: a second run finds the courses and changes nothing."""

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from thanrak.accounts.models import User
from thanrak.demo.logins import Login
from thanrak.learning import actions
from thanrak.learning.models import Course
from thanrak.registry.models import Person

OFFICER = "mueang"
KHOK = "โคก หนอง นา โมเดล: การออกแบบพื้นที่และเกษตรทฤษฎีใหม่"
COMMITTEE = "การบริหารจัดการกองทุนหมู่บ้านสำหรับคณะกรรมการ"


def _people(rng: random.Random, n: int, *, exclude: set[int]) -> list[Person]:
    pool = list(
        Person.objects.filter(area_code__startswith="5601", merged_into=None)
        .exclude(pk__in=exclude)
        .order_by("pk")
        .values_list("pk", flat=True)[:600]
    )
    chosen = rng.sample(pool, min(n, len(pool)))
    return list(Person.objects.filter(pk__in=chosen).order_by("pk"))


def _khok(officer: User, rng: random.Random, today: dt.date, member: Person | None) -> None:
    course = actions.course_create(
        by=officer,
        title=KHOK,
        topic="AGRICULTURE",
        curriculum="การออกแบบพื้นที่ตามภูมิสังคม\nการจัดการน้ำ ดิน ป่า\nเกษตรทฤษฎีใหม่และบัญชีครัวเรือน",
        hours=30,
        programme_code="2.4(2)",
        fiscal_year=2569,
        area_code="5601",
        agency="สำนักงานพัฒนาชุมชนอำเภอเมืองพะเยา",
    )
    start = today - dt.timedelta(days=120)
    batch = actions.batch_create(
        by=officer,
        course=course,
        start_date=start,
        end_date=start + dt.timedelta(days=4),
        place="ศูนย์เรียนรู้โคก หนอง นา ตำบลแม่ต๋ำ",
        area_code="560102",
        capacity=40,
        budget=12_000_000,
        trainers=_people(rng, 2, exclude=set()),
    )
    sessions = [
        actions.session_add(
            by=officer,
            batch=batch,
            date=start + dt.timedelta(days=d),
            starts_at=dt.time(8, 30),
            ends_at=dt.time(16, 30),
            title=f"วันที่ {d + 1}",
        )
        for d in range(5)
    ]
    people = _people(rng, 39 - bool(member), exclude={member.pk} if member else set())
    if member:
        people.append(member)
    enrolled = [actions.enrol(by=officer, batch=batch, person=p) for p in people]
    for session in sessions:
        present = [e.pk for e in enrolled if rng.random() < 0.88]
        late = [e.pk for e in enrolled if e.pk not in present and rng.random() < 0.5]
        actions.mark_list(by=officer, session=session, present=present, late=late)
    actions.certificates_issue(by=officer, batch=batch)


def _committee(officer: User, rng: random.Random, today: dt.date, member: Person | None) -> None:
    course = actions.course_create(
        by=officer,
        title=COMMITTEE,
        topic="FINANCE",
        curriculum="บทบาทคณะกรรมการ\nระเบียบกองทุน\nบัญชีและการติดตามหนี้",
        hours=12,
        programme_code="2.2.6(1)/district-network",
        fiscal_year=2570,
        area_code="5601",
        agency="สำนักงานพัฒนาชุมชนอำเภอเมืองพะเยา",
        pass_score=60,
    )
    start = today + dt.timedelta(days=21)
    batch = actions.batch_create(
        by=officer,
        course=course,
        start_date=start,
        end_date=start + dt.timedelta(days=1),
        place="หอประชุมอำเภอเมืองพะเยา",
        area_code="560101",
        capacity=25,
        budget=4_500_000,
    )
    for d in range(2):
        actions.session_add(
            by=officer,
            batch=batch,
            date=start + dt.timedelta(days=d),
            starts_at=dt.time(9),
            ends_at=dt.time(16),
        )
    people = _people(rng, 30 - bool(member), exclude={member.pk} if member else set())
    if member:
        people.insert(0, member)
    actions.enrol_people(by=officer, batch=batch, people=people)  # 30 for 25 places: five wait


def seed(*, rng: random.Random, today: dt.date, stdout: Any) -> list[Login]:
    officer = User.objects.filter(username=OFFICER).first()
    if officer is None or Course.objects.filter(title=KHOK).exists():
        return []
    member = Person.objects.visible_to(officer).filter(user__username="villager").first()
    with transaction.atomic():
        _khok(officer, rng, today, member)
        _committee(officer, rng, today, member)
    stdout.write(f"  trainings: {Course.objects.count()} courses ({timezone.localdate():%Y-%m-%d})")
    return [
        Login(OFFICER, f"{OFFICER}-2569", "จัดหลักสูตรอบรม เช็คชื่อด้วย QR · plans trainings, checks in by QR"),
        Login("villager", "villager-2569", "ดูการอบรมและเกียรติบัตรของตน · sees own trainings and certificates"),
    ]
