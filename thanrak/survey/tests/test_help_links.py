"""The kinds of records help can be linked to come from the apps' hooks, in the apps' order."""

import ast
from pathlib import Path

from django.utils.translation import override

from thanrak.survey.help_links import link_kinds

SURVEY = Path(__file__).resolve().parents[1]


def test_each_app_offers_its_kinds_and_survey_lists_them_in_the_apps_order():
    with override("en"):
        kinds = [(kind.group, kind.resource, kind.records.model._meta.label_lower) for kind in link_kinds()]

    assert kinds == [
        ("Loans", "finance.loan", "finance.loan"),
        ("Fund memberships", "finance.member", "finance.fundmember"),
        ("Group memberships", "registry.organisation", "registry.membership"),
        ("Programmes", "monitoring.programme", "monitoring.programme"),
    ]


def test_survey_s_code_imports_neither_finance_nor_monitoring():
    imported = set()
    for path in SURVEY.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)

    assert not {
        m
        for m in imported
        if m.startswith(("thanrak.finance", "thanrak.monitoring", "thanrak.analytics.survey"))
    }
