"""Background work of notify (django.tasks; the database worker runs them)."""

from django.tasks import task

from thanrak.notify import actions


@task()
def send_message(message_id: int) -> str:
    """Try one queued message (its rules decide: now, later or never); its status afterwards."""
    return actions.send_one(message_id=message_id)


@task()
def send_due() -> dict:
    """Work the queue once (messages deferred by quiet hours, the cap, or waiting for a retry)."""
    return actions.send_due()
