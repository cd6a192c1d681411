import pytest


@pytest.mark.django_db
class TestLoginPage:
    def test_shows_the_login_form_in_thai_by_default(self, client):
        response = client.get("/login/")

        assert response.status_code == 200
        assert "เข้าสู่ระบบ" in response.text or "Log in" in response.text
