"""The one-time LINE link code printed on the member's passbook (finance's PDF asks notify through
the `passbook_lines` hook): the printed code links the account through the webhook."""

import re

import pytest
from django.urls import reverse

from thanrak.core.testing.pdf import pdf_text
from thanrak.notify.models import Channel
from thanrak.notify.tests.test_webhook import USER, post, text_event


def _passbook(client, treasurer, member) -> str:  # noqa: ANN001
    client.force_login(treasurer)
    response = client.get(reverse("finance:member-passbook-pdf", args=[member.pk]))
    assert response.status_code == 200
    return pdf_text(response.content)


def test_the_printed_code_links_the_members_line(client, borrower_setup, settings):
    settings.LINE_CHANNEL_SECRET = "line-secret"
    member = borrower_setup["borrower"]
    text = _passbook(client, borrower_setup["treasurer"], member)
    found = re.search(r"ส่งรหัสนี้:\s*([A-Z2-9]{6})", text)
    assert found, text
    code = found.group(1)
    assert Channel.objects.get(person=member.person, kind="LINE").link_code == code
    # printing again shows the same code (it is spent only when used)
    assert code in _passbook(client, borrower_setup["treasurer"], member)

    client.logout()
    assert post(client, [text_event(code)]).status_code == 200
    channel = Channel.objects.get(person=member.person, kind="LINE")
    assert (channel.address, channel.consented) == (USER, True)
    # once linked, the passbook prints no code
    assert "ส่งรหัสนี้" not in _passbook(client, borrower_setup["treasurer"], member)


@pytest.mark.parametrize("persona", ["org_officer"])
def test_who_may_not_see_the_passbook_gets_no_code(client, borrower_setup, persona, request):  # noqa: ANN001
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("finance:member-passbook-pdf", args=[borrower_setup["borrower"].pk]))
    assert response.status_code in (403, 404)
    assert not Channel.objects.filter(person=borrower_setup["borrower"].person).exists()
