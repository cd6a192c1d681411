"""The outbox as officers read it: scoped to their organisations or areas, addresses masked."""

from django.db.models import QuerySet

from thanrak.accounts.models import User
from thanrak.notify.models import Channel, CollectionDay, FundPromptPay, Message, Mute, Status, Template
from thanrak.notify.rules import mask_address
from thanrak.notify.texts import DEFAULTS
from thanrak.registry.models import Organisation


def outbox_list(*, viewer: User, status: str = "", kind: str = "") -> QuerySet[Message]:
    qs = Message.objects.visible_to(viewer).select_related("person").order_by("-created_at", "-pk")
    if status in Status.values:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def message_get(*, viewer: User, message_id: int) -> Message:
    return Message.objects.visible_to(viewer).select_related("person").get(pk=message_id)


def masked_to(message: Message) -> str:
    """Where it went, masked (the officer needs to know it went, not the number)."""
    address = (
        Channel.objects.filter(person_id=message.person_id, kind=message.channel)
        .values_list("address", flat=True)
        .first()
    )
    return mask_address(message.channel, address or "")


def templates_list() -> list[tuple[str, str, str, str]]:
    """Each kind: value, label, Thai text in use, English text in use."""
    from thanrak.notify.models import Kind

    rows = {t.kind: t for t in Template.objects.all()}
    out = []
    for kind in Kind:
        row = rows.get(kind.value)
        th, en = DEFAULTS[kind.value]
        out.append(
            (kind.value, str(kind.label), row.text_th if row else th, (row.text_en if row else en) or en)
        )
    return out


def organisation_mutes(*, organisation: Organisation) -> set[str]:
    return set(Mute.objects.filter(organisation=organisation).values_list("kind", flat=True))


def collection_days(*, viewer: User, organisation: Organisation) -> list[tuple[int, str, int | None, str]]:
    """The organisation's funds the viewer sees: id, name, collection day (None: not set), PromptPay ID."""
    from thanrak.finance.models import Fund

    funds = Fund.objects.visible_to(viewer).filter(organisation=organisation, is_active=True).order_by("pk")
    days = dict(CollectionDay.objects.filter(fund__in=funds).values_list("fund_id", "day"))
    ids = dict(FundPromptPay.objects.filter(fund__in=funds).values_list("fund_id", "account"))
    return [(f.pk, f.name_th, days.get(f.pk), ids.get(f.pk, "")) for f in funds]


def organisation_for(*, viewer: User, organisation_id: int) -> Organisation:
    return Organisation.objects.visible_to(viewer).get(pk=organisation_id)
