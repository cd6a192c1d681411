"""Guessing passwords: after too many wrong ones a login is locked for a while, in Thai, and audited (D19)."""

import base64
import datetime as dt

import pytest
from django.test import Client

from thanrak.accounts.models import AuditEvent, AuditLog

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-123"


def try_login(client: Client, username: str, password: str, ip: str = "203.0.113.7"):  # noqa: ANN201
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def let_the_lock_expire(minutes: int = 16) -> None:
    """Move every wrong password `minutes` into the past, as if that time had passed."""
    for entry in AuditLog.objects.filter(event__in=[AuditEvent.LOGIN_FAILED, AuditEvent.LOGIN_LOCKED]):
        AuditLog.objects.filter(pk=entry.pk).update(at=entry.at - dt.timedelta(minutes=minutes))


class TestLoginPage:
    def test_refuses_the_right_password_after_thirty_wrong_ones(self, client, volunteer):
        for _ in range(30):
            try_login(client, "volunteer_moo1", "guess")

        page = try_login(client, "volunteer_moo1", PASSWORD)

        assert not logged_in(client)
        assert "ใส่รหัสผ่านผิดหลายครั้งเกินไป ระงับการเข้าสู่ระบบชั่วคราว 15 นาที" in page.content.decode()

    def test_the_lock_expires(self, client, volunteer):
        for _ in range(30):
            try_login(client, "volunteer_moo1", "guess")
        let_the_lock_expire()

        try_login(client, "volunteer_moo1", PASSWORD)

        assert logged_in(client)

    def test_a_few_wrong_passwords_do_not_lock(self, client, volunteer):
        for _ in range(3):
            page = try_login(client, "volunteer_moo1", "guess")
        assert "ระงับ" not in page.content.decode()

        try_login(client, "volunteer_moo1", PASSWORD)

        assert logged_in(client)

    def test_locks_the_username_from_any_address(self, client, volunteer):
        for n in range(10):
            try_login(client, "volunteer_moo1", "guess", ip=f"198.51.100.{n}")

        try_login(client, "volunteer_moo1", PASSWORD, ip="192.0.2.1")

        assert not logged_in(client)

    def test_locks_an_address_guessing_many_usernames(self, client, volunteer):
        for n in range(50):
            try_login(client, f"nobody{n}", "guess")

        try_login(client, "volunteer_moo1", PASSWORD)
        assert not logged_in(client)
        try_login(client, "volunteer_moo1", PASSWORD, ip="192.0.2.1")
        assert logged_in(client)

    def test_audits_each_wrong_password_and_the_lock(self, client, volunteer):
        for _ in range(12):
            try_login(client, "volunteer_moo1", "guess")

        failed = AuditLog.objects.filter(event=AuditEvent.LOGIN_FAILED)
        assert failed.count() == 10  # the guesses made while locked are not even checked
        assert {e.ip for e in failed} == {"203.0.113.7"}
        [lock] = AuditLog.objects.filter(event=AuditEvent.LOGIN_LOCKED)
        assert lock.user == volunteer and lock.object_id == "volunteer_moo1"


class TestOpenRosaBasicAuth:
    def basic(self, password: str) -> dict[str, str]:
        token = base64.b64encode(f"volunteer_moo1:{password}".encode()).decode()
        return {"HTTP_AUTHORIZATION": f"Basic {token}", "REMOTE_ADDR": "203.0.113.7"}

    def test_form_list_locks_after_thirty_wrong_passwords(self, client, volunteer):
        for _ in range(30):
            client.get("/openrosa/formList", **self.basic("guess"))

        page = client.get("/openrosa/formList", **self.basic(PASSWORD))

        assert page.status_code == 429
        assert "ระงับการเข้าสู่ระบบชั่วคราว" in page.content.decode()

    def test_a_lock_from_the_login_page_holds_for_odk_collect(self, client, volunteer):
        for _ in range(10):
            try_login(client, "volunteer_moo1", "guess")

        assert client.get("/openrosa/formList", **self.basic(PASSWORD)).status_code == 429
        let_the_lock_expire()
        assert client.get("/openrosa/formList", **self.basic(PASSWORD)).status_code == 200
