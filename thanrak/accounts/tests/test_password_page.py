"""Changing one's password is explained and refused in Thai."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


class TestPasswordChangePage:
    def test_states_the_password_rules_in_thai(self, client, district_officer):
        client.force_login(district_officer)

        page = client.get(reverse("accounts:password-change")).content.decode()

        assert "รหัสผ่านต้องมีอย่างน้อย 8 ตัวอักษร" in page
        assert "รหัสผ่านต้องไม่เป็นตัวเลขล้วน" in page
        assert "พิมพ์รหัสผ่านใหม่อีกครั้งให้ตรงกัน" in page
        assert "Your password" not in page and "verification" not in page

    def test_refuses_a_short_numeric_password_in_thai(self, client, district_officer):
        client.force_login(district_officer)

        page = client.post(
            reverse("accounts:password-change"),
            {"old_password": "pw-for-tests-123", "new_password1": "1234", "new_password2": "1234"},
        ).content.decode()

        assert "รหัสผ่านสั้นเกินไป ต้องมีอย่างน้อย 8 ตัวอักษร" in page
        assert "รหัสผ่านนี้เป็นตัวเลขล้วน" in page
        assert "This password" not in page
