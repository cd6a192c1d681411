import datetime as dt

import pytest

from thanrak.registry.actions import person_account_link
from thanrak.registry.tests import factories
from thanrak.registry.tests import factories as rf
from thanrak.services import actions
from thanrak.survey import actions as survey_actions
from thanrak.survey.tests import factories as sf

AT = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def agencies(db):
    from thanrak.services import actions

    actions.agencies_load(at=AT)
    from thanrak.services.models import Agency

    return {a.code: a for a in Agency.objects.all()}


@pytest.fixture
def client_person(national_manager):
    """A person in Mueang Phayao, village 56010101."""
    return factories.person(
        by=national_manager, area_code="56010101", first_name="สมชาย", last_name="ใจดี", phone="0812345678"
    )


@pytest.fixture
def case(district_officer, client_person):
    from thanrak.services import actions

    return actions.case_open(
        by=district_officer,
        at=AT,
        on=TODAY,
        subject_kind="PERSON",
        subject=client_person,
        topic="FINANCE",
        channel="COUNTER",
        intake_date=TODAY,
        summary="ขอสินเชื่อขยายกิจการทอผ้า",
    )


@pytest.fixture
def assessed(case, district_officer):
    from thanrak.services import actions

    return actions.case_move(
        case=case, to_status="ASSESSED", by=district_officer, at=AT, on=TODAY, note="ต้องการเงินทุน 50,000 บาท"
    )


@pytest.fixture
def partner(make_user, agencies):
    """A staff member of SME D Bank who answers its queue."""
    from thanrak.services import actions

    user = make_user("smebank_staff", "ORG_OFFICER")
    actions.agency_staff_add(agency=agencies["sme-d-bank"], user=user, at=AT)
    return user


V1 = "56010101"


@pytest.fixture
def world(db, national_manager, make_user):
    """Round 2563 with a poor household (income 20,000 baht a year) in village 56010101, its TPMAP run, and a
    social-welfare volunteer with a login."""
    round_ = sf.round_(national_manager, year_be=2563)
    poor = rf.household(by=national_manager, village_obj=rf.village("560101", 1), members=1)
    sf.submit(round_, poor, national_manager, income=20_000)
    run = survey_actions.run_create(
        round_=round_,
        method="TPMAP",
        parameters={"dimensions": ["health", "living", "education", "income", "access"]},
        label="TPMAP 2563",
        by=national_manager,
        at=sf.AT,
    )
    person = rf.person(by=national_manager, area_code=V1)
    user = make_user("aphm", "VOLUNTEER", V1)
    person_account_link(person=person, user=user, by=national_manager, at=AT)
    helper = actions.helper_save(
        person=person,
        kinds=["WELFARE_VOLUNTEER"],
        expertise=["WELFARE"],
        areas=[V1],
        by=national_manager,
        at=AT,
    )
    return {
        "round": round_,
        "run": run,
        "poor": poor,
        "helper": helper,
        "user": type(user).objects.get(pk=user.pk),
    }
