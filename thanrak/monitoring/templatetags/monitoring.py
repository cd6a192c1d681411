"""{% monitoring_nav %}: the module's sub-menu, only the pages the viewer's role may open;
{{ line|achieved }} and friends format a figure in the reader's language."""

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from thanrak.core.access import user_may
from thanrak.monitoring.formatting import format_percent, format_stored

register = template.Library()

PAGES = [
    ("monitoring:dashboard", _("Dashboard"), "monitoring.dashboard", "view"),
    ("monitoring:programme-list", _("Programmes"), "monitoring.programme", "view"),
    ("monitoring:entry", _("Enter values"), "monitoring.value", "change"),
    ("monitoring:workflow", _("Submit and approve"), "monitoring.workflow", "view"),
    ("monitoring:value-list", _("Values"), "monitoring.value", "view"),
    ("monitoring:exchange", _("Import and export"), "monitoring.value", "view"),
    ("monitoring:report", _("Report"), "monitoring.report", "view"),
    ("monitoring:published", _("Published figures"), "monitoring.report", "view"),
    ("monitoring:computations", _("Computed indicators"), "monitoring.computation", "view"),
    ("monitoring:coverage", _("Report coverage"), "monitoring.computation", "view"),
]


@register.inclusion_tag("monitoring/includes/subnav.html", takes_context=True)
def monitoring_nav(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    items = []
    for name, label, resource, action in PAGES:
        if user_may(request.user, resource, action):
            url = reverse(name)
            current = request.path == url or (
                url != reverse("monitoring:dashboard") and request.path.startswith(url)
            )
            items.append({"url": url, "label": label, "current": current})
    return {"items": items}


def _lang() -> str:
    return get_language() or "th"


@register.filter
def achieved(line: Any) -> str:
    return line.achieved_text(lang=_lang())


@register.filter
def target(line: Any) -> str:
    return line.target_text(lang=_lang())


@register.filter
def pct(line: Any) -> str:
    return line.percent_text(lang=_lang())


@register.filter
def previous(line: Any) -> str:
    return line.previous_text(lang=_lang())


@register.filter
def stored(value: int | None, indicator: Any) -> str:
    """{{ revision.new_value|stored:indicator }}: a stored integer in the indicator's unit."""
    if value is None or value == "":
        return "—"
    return format_stored(indicator, int(value), lang=_lang())


@register.filter
def percent(value: Any) -> str:
    return format_percent(value, lang=_lang())


@register.filter
def unit(indicator: Any) -> str:
    return indicator.unit_word(_lang())


@register.filter
def area_label(code: str) -> str:
    return code or "TH"


@register.filter
def lookup(mapping: dict | None, key: Any) -> Any:
    return (mapping or {}).get(key, "")
