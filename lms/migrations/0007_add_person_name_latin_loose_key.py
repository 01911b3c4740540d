"""Person.name_latin_loose_key: the romanised name's loose key, indexed, filled for everyone."""

from django.db import migrations, models

from lms.lao import romanised_key


def fill_loose_keys(apps, schema_editor):
    Person = apps.get_model("lms", "Person")
    people = []
    for person in (
        Person.objects.exclude(name_latin="").only("pk", "name_latin").iterator(chunk_size=2000)
    ):
        person.name_latin_loose_key = romanised_key(person.name_latin)
        people.append(person)
        if len(people) >= 2000:
            Person.objects.bulk_update(people, ["name_latin_loose_key"])
            people = []
    Person.objects.bulk_update(people, ["name_latin_loose_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0006_one_target_and_one_submission_per_period"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="name_latin_loose_key",
            field=models.CharField(db_index=True, default="", editable=False, max_length=200),
        ),
        migrations.RunPython(fill_loose_keys, migrations.RunPython.noop),
    ]
