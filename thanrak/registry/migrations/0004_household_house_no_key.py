"""House numbers sort as people count them (1, 4, 10, 11; 12/3 before 12/10): a stored sort key."""

import re

from django.db import migrations, models

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def _key(house_no: str) -> str:
    # A copy of registry.models.house_no_key as it was when this migration was written.
    padded = re.sub(
        r"[0-9]+", lambda m: m.group().lstrip("0").rjust(10, "0"), house_no.translate(THAI_DIGITS)
    )
    return padded[:120]


def fill_keys(apps, schema_editor):  # noqa: ANN001, ANN201
    Household = apps.get_model("registry", "Household")
    batch = []
    for household in Household.objects.only("pk", "house_no").order_by("pk").iterator(chunk_size=5000):
        household.house_no_key = _key(household.house_no)
        batch.append(household)
        if len(batch) == 5000:
            Household.objects.bulk_update(batch, ["house_no_key"])
            batch = []
    Household.objects.bulk_update(batch, ["house_no_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("geo", "0001_initial"),
        ("registry", "0003_registry_import"),
    ]

    operations = [
        migrations.AddField(
            model_name="household",
            name="house_no_key",
            field=models.CharField(default="", editable=False, max_length=120),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="household",
            index=models.Index(fields=["area_code", "house_no_key", "id"], name="household_area_house_order"),
        ),
    ]
