import datetime as dt

import pytest

from thanrak.registry.tests import factories

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
