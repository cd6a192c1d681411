"""A course's programme became a choice from the report's programmes (thanrak.learning.programmes).
Codes typed before are kept; those written another way than the list writes them (Thai digits,
spaces: "๒.๔ (๒)") take the list's spelling when that is a known programme."""

from django.db import migrations


def to_listed_codes(apps, schema_editor):  # noqa: ANN001
    from thanrak.learning.programmes import mapped_codes, normalise

    Course = apps.get_model("learning", "Course")
    Programme = apps.get_model("monitoring", "Programme")
    known = set(Programme.objects.values_list("code", flat=True)) | mapped_codes()
    for course in Course.objects.exclude(programme_code="").only("pk", "programme_code"):
        code = normalise(course.programme_code)
        if code != course.programme_code and code in known:
            Course.objects.filter(pk=course.pk).update(programme_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0002_course_agency_logo"),
        ("monitoring", "0002_figure_mapping"),
    ]

    operations = [migrations.RunPython(to_listed_codes, migrations.RunPython.noop)]
