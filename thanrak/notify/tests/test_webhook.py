import json

import pytest

from thanrak.notify import actions, providers
from thanrak.notify.models import Channel
from thanrak.notify.tests.conftest import NOON

URL = "/notify/line/webhook"
USER = "U4af4980629abcdef0123456789abcdef"


def post(client, events, secret="line-secret"):  # noqa: ANN001, ANN201
    body = json.dumps({"destination": "Uxxx", "events": events}).encode()
    signature = providers.line_signature(body, secret)
    return client.post(URL, body, content_type="application/json", headers={"X-Line-Signature": signature})


def text_event(text: str) -> dict:
    return {
        "type": "message",
        "source": {"type": "user", "userId": USER},
        "message": {"type": "text", "text": text},
    }


@pytest.fixture
def code(member, settings):  # noqa: ANN001
    settings.LINE_CHANNEL_SECRET = "line-secret"
    return actions.new_link_code(person=member.person)


def test_a_wrong_signature_is_refused(client, code):
    assert post(client, [text_event(code)], secret="not-the-secret").status_code == 403
    assert not Channel.objects.filter(address=USER).exists()


def test_no_secret_configured_refuses_everything(client, code, settings):
    settings.LINE_CHANNEL_SECRET = ""
    assert post(client, [text_event(code)], secret="").status_code == 403


def test_the_code_links_and_records_consent(client, code, member):
    assert post(client, [text_event(f"รหัส {code.lower()}")]).status_code == 200
    channel = Channel.objects.get(person=member.person, kind="LINE")
    assert (channel.address, channel.link_code, channel.consented) == (USER, "", True)
    assert channel.consent_purpose
    # the code is spent
    assert post(client, [{**text_event(code), "source": {"userId": "Uother"}}]).status_code == 200
    assert not Channel.objects.filter(address="Uother").exists()


def test_stop_withdraws(client, code, member):
    post(client, [text_event(code)])
    post(client, [text_event("หยุด")])
    channel = Channel.objects.get(person=member.person, kind="LINE")
    assert channel.withdrawn_at is not None and not channel.consented


def test_unfollow_withdraws(client, code, member):
    post(client, [text_event(code)])
    post(client, [{"type": "unfollow", "source": {"userId": USER}}])
    assert not Channel.objects.get(person=member.person, kind="LINE").consented


def test_link_with_an_unknown_code_has_a_code():
    from thanrak.notify.errors import CannotLinkChannel

    with pytest.raises(CannotLinkChannel) as refused:
        actions.link_line(code="ZZZZZZ", user_id=USER, at=NOON)
    assert refused.value.code == "unknown_link_code"


pytestmark = pytest.mark.django_db
