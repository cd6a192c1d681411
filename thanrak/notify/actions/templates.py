"""The national manager edits the texts."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.notify.errors import CannotEditTemplate
from thanrak.notify.models import Kind, Template
from thanrak.notify.rules import render
from thanrak.notify.texts import PLACEHOLDERS

MAX_LENGTH = 300


@transaction.atomic
def template_update(*, kind: str, text_th: str, text_en: str = "", by: User) -> Template:
    if kind not in Kind.values:
        raise CannotEditTemplate(_("Choose a kind of message."), code="unknown_kind", field="kind")
    text_th = (text_th or "").strip()
    if not text_th:
        raise CannotEditTemplate(_("Write the Thai text."), code="text_required", field="text_th")
    if len(text_th) > MAX_LENGTH:
        raise CannotEditTemplate(
            _("Keep the text under %(n)s characters."),
            code="text_too_long",
            field="text_th",
            params={"n": MAX_LENGTH},
        )
    sample = {name: "x" for name in PLACEHOLDERS}
    if "{" in render(text_th, sample) or "}" in render(text_th, sample):
        raise CannotEditTemplate(
            _("A placeholder is not closed: write {fund}, {loan}, {date}, {amount}, {days} or {decision}."),
            code="bad_placeholder",
            field="text_th",
        )
    row, _created = Template.objects.update_or_create(
        kind=kind, defaults={"text_th": text_th, "text_en": (text_en or "").strip(), "updated_by": by}
    )
    return row
