"""Helpers shared by the survey pages."""

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from thanrak.accounts.scope import scope_of
from thanrak.core.access import user_may
from thanrak.core.errors import DomainError
from thanrak.survey.forms import FileForm


def _refusal(exc: Exception) -> str:
    """What a person reads when an action refuses: the rule's own words, or that the area is not theirs."""
    if isinstance(exc, DomainError):
        return str(exc)
    return _("This round covers more than your areas: an officer of its whole area does this.")


def _may_run(request: HttpRequest, round_: Any) -> bool:
    """Evaluating a round and running targeting take the whole round's area (OutsideScope otherwise)."""
    return user_may(request.user, "survey.targeting", "change") and scope_of(request.user).covers_area(
        round_.area_code
    )


def _upload(request: HttpRequest, form: FileForm) -> bytes:
    """The uploaded bytes; a half-uploaded or oversized file surfaces as a DomainError message."""
    f = form.cleaned_data["file"]
    if f.size > settings.THANRAK_MAX_IMPORT_BYTES:
        raise DomainError(
            _("The file is larger than %(mb)s MB.") % {"mb": settings.THANRAK_MAX_IMPORT_BYTES // 2**20}
        )
    return f.read()


def _chart_bar(values: list[dict[str, Any]], x: str, y: str, title: str, *, whole: bool = False) -> str:
    """A bar per row; `whole` counts (persons, households) tick in whole numbers, never 0.5."""
    axis = {"tickMinStep": 1, "format": ",d"} if whole else {}
    return json.dumps(
        {
            "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
            "title": title,
            "width": "container",
            "height": 220,
            "data": {"values": values},
            "mark": "bar",
            "encoding": {
                "y": {"field": x, "type": "nominal", "sort": "-x", "title": None},
                "x": {"field": y, "type": "quantitative", "title": None, "axis": axis},
            },
        },
        ensure_ascii=False,
    )
