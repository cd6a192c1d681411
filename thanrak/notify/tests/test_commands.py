import io

from django.core.management import call_command

from thanrak.notify import actions
from thanrak.notify.models import Message, Status
from thanrak.notify.tests.conftest import NOON


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_notify_due_twice_queues_once_and_notify_send_sends(provider, borrower_setup):
    actions.set_mobile(person=borrower_setup["borrower"].person, mobile="0812345678", consent=True, at=NOON)
    assert "installment_due: 1" in run("notify_due", "--date", "2025-02-26")
    assert "installment_due: 0" in run("notify_due", "--date", "2025-02-26")
    Message.objects.update(next_attempt_at=NOON)
    out = run("notify_send")
    assert Message.objects.get().status in (Status.SENT, Status.DEFERRED)  # deferred when run at night
    assert "SENT: 1" in out or "DEFERRED: 1" in out
    assert "nothing to send" in run("notify_send") or Message.objects.get().status == Status.DEFERRED


def test_organisation_panel(client, org_officer, enterprise):
    client.force_login(org_officer)
    page = client.get(f"/notify/panels/organisation/{enterprise.pk}/")
    assert (
        page.status_code == 200 and f"/notify/organisations/{enterprise.pk}/kinds/" in page.content.decode()
    )
