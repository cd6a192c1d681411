import re

import pytest


@pytest.mark.django_db
class TestLoginPage:
    def test_speaks_thai_even_to_an_english_browser_until_the_person_picks_english(self, client):
        thai = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en")
        client.cookies["django_language"] = "en"
        english = client.get("/login/")

        assert thai.status_code == english.status_code == 200
        assert '<html lang="th"' in thai.text
        assert "<h1>เข้าสู่ระบบ</h1>" in thai.text
        assert '<html lang="en"' in english.text
        assert "<h1>Log in</h1>" in english.text

    def test_lets_a_user_in_with_the_right_password_only(self, client, district_officer):
        wrong = client.post("/login/", {"username": district_officer.username, "password": "wrong-password"})

        assert wrong.status_code == 200
        assert "_auth_user_id" not in client.session

        right = client.post(
            "/login/", {"username": district_officer.username, "password": "pw-for-tests-123"}
        )

        assert right.status_code == 302
        assert client.session["_auth_user_id"] == str(district_officer.pk)


@pytest.mark.django_db
class TestApiDocumentation:
    def test_the_interactive_docs_load_nothing_from_the_internet(self, client):
        response = client.get("/api/v1/docs")

        assert response.status_code == 200
        assets = re.findall(r'(?:src|href)="([^"]+)"', response.text)
        assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
        assert not [a for a in assets if a.startswith(("http:", "https:", "//"))]
