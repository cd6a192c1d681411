"""The audit log reads as sentences a district officer understands, not as stored keys."""

import datetime as dt

import pytest
from django.urls import reverse

from thanrak.accounts.actions import audit_record
from thanrak.accounts.models import AuditEvent

pytestmark = pytest.mark.django_db

AT = dt.datetime(2026, 12, 7, 17, 38, tzinfo=dt.UTC)


class TestAuditLogPage:
    def test_words_an_imports_details_in_thai(self, client, national_manager):
        audit_record(
            by=national_manager,
            event=AuditEvent.IMPORT,
            at=AT,
            object_type="registry.persons",
            detail={"rows": 200, "imported": 191, "skipped": 9, "file": "บ้านดอกคำใต้.xlsx"},
        )
        client.force_login(national_manager)

        page = client.get(reverse("accounts:audit-log")).content.decode()

        assert "จำนวนแถว: 200, นำเข้าแล้ว: 191, ข้าม: 9, ไฟล์: บ้านดอกคำใต้.xlsx" in page
        assert "rows:" not in page and "imported:" not in page
        assert ">ข้อมูลบุคคล <" in page and "registry.persons" not in page

    def test_words_an_exports_masking_and_a_lock_time_in_the_buddhist_era(self, client, national_manager):
        audit_record(
            by=national_manager,
            event=AuditEvent.EXPORT,
            at=AT,
            object_type="registry.persons",
            detail={"rows": 1200, "citizen_ids": "masked", "locked_at": AT.isoformat()},
        )
        client.force_login(national_manager)

        page = client.get(reverse("accounts:audit-log")).content.decode()

        assert "จำนวนแถว: 1,200, ปิดงวดเมื่อ: 8 ธ.ค. 2569 00:38 น., เลขประจำตัวประชาชน: ปิดบางหลัก" in page

    def test_words_a_change_of_a_persons_details_with_thai_field_names_and_buddhist_era_dates(
        self, client, national_manager
    ):
        audit_record(
            by=national_manager,
            event=AuditEvent.CHANGE,
            at=AT,
            object_type="registry.person",
            object_id="5",
            detail={"birth_date": "1980-05-17 → 1981-05-17", "phone": "0812345678 → 0898765432"},
        )
        client.force_login(national_manager)

        page = client.get(reverse("accounts:audit-log")).content.decode()

        assert "วันเกิด: 17 พ.ค. 2523 → 17 พ.ค. 2524, โทรศัพท์: 0812345678 → 0898765432" in page
        assert "birth_date" not in page
