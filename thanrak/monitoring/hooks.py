"""What monitoring offers other modules through their hooks (read by them, never imported by name)."""

from typing import Any

from django.utils.translation import gettext as _


def survey_help_links() -> list[tuple[str, str, Any, Any, Any]]:
    """The kinds of monitoring records that help given to a household can be linked to (survey's
    follow-up): the programmes, whichever household it is."""
    from thanrak.monitoring.models import Programme

    return [
        (
            _("Programmes"),
            "monitoring.programme",
            Programme.objects.all(),
            lambda x: f"{x.section} {x.name}",
            lambda qs, people: qs.order_by("sort_key", "pk"),
        ),
    ]
