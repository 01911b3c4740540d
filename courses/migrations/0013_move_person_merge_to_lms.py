"""The merge log now belongs to the core (lms/0008); its table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0008_move_person_merge_in_report_models_out"),
        ("courses", "0012_protect_enrolments_of_courses"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name="PersonMerge",
                ),
            ],
        ),
    ]
