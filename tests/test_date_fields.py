"""Every date a person types goes through one Thai date field: B.E. shown and read, no browser C.E. picker."""

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

from django import forms

import thanrak
from thanrak.core.forms import ThaiDateField

ROOT = Path(thanrak.__file__).resolve().parent


def forms_modules() -> list[object]:
    """Every thanrak.<app>.forms module (and forms packages' modules)."""
    found = []
    for info in pkgutil.walk_packages([str(ROOT)], prefix="thanrak."):
        if info.name.rsplit(".", 1)[-1] == "forms" or ".forms." in info.name:
            found.append(importlib.import_module(info.name))
    return found


def date_fields_not_thai() -> list[str]:
    found = []
    for module in forms_modules():
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, forms.BaseForm):
                continue
            for field_name, field in getattr(cls, "base_fields", {}).items():
                widget_type = getattr(field.widget, "input_type", "")
                if isinstance(field, forms.DateField) and not isinstance(field, ThaiDateField):
                    found.append(f"{module.__name__}.{name}.{field_name} is a {type(field).__name__}")
                elif widget_type in ("date", "month", "datetime-local"):
                    found.append(f"{module.__name__}.{name}.{field_name} has a type={widget_type} input")
    return found


class TestEveryDateField:
    def test_the_walk_finds_the_forms_of_every_app_with_dates(self):
        names = {m.__name__ for m in forms_modules()}

        assert {"thanrak.finance.forms", "thanrak.survey.forms", "thanrak.commerce.forms"} <= names
        assert {"thanrak.registry.forms", "thanrak.core.forms"} <= names

    def test_every_date_field_of_every_form_is_the_thai_date_field(self):
        assert date_fields_not_thai() == []

    def test_no_template_writes_a_browser_date_picker_by_hand(self):
        pattern = re.compile(r"""type=["']?(date|month|datetime-local)\b""")
        found = [
            str(path.relative_to(ROOT))
            for path in ROOT.glob("*/templates/**/*.html")
            if pattern.search(path.read_text(encoding="utf-8"))
        ]
        found += [
            str(p.relative_to(ROOT))
            for p in (ROOT / "templates").glob("**/*.html")
            if pattern.search(p.read_text(encoding="utf-8"))
        ]

        assert sorted(found) == []


class TestTodayIsTheDayInBangkok:
    """`at.date()` of a UTC moment is yesterday between 00:00 and 07:00 Thai time; date.today() and
    datetime.now() read the server's zone. The day is timezone.localdate() or timezone.localdate(at)."""

    UTC_DAY = re.compile(r"\b(at|now\(\)|\w+_at)\.date\(\)|\bdate\.today\(\)|\bdatetime\.now\(|\butcnow\(")

    def test_no_action_view_or_api_takes_the_utc_day(self):
        found = [
            f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
            for pattern in (
                "**/actions.py",
                "**/actions/*.py",
                "**/views.py",
                "**/views/*.py",
                "**/api.py",
                "**/api/*.py",
                "**/queries.py",
            )
            for path in ROOT.glob(pattern)
            if "/tests/" not in str(path)
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
            if self.UTC_DAY.search(line) and "is_aware(" not in line  # a naive moment is already local
        ]

        assert found == []


class TestEveryAmountField:
    """Money typed by people goes through core.money.parse_baht, by AmountField: one parser for every form."""

    MONEY = re.compile(r"(_satang$|^amount$|^principal$|^cash$|^bank$|price$|^fee$|_float$|_cash$)")

    def test_every_money_field_of_every_form_is_the_amount_field(self):
        from thanrak.core.forms import AmountField

        found = [
            f"{module.__name__}.{name}.{field_name} is a {type(field).__name__}"
            for module in forms_modules()
            for name, cls in inspect.getmembers(module, inspect.isclass)
            if cls.__module__ == module.__name__ and issubclass(cls, forms.BaseForm)
            for field_name, field in getattr(cls, "base_fields", {}).items()
            if self.MONEY.search(field_name) and not isinstance(field, AmountField | forms.BooleanField)
        ]

        assert found == []

    def test_the_walk_sees_the_money_fields(self):
        from thanrak.finance.forms import RepayForm, SavingsForm

        assert (
            self.MONEY.search("amount")
            and "amount" in SavingsForm.base_fields
            and "amount" in RepayForm.base_fields
        )
