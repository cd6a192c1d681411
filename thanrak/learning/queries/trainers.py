"""Trainers from the advisers' directory: an app that keeps a directory of people who help declares
`trainer_directory` (the dotted path of a query `(viewer=, area=) -> [(person id, label)]`) on its
AppConfig; services does. Learning imports no such app: it reads the hook, as monitoring reads
`monitoring_computations`."""

from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string

HOOK = "trainer_directory"


def trainer_choices(*, viewer: Any, area_code: str) -> list[tuple[int, str]]:
    """Registry persons offered as trainers for a batch in the area, each once, as the directories
    list them (only those the viewer may see)."""
    seen: dict[int, str] = {}
    for config in apps.get_app_configs():
        path = getattr(config, HOOK, None)
        if not path:
            continue
        for person_id, label in import_string(path)(viewer=viewer, area=area_code):
            seen.setdefault(person_id, label)
    return list(seen.items())
