"""On PostgreSQL, a view with one row per member of each answers revision, so Ibis evaluates the
survey where the answers are stored (SQLite and DuckDB read the revisions through the ORM)."""

from django.db import migrations

CREATE = """
CREATE VIEW survey_revision_member AS
SELECT r.id AS revision_id,
       r.household_id,
       (m.value ->> 0)::bigint AS person_id,
       (m.value ->> 1)::bigint AS age,
       coalesce(m.value ->> 2, '') AS sex,
       m.value -> 3 AS answers
FROM survey_responserevision r
CROSS JOIN LATERAL jsonb_array_elements(r.members) AS m(value)
"""


def create_view(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_view(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP VIEW IF EXISTS survey_revision_member")


class Migration(migrations.Migration):
    dependencies = [("survey", "0003_response_revisions_and_frozen_run_inputs")]

    operations = [migrations.RunPython(create_view, drop_view)]
