"""CSV exports of the services directories (the export itself is audit-logged by the caller)."""

import csv
import io
from collections.abc import Iterable

from thanrak.services.models import Helper


def helpers_csv(rows: Iterable[Helper]) -> str:
    """The helpers directory: name, kinds, expertise, areas, availability (no citizen ID)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["name", "phone", "kinds", "expertise", "expertise_words", "areas", "availability", "capacity"]
    )
    for h in rows:
        writer.writerow(
            [
                h.person.full_name,
                h.person.phone,
                " ".join(k.kind for k in h.kinds.all()),
                " ".join(e.topic for e in h.expertise.all()),
                h.expertise_words,
                " ".join(a.area_code for a in h.areas.all()),
                h.availability,
                h.capacity,
            ]
        )
    return out.getvalue()
