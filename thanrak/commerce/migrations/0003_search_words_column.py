"""On PostgreSQL, keep the segmented words as a stored array (a generated column) and index that.

Splitting the text for every row made broad searches slow (a count over many matching rows spent
most of its time in string_to_array). The column is PostgreSQL-only and unknown to the model; the
`words_all` lookup in models.py uses it there. SQLite keeps the LIKE fallback.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS commerce_product_search_words")
    schema_editor.execute(
        "ALTER TABLE commerce_product ADD COLUMN IF NOT EXISTS search_words text[] "
        "GENERATED ALWAYS AS (string_to_array(btrim(search_terms), ' ')) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS commerce_product_search_words ON commerce_product USING gin (search_words)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS commerce_product_search_words")
    schema_editor.execute("ALTER TABLE commerce_product DROP COLUMN IF EXISTS search_words")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS commerce_product_search_words ON commerce_product "
        "USING gin ((string_to_array(btrim(search_terms), ' ')))"
    )


class Migration(migrations.Migration):
    dependencies = [("commerce", "0002_search_index")]

    operations = [migrations.RunPython(create, drop)]
