"""A cascading province → district → subdistrict → village picker that works on a phone."""

from typing import Any

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _

from thanrak.geo import queries

LEVEL_LABELS = (_("Province"), _("District"), _("Subdistrict"), _("Village"))


class AreaPickerWidget(forms.Widget):
    """Renders one select per level plus a name/postcode search; submits the deepest code chosen.

    depth: 2 = district, 3 = subdistrict, 4 = village. postal_target: the id of an input the
    picker fills with the subdistrict's postal code (for delivery addresses). within: the codes of
    the areas a person works in (see limit_area_pickers); empty offers the whole country.
    """

    template_name = "geo/area_picker.html"

    def __init__(self, *, depth: int = 4, postal_target: str = "", attrs: dict[str, Any] | None = None):
        super().__init__(attrs)
        self.depth = depth
        self.postal_target = postal_target
        self.within: tuple[str, ...] = ()

    def offers(self, code: str) -> bool:
        """An area is offered when it lies inside one of `within` or on the way down to one."""
        return not self.within or any(code.startswith(w) or w.startswith(code) for w in self.within)

    class Media:
        js = ("js/area-picker.js",)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        code = str(value or "")
        prefixes = [code[:n] for n in (2, 4, 6, 8)[: self.depth] if len(code) >= n]
        levels = []
        for i, label in enumerate(LEVEL_LABELS[: self.depth]):
            parent = "" if i == 0 else (prefixes[i - 1] if i - 1 < len(prefixes) else None)
            options = list(queries.area_children(code=parent)) if parent is not None else []
            levels.append(
                {
                    "label": label,
                    "selected": prefixes[i] if i < len(prefixes) else "",
                    "options": [
                        {
                            "code": a.code,
                            "name": str(a) if len(a.code) == 8 else a.name,
                            "postal": getattr(a, "postal_codes", ""),
                        }
                        for a in options
                        if self.offers(a.code)
                    ],
                }
            )
        context["widget"].update(
            {
                "levels": levels,
                "depth": self.depth,
                "postal_target": self.postal_target,
                "within": " ".join(self.within),
            }
        )
        return context


def limit_area_pickers(form: forms.Form, area_codes: tuple[str, ...]) -> None:
    """Offer only the areas a person works in (a district officer sees one province, not 77) in
    every area picker of the form; no codes (a national manager) leaves the whole country."""
    for field in form.fields.values():
        if isinstance(field.widget, AreaPickerWidget):
            field.widget.within = tuple(area_codes)


class AreaField(forms.CharField):
    """A DOPA code chosen with the picker; `min_depth` is the level the user must reach."""

    def __init__(
        self, *, depth: int = 4, min_depth: int | None = None, postal_target: str = "", **kwargs: Any
    ):
        self.min_depth = min_depth or depth
        kwargs.setdefault("widget", AreaPickerWidget(depth=depth, postal_target=postal_target))
        super().__init__(max_length=8, **kwargs)

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if value in self.empty_values:
            return value
        lengths = {2: 1, 4: 2, 6: 3, 8: 4}
        if not value.isdigit() or len(value) not in lengths:
            raise forms.ValidationError(_("Choose an area from the list."), code="invalid")
        if lengths[len(value)] < self.min_depth:
            raise forms.ValidationError(
                _("Choose down to the %(level)s."),
                code="too_wide",
                params={"level": LEVEL_LABELS[self.min_depth - 1]},
            )
        try:
            queries.area_get(code=value)
        except ObjectDoesNotExist as exc:
            raise forms.ValidationError(_("This area does not exist."), code="unknown") from exc
        return value
