"""A district submits, the province approves, the centre locks; reopening is audited."""

import pytest

from thanrak.accounts.models import AuditEvent, AuditLog
from thanrak.monitoring import actions
from thanrak.monitoring.actions import CannotChangeWorkflow
from thanrak.monitoring.models import PeriodLock, ValueStatus, WorkflowEvent
from thanrak.monitoring.tests import factories
from thanrak.monitoring.tests.factories import AT


@pytest.fixture
def drafts(national_manager, district_officer):
    ind = factories.indicator(by=national_manager)
    values = [
        factories.value(ind, "560101", "2569-01", "10", by=district_officer),
        factories.value(ind, "560102", "2569-01", "20", by=district_officer),
    ]
    return ind, values


def statuses(values):  # noqa: ANN001, ANN201
    return [type(v).objects.get(pk=v.pk).status for v in values]


@pytest.mark.django_db
class TestWorkflow:
    def test_a_district_submits_and_the_province_approves(self, drafts, district_officer, provincial_officer):
        _ind, values = drafts

        submitted = actions.workflow_submit(area_code="5601", period="2569-01", by=district_officer, at=AT)
        approved = actions.workflow_approve(area_code="56", period="2569-01", by=provincial_officer, at=AT)

        assert (submitted.value_count, approved.value_count) == (2, 2)
        assert statuses(values) == [ValueStatus.APPROVED, ValueStatus.APPROVED]
        history = list(values[0].revisions.order_by("at", "id").values_list("action", "by__username"))
        assert history == [
            ("CREATE", "mueang_phayao"),
            ("SUBMIT", "mueang_phayao"),
            ("APPROVE", "phayao_province"),
        ]

    def test_a_district_officer_cannot_approve(self, drafts, district_officer):
        actions.workflow_submit(area_code="5601", period="2569-01", by=district_officer, at=AT)

        with pytest.raises(CannotChangeWorkflow):
            actions.workflow_approve(area_code="5601", period="2569-01", by=district_officer, at=AT)

    def test_a_district_cannot_submit_for_another(self, drafts, other_district_officer):
        with pytest.raises(CannotChangeWorkflow) as exc:
            actions.workflow_submit(area_code="5601", period="2569-01", by=other_district_officer, at=AT)
        assert exc.value.code == "area_outside_your_areas"

    def test_a_province_does_not_approve_its_own_provincial_figures(
        self, national_manager, provincial_officer
    ):
        ind = factories.indicator(by=national_manager)
        factories.value(ind, "56", "FY2569", "10", by=provincial_officer)
        actions.workflow_submit(area_code="56", period="FY2569", by=provincial_officer, at=AT)

        with pytest.raises(CannotChangeWorkflow) as exc:
            actions.workflow_approve(area_code="56", period="FY2569", by=provincial_officer, at=AT)
        assert exc.value.code == "nothing_you_may_approve"
        assert (
            actions.workflow_approve(area_code="56", period="FY2569", by=national_manager, at=AT).value_count
            == 1
        )

    def test_returning_needs_a_reason_and_makes_the_values_drafts(
        self, drafts, district_officer, provincial_officer
    ):
        _ind, values = drafts
        actions.workflow_submit(area_code="5601", period="2569-01", by=district_officer, at=AT)

        with pytest.raises(CannotChangeWorkflow):
            actions.workflow_return(
                area_code="5601", period="2569-01", by=provincial_officer, at=AT, comment=" "
            )
        actions.workflow_return(
            area_code="5601", period="2569-01", by=provincial_officer, at=AT, comment="ตัวเลขตำบลบ้านต๋อมสูงเกิน"
        )

        assert statuses(values) == [ValueStatus.DRAFT, ValueStatus.DRAFT]

    def test_submitting_with_nothing_to_submit_says_so(self, drafts, district_officer):
        with pytest.raises(CannotChangeWorkflow) as exc:
            actions.workflow_submit(area_code="5601", period="2569-02", by=district_officer, at=AT)
        assert exc.value.code == "no_drafts_to_submit"


@pytest.mark.django_db
class TestLockAndReopen:
    def test_only_the_centre_locks(self, provincial_officer):
        with pytest.raises(CannotChangeWorkflow):
            actions.period_lock(period="FY2569", by=provincial_officer, at=AT)

    def test_locking_with_unapproved_values_needs_saying_so(self, drafts, national_manager):
        with pytest.raises(CannotChangeWorkflow) as exc:
            actions.period_lock(period="2569-01", by=national_manager, at=AT)
        assert exc.value.code == "values_not_approved"

        assert actions.period_lock(
            period="2569-01", by=national_manager, at=AT, include_unapproved=True
        ).is_active

    def test_a_locked_period_refuses_every_step(self, drafts, district_officer, national_manager):
        actions.period_lock(period="FY2569", by=national_manager, at=AT, include_unapproved=True)

        with pytest.raises(CannotChangeWorkflow) as exc:
            actions.workflow_submit(area_code="5601", period="2569-01", by=district_officer, at=AT)
        assert exc.value.code == "period_locked_centre_reopen"

    def test_reopening_needs_a_reason_and_is_audited(self, drafts, district_officer, national_manager):
        ind, _values = drafts
        lock = actions.period_lock(period="FY2569", by=national_manager, at=AT, include_unapproved=True)

        with pytest.raises(CannotChangeWorkflow) as exc:
            actions.period_reopen(lock=lock, by=national_manager, at=AT, reason="")
        assert exc.value.code == "give_reason_reopening_kept"
        actions.period_reopen(lock=lock, by=national_manager, at=AT, reason="จังหวัดแจ้งแก้ไขข้อมูลเดือนมกราคม")

        entry = AuditLog.objects.get(event=AuditEvent.REOPEN)
        assert entry.detail["reason"] == "จังหวัดแจ้งแก้ไขข้อมูลเดือนมกราคม"
        assert WorkflowEvent.objects.filter(action="REOPEN").exists()
        assert factories.value(ind, "560101", "2569-01", "11", by=district_officer).value == 11

    def test_a_period_is_locked_once_at_a_time(self, national_manager):
        actions.period_lock(period="FY2569", by=national_manager, at=AT)

        with pytest.raises(CannotChangeWorkflow) as exc:
            actions.period_lock(period="FY2569", by=national_manager, at=AT)
        assert exc.value.code == "already_locked"
        assert PeriodLock.objects.count() == 1
