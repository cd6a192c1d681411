"""Referrals: sending, the agency's answers, waiting days, overdue lists, what the partner reads."""

import datetime as dt

import pytest

from thanrak.accounts.scope import OutsideScope
from thanrak.services import actions, queries
from thanrak.services.tests.conftest import AT, TODAY

pytestmark = pytest.mark.django_db


def _send(case, agency, by, on=TODAY):
    return actions.referral_send(case=case, agency=agency, request="ขอสินเชื่อ 50,000 บาท", by=by, at=AT, on=on)


class TestReferralSend:
    def test_the_case_becomes_referred_with_a_step(self, assessed, agencies, district_officer):
        referral = _send(assessed, agencies["sme-d-bank"], district_officer)
        assessed.refresh_from_db()
        assert referral.status == "SENT" and assessed.status == "REFERRED"
        assert assessed.steps.last().to_status == "REFERRED"

    def test_refuses_an_agency_that_no_longer_takes_referrals(
        self, assessed, agencies, district_officer, national_manager
    ):
        actions.agency_set_active(agency=agencies["tcg"], active=False, by=national_manager, at=AT)
        with pytest.raises(actions.CannotRefer) as e:
            _send(assessed, agencies["tcg"], district_officer)
        assert (e.value.code, e.value.field) == ("agency_inactive", "agency")

    def test_refuses_a_case_not_yet_assessed(self, case, agencies, district_officer):
        with pytest.raises(actions.CannotRefer) as e:
            _send(case, agencies["baac"], district_officer)
        assert e.value.code == "case_not_assessed"

    def test_refuses_a_second_referral_waiting_at_the_same_agency(self, assessed, agencies, district_officer):
        _send(assessed, agencies["baac"], district_officer)
        with pytest.raises(actions.CannotRefer) as e:
            _send(assessed, agencies["baac"], district_officer)
        assert e.value.code == "already_referred"
        assert _send(assessed, agencies["gsb"], district_officer).agency.code == "gsb"


class TestAgencyAnswers:
    def test_the_agency_accepts_then_reports_back(self, assessed, agencies, district_officer, partner):
        referral = _send(assessed, agencies["sme-d-bank"], district_officer)
        referral = actions.referral_accept(referral=referral, by=partner, at=AT, on=TODAY, today=TODAY)
        referral = actions.referral_report(
            referral=referral, report="อนุมัติสินเชื่อ 50,000 บาท", by=partner, at=AT, on=TODAY, today=TODAY
        )
        assert referral.status == "REPORTED" and referral.answered_by == partner

    def test_declining_needs_a_reason(self, assessed, agencies, district_officer, partner):
        referral = _send(assessed, agencies["sme-d-bank"], district_officer)
        with pytest.raises(actions.CannotAnswerReferral) as e:
            actions.referral_decline(referral=referral, reason=" ", by=partner, at=AT, on=TODAY, today=TODAY)
        assert (e.value.code, e.value.field) == ("reason_missing", "reason")
        referral = actions.referral_decline(
            referral=referral, reason="ไม่มีหลักประกัน", by=partner, at=AT, on=TODAY, today=TODAY
        )
        assert referral.status == "DECLINED"

    def test_reporting_before_accepting_is_refused(self, assessed, agencies, district_officer, partner):
        referral = _send(assessed, agencies["sme-d-bank"], district_officer)
        with pytest.raises(actions.CannotAnswerReferral) as e:
            actions.referral_report(referral=referral, report="x", by=partner, at=AT, on=TODAY, today=TODAY)
        assert e.value.code == "not_accepted"

    def test_another_agencys_staff_cannot_answer(self, assessed, agencies, district_officer, make_user):
        other = make_user("baac_staff", "ORG_OFFICER")
        actions.agency_staff_add(agency=agencies["baac"], user=other, at=AT)
        referral = _send(assessed, agencies["sme-d-bank"], district_officer)
        with pytest.raises(OutsideScope):
            actions.referral_accept(referral=referral, by=other, at=AT, on=TODAY, today=TODAY)
        assert not queries.agency_queue(viewer=other).exists()


class TestWaitingAndOverdue:
    def test_the_sender_sees_referrals_past_the_agencys_days(
        self, assessed, agencies, district_officer, provincial_officer, other_district_officer
    ):
        late = _send(assessed, agencies["sme-d-bank"], district_officer, on=TODAY)
        _send(assessed, agencies["fda"], district_officer, on=TODAY)  # 30 days to answer
        later = TODAY + dt.timedelta(days=20)
        rows = queries.overdue_referrals(viewer=provincial_officer, today=later, area="56")
        assert [(r.pk, w.days) for r, w in rows] == [(late.pk, 20)]
        assert queries.overdue_referrals(viewer=other_district_officer, today=later) == []


class TestWhatThePartnerReads:
    def test_a_persons_name_and_phone_are_masked_without_consent(
        self, assessed, agencies, district_officer, partner
    ):
        referral = _send(assessed, agencies["sme-d-bank"], district_officer)
        seen = queries.partner_view(
            referral=queries.referral_get(viewer=partner, referral_id=referral.pk), today=TODAY
        )
        assert "สมชาย" not in seen.name and seen.phone.endswith("678") and "081" not in seen.phone
        assert seen.request == "ขอสินเชื่อ 50,000 บาท"

    def test_shown_in_full_once_the_person_consented(
        self, assessed, agencies, district_officer, partner, client_person
    ):
        actions.consent_record(
            person=client_person,
            purpose="SHARE_WITH_PARTNERS",
            given_on=TODAY,
            by=district_officer,
            at=AT,
            on=TODAY,
        )
        referral = _send(assessed, agencies["sme-d-bank"], district_officer)
        seen = queries.partner_view(referral=referral, today=TODAY)
        assert "สมชาย" in seen.name and seen.phone == "0812345678"
