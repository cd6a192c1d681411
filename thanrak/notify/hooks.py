"""What notify offers other modules through their hooks (read by them, never imported by name)."""

from django.utils.translation import gettext as _

from thanrak.notify.models import Channel, ChannelKind


def passbook_lines(*, person: object) -> list[str]:
    """Lines for the member's printed passbook (finance's): the one-time LINE link code, made if the
    person has none yet; nothing once their LINE is linked with consent."""
    from thanrak.notify.actions import new_link_code

    line = Channel.objects.filter(person=person, kind=ChannelKind.LINE).first()
    if line is not None and line.consented:
        return []
    code = line.link_code if line is not None and line.link_code else new_link_code(person=person)
    return [
        _("Get messages on LINE: add the fund's LINE account as a friend and send this code: %(code)s")
        % {"code": code}
    ]
