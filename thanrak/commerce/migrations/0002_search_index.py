"""On PostgreSQL, a GIN index over the segmented words so that Thai word search stays fast.

The expression must match the `words_all` lookup in models.py exactly. SQLite has no such index:
the lookup falls back to LIKE '% word %' there.
"""

from django.db import migrations

INDEX = "commerce_product_search_words"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON commerce_product "
            "USING gin ((string_to_array(btrim(search_terms), ' ')))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("commerce", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
