"""The survey assignment, caseload visit due and dividend messages: what the text says, nothing
without consent, and each event told once."""

import datetime as dt

import pytest

from thanrak.finance import actions as finance
from thanrak.finance.tests.conftest import chair, fund, funded, members, treasurer  # noqa: F401 — fixtures
from thanrak.finance.tests.test_yearend import year  # noqa: F401 — a fixture
from thanrak.notify import actions
from thanrak.notify.models import Message
from thanrak.notify.tests.conftest import NOON
from thanrak.registry.actions import person_account_link
from thanrak.registry.tests import factories as rf
from thanrak.services import actions as services
from thanrak.services.tests.conftest import world  # noqa: F401 — a fixture
from thanrak.survey import actions as survey
from thanrak.survey.tests import factories as sf

D = dt.date


def _reachable(person, mobile="0812345678"):  # noqa: ANN001, ANN202
    actions.set_mobile(person=person, mobile=mobile, consent=True, at=NOON)


class TestSurveyAssignment:
    @pytest.fixture
    def collector(self, volunteer, national_manager):  # noqa: ANN001
        person = rf.person(by=national_manager, area_code="56010101")
        person_account_link(person=person, user=volunteer, by=national_manager, at=sf.AT)
        return person

    def _assign(self, volunteer, district_officer, national_manager):  # noqa: ANN001, ANN202
        round_ = sf.round_(national_manager)
        village = rf.village("560101", 1)
        survey.assignment_set(
            round_=round_, village=village, collector=volunteer, by=district_officer, at=sf.AT
        )
        return round_, village

    def test_the_volunteer_is_told_which_village_once(
        self, collector, volunteer, district_officer, national_manager
    ):
        _reachable(collector)
        round_, village = self._assign(volunteer, district_officer, national_manager)
        message = Message.objects.get(kind="survey_assignment")
        assert message.person == collector
        assert str(round_) in message.text and village.name_th in message.text
        assert message.text.startswith("ธันรักษ์: ท่านได้รับมอบหมายเก็บข้อมูล")
        # the same assignment set again is not a second message
        survey.assignment_set(
            round_=round_, village=village, collector=volunteer, by=district_officer, at=sf.AT
        )
        assert Message.objects.filter(kind="survey_assignment").count() == 1

    def test_nothing_without_consent(self, collector, volunteer, district_officer, national_manager):
        self._assign(volunteer, district_officer, national_manager)
        assert not Message.objects.filter(kind="survey_assignment").exists()

    def test_in_english_when_the_volunteer_chose_it(
        self, collector, volunteer, district_officer, national_manager
    ):
        _reachable(collector)
        actions.set_language(person=collector, language="en")
        self._assign(volunteer, district_officer, national_manager)
        assert Message.objects.get(kind="survey_assignment").text.startswith("Thanrak: you are assigned")


class TestVisitDue:
    @pytest.fixture
    def caseload(self, world, district_officer):  # noqa: ANN001, F811
        services.caseload_assign(
            run=world["run"],
            helper=world["helper"],
            household_ids=[world["poor"].pk],
            by=district_officer,
            on=D(2026, 11, 1),
        )
        return world

    def test_thirty_days_after_assignment_then_once(self, caseload):
        _reachable(caseload["helper"].person)
        assert actions.queue_due(on=D(2026, 11, 30), at=NOON)["visit_due"] == 0
        assert actions.queue_due(on=D(2026, 12, 1), at=NOON)["visit_due"] == 1
        message = Message.objects.get(kind="visit_due")
        assert message.person == caseload["helper"].person
        assert caseload["poor"].house_no in message.text and "1 พ.ย. 2569" in message.text
        assert actions.queue_due(on=D(2026, 12, 1), at=NOON)["visit_due"] == 0

    def test_nothing_without_consent_or_when_turned_off(self, caseload):
        assert actions.queue_due(on=D(2026, 12, 1), at=NOON)["visit_due"] == 0
        _reachable(caseload["helper"].person)
        actions.set_person_kind(person=caseload["helper"].person, kind="visit_due", enabled=False)
        assert actions.queue_due(on=D(2026, 12, 1), at=NOON)["visit_due"] == 0


class TestDividend:
    def test_each_member_paid_is_told_the_amount_once(self, year, treasurer, members):  # noqa: F811
        a, b, c = members
        for i, m in enumerate((a, b)):
            _reachable(m.person, mobile=f"081234567{i}")
        run = finance.year_end_post(fund=year, period_end=D(2025, 12, 31), by=treasurer, at=NOON)
        finance.year_end_pay_out(run=run, on=D(2026, 1, 10), to_deposits=True, by=treasurer, at=NOON)
        told = {m.person_id: m.text for m in Message.objects.filter(kind="dividend_paid")}
        assert set(told) == {a.person_id, b.person_id}  # c gave no consent
        assert all("10 ม.ค. 2569" in text and "บาท" in text for text in told.values())
        assert all(text.startswith("ธันรักษ์:") and year.name_th in text for text in told.values())
