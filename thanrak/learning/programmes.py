"""The programmes a course can be funded by. Not a list of learning's own: monitoring's programmes
(those of the seed report, monitoring.Programme, loaded by `monitoring_load_seed`) and the codes its
figure map counts trainings under (monitoring/data/figure_map.csv, the learning.* rows: 2.4(2),
2.2.6(1)/youth …), so that a course counts towards the report's figure it serves."""

import re
from functools import cache

from thanrak.monitoring.figure_map import read as read_figure_map
from thanrak.monitoring.models import Programme

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


@cache
def mapped_codes() -> frozenset[str]:
    """The programme codes of the figure map's learning computations (read once per process)."""
    return frozenset(
        r.parameters["programme"]
        for r in read_figure_map()
        if r.computation.startswith("learning.") and r.parameters.get("programme")
    )


def _natural(code: str) -> list:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", code)]


def programme_choices() -> list[tuple[str, str]]:
    """(code, "code · the programme's name") of every programme a course may name, in report order."""
    names = dict(Programme.objects.values_list("code", "name_th"))
    codes = set(names) | mapped_codes()
    return [
        (code, f"{code} · {name}" if (name := names.get(code) or names.get(code.split("/")[0])) else code)
        for code in sorted(codes, key=_natural)
    ]


def is_known(code: str) -> bool:
    return code in mapped_codes() or Programme.objects.filter(code=code).exists()


def normalise(code: str) -> str:
    """A code as typed before it was a choice ("๒.๔ (๒)", " 2.4(2) ") written as the list writes it."""
    return re.sub(r"\s+", "", code.translate(THAI_DIGITS))
