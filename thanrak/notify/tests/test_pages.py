"""Pages and the API by persona: the member's own settings, the officers' outbox (scoped, masked),
the national manager's texts."""

import pytest
from django.utils import timezone

from thanrak.accounts.actions import token_create
from thanrak.notify import actions
from thanrak.notify.models import Channel, Message, Template
from thanrak.notify.tests.conftest import NOON
from thanrak.notify.tests.test_outbox import DUE_SOON


def auth(user):  # noqa: ANN001, ANN201
    _token, key = token_create(user=user, name="test", at=timezone.now())
    return {"Authorization": f"Bearer {key}"}


class TestMemberPage:
    def test_shows_a_link_code_and_keeps_a_mobile_with_consent(self, client, member):
        client.force_login(member)
        assert client.get("/notify/me/").status_code == 200
        client.post("/notify/me/line-code/")
        code = Channel.objects.get(person=member.person, kind="LINE").link_code
        assert code and code in client.get("/notify/me/").content.decode()
        response = client.post("/notify/me/mobile/", {"mobile": "081 234 5678", "consent": "on"})
        assert response.status_code == 302
        sms = Channel.objects.get(person=member.person, kind="SMS")
        assert sms.address == "0812345678" and sms.consented

    def test_a_wrong_number_is_named_in_thai(self, client, member):
        client.force_login(member)
        page = client.post("/notify/me/mobile/", {"mobile": "12345"}, headers={"Accept-Language": "th"})
        assert page.status_code == 200
        assert "aria-invalid" in page.content.decode()
        assert not Channel.objects.filter(person=member.person, kind="SMS").exclude(address="").exists()

    def test_one_tap_withdraws_and_gives_back(self, client, member):
        actions.set_mobile(person=member.person, mobile="0812345678", consent=True, at=NOON)
        client.force_login(member)
        client.post("/notify/me/consent/", {"channel": "SMS"})
        assert not Channel.objects.get(person=member.person, kind="SMS").consented
        client.post("/notify/me/consent/", {"channel": "SMS", "give": "on"})
        assert Channel.objects.get(person=member.person, kind="SMS").consented

    def test_kinds_off_and_on(self, client, member):
        client.force_login(member)
        client.post("/notify/me/kinds/", {"kind": "installment_due"})
        from thanrak.notify.models import Mute

        assert Mute.objects.filter(person=member.person, kind="installment_due").exists()
        client.post("/notify/me/kinds/", {"kind": "installment_due", "enabled": "on"})
        assert not Mute.objects.filter(person=member.person).exists()

    def test_the_member_chooses_english_and_their_messages_are_in_english(self, client, member):
        actions.set_mobile(person=member.person, mobile="0812345678", consent=True, at=NOON)
        client.force_login(member)
        assert client.post("/notify/me/language/", {"language": "en"}).status_code == 302
        assert 'value="en" selected' in client.get("/notify/me/").content.decode()
        message = actions.queue(
            person=member.person,
            kind="money_received",
            params={"fund": "F", "amount": "100.00", "what": "savings", "date": "1 Mar 2025"},
            reason="t",
            dedupe_key="t1",
            at=NOON,
        )
        assert message.text == "Thanrak: F received 100.00 baht (savings) on 1 Mar 2025"
        client.post("/notify/me/language/", {"language": "th"})
        again = actions.queue(
            person=member.person, kind="money_received", params={}, reason="t", dedupe_key="t2", at=NOON
        )
        assert again.text.startswith("ธันรักษ์:")

    def test_an_unknown_language_is_refused_in_words(self, client, member):
        client.force_login(member)
        response = client.post("/notify/me/language/", {"language": "fr"}, follow=True)
        assert (
            "Choose Thai or English." in response.content.decode()
            or "เลือกภาษาไทย" in response.content.decode()
        )

    @pytest.mark.parametrize("role_user", ["district_officer", "national_manager", "org_officer"])
    def test_not_for_staff(self, client, request, role_user):
        client.force_login(request.getfixturevalue(role_user))
        assert client.get("/notify/me/").status_code == 403


@pytest.fixture
def sent(provider, borrower_setup):  # noqa: ANN001
    person = borrower_setup["borrower"].person
    actions.set_mobile(person=person, mobile="0812345678", consent=True, at=NOON)
    actions.queue_due(on=DUE_SOON, at=NOON)
    actions.send_due(now=NOON)
    return borrower_setup


class TestOutboxScope:
    @pytest.mark.parametrize(
        ("who", "status", "sees"),
        [
            ("national_manager", 200, True),
            ("district_officer", 200, True),  # Mueang Phayao: the borrower's district
            ("auditor", 200, True),
            ("other_district_officer", 200, False),
            ("officer_elsewhere", 200, False),
            ("volunteer", 403, False),
            ("member", 403, False),
            ("buyer", 403, False),
        ],
    )
    def test_who_sees_what(self, client, request, sent, who, status, sees):
        client.force_login(request.getfixturevalue(who))
        page = client.get("/notify/outbox/")
        assert page.status_code == status
        if status == 200:
            html = page.content.decode()
            assert (sent["loan"].number in html) is sees
            assert "0812345678" not in html
            if sees:
                assert "081-xxx-5678" in html

    def test_the_fund_s_treasurer_sees_its_members_messages(self, client, sent):
        client.force_login(sent["treasurer"])
        assert sent["loan"].number in client.get("/notify/outbox/").content.decode()

    def test_the_api_masks_and_scopes(self, client, sent, district_officer, other_district_officer):
        page = client.get("/api/v1/notify/messages", headers=auth(district_officer)).json()
        assert page["count"] == 1 and page["items"][0]["to"] == "081-xxx-5678"
        assert page["items"][0]["status"] == "SENT"
        message_id = page["items"][0]["id"]
        assert (
            client.get(f"/api/v1/notify/messages/{message_id}", headers=auth(district_officer)).status_code
            == 200
        )
        other = auth(other_district_officer)
        assert client.get("/api/v1/notify/messages", headers=other).json()["count"] == 0
        assert client.get(f"/api/v1/notify/messages/{message_id}", headers=other).status_code == 404


class TestOwnApi:
    def test_consent_over_the_api(self, client, member):
        actions.set_mobile(person=member.person, mobile="0812345678", consent=True, at=NOON)
        headers = auth(member)
        own = client.get("/api/v1/notify/me", headers=headers).json()
        assert own["channels"][0]["to"] == "081-xxx-5678" and own["channels"][0]["consented"]
        withdrawn = client.post(
            "/api/v1/notify/me/consent",
            {"channel": "SMS", "give": False},
            content_type="application/json",
            headers=headers,
        ).json()
        assert withdrawn["channels"][0]["consented"] is False

    def test_giving_consent_to_an_unlinked_channel_has_a_code(self, client, member):
        answer = client.post(
            "/api/v1/notify/me/consent",
            {"channel": "LINE", "give": True},
            content_type="application/json",
            headers=auth(member),
        )
        assert answer.status_code == 422 and answer.json()["code"] == "channel_not_linked"


class TestTemplates:
    def test_the_national_manager_edits_a_text(self, client, national_manager, provider, borrower_setup):
        client.force_login(national_manager)
        assert client.get("/notify/templates/").status_code == 200
        response = client.post(
            "/notify/templates/", {"kind": "installment_due", "text_th": "ครบกำหนด {date} ยอด {amount} บาท"}
        )
        assert response.status_code == 302
        assert Template.objects.get(kind="installment_due").updated_by == national_manager
        actions.set_mobile(
            person=borrower_setup["borrower"].person, mobile="0812345678", consent=True, at=NOON
        )
        actions.queue_due(on=DUE_SOON, at=NOON)
        assert Message.objects.get().text.startswith("ครบกำหนด 1 มี.ค. 2568 ยอด")

    def test_a_broken_placeholder_is_refused(self, client, national_manager):
        client.force_login(national_manager)
        page = client.post("/notify/templates/", {"kind": "installment_due", "text_th": "ครบ {date"})
        assert page.status_code == 200 and not Template.objects.exists()

    def test_codes(self, national_manager):
        from thanrak.notify.errors import CannotEditTemplate

        for text, code in (("", "text_required"), ("x" * 301, "text_too_long"), ("{date", "bad_placeholder")):
            with pytest.raises(CannotEditTemplate) as refused:
                actions.template_update(kind="installment_due", text_th=text, by=national_manager)
            assert refused.value.code == code

    @pytest.mark.parametrize("who", ["district_officer", "org_officer", "member"])
    def test_only_the_national_manager(self, client, request, who):
        client.force_login(request.getfixturevalue(who))
        assert client.get("/notify/templates/").status_code == 403


class TestOrganisationKinds:
    def test_the_officer_turns_a_kind_off_for_their_organisation(self, client, org_officer, enterprise):
        from thanrak.notify.models import Mute

        client.force_login(org_officer)
        assert client.get(f"/notify/organisations/{enterprise.pk}/kinds/").status_code == 200
        client.post(f"/notify/organisations/{enterprise.pk}/kinds/", {"kind": "loan_decision"})
        assert Mute.objects.filter(organisation=enterprise, kind="loan_decision").exists()

    def test_not_another_organisation(self, client, org_officer, national_manager):
        from thanrak.registry.tests import factories

        other = factories.organisation(by=national_manager, name_th="อื่น")
        client.force_login(org_officer)
        assert client.get(f"/notify/organisations/{other.pk}/kinds/").status_code == 404
