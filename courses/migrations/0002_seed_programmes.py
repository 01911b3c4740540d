"""Seed the managed list of programmes events belong to."""

from django.db import migrations

PROGRAMMES = [
    ("charj", "CHARJ", "ໂຄງການ CHARJ"),
    ("mapp", "MAPP", "ໂຄງການ MAPP"),
    ("glo-act", "GLO.ACT", "ໂຄງການ GLO.ACT"),
    ("other", "Other", "ອື່ນໆ"),
]


def seed_programmes(apps, schema_editor):
    Programme = apps.get_model("courses", "Programme")
    for code, name_en, name_lo in PROGRAMMES:
        Programme.objects.get_or_create(
            code=code, defaults={"name_en": name_en, "name_lo": name_lo}
        )


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_add_training_events")]

    operations = [migrations.RunPython(seed_programmes, migrations.RunPython.noop)]
