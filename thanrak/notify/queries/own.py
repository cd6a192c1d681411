"""The member's own channels, consent, kinds and messages."""

from dataclasses import dataclass, field

from thanrak.accounts.models import User
from thanrak.accounts.scope import scope_of
from thanrak.notify.models import Channel, ChannelKind, Kind, Language, Message, Mute, Preference
from thanrak.registry.models import Person


@dataclass
class Own:
    person: Person
    line: Channel | None
    sms: Channel | None
    kinds: list[tuple[str, str, bool]] = field(default_factory=list)  # value, label, on
    messages: list[Message] = field(default_factory=list)
    language: str = Language.TH


def own_person(*, viewer: User) -> Person:
    """The viewer's registry person; DoesNotExist (a 404) for a login without one."""
    return Person.objects.get(pk=scope_of(viewer).person_id or 0)


def own_settings(*, viewer: User) -> Own:
    person = own_person(viewer=viewer)
    channels = {c.kind: c for c in Channel.objects.visible_to(viewer).filter(person=person)}
    muted = set(Mute.objects.filter(person=person).values_list("kind", flat=True))
    return Own(
        person=person,
        line=channels.get(ChannelKind.LINE),
        sms=channels.get(ChannelKind.SMS),
        kinds=[(k.value, str(k.label), k.value not in muted) for k in Kind],
        messages=list(Message.objects.visible_to(viewer).filter(person=person).order_by("-created_at")[:20]),
        language=Preference.objects.filter(person=person).values_list("language", flat=True).first()
        or Language.TH,
    )
