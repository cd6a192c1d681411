"""System checks: every app's `monitoring_computations` hook is well formed and importable."""

from typing import Any

from django.core import checks

from thanrak.monitoring import computed


@checks.register()
def computations_are_well_formed(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    computed.registry.cache_clear()
    try:
        found = computed.registry()
    except ValueError as exc:
        return [checks.Error(str(exc), id="monitoring.E001")]
    for spec in found.values():
        try:
            fn = spec.resolve()
        except ImportError as exc:
            errors.append(
                checks.Error(f"{spec.name}: cannot import {spec.function}: {exc}", id="monitoring.E002")
            )
            continue
        if not callable(fn):
            errors.append(checks.Error(f"{spec.name}: {spec.function} is not callable", id="monitoring.E003"))
        from thanrak.monitoring.models import Unit

        if spec.unit not in Unit.values:
            errors.append(
                checks.Error(
                    f"{spec.name}: unit {spec.unit!r} is not a monitoring unit", id="monitoring.E004"
                )
            )
    return errors
