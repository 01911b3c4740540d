"""The registry's merge log comes to the core (its table, made by courses, is kept); the
report models go to their own app (their tables are kept, see reports/0001).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_types(from_label, to_label, models):
    """Keep the moved models' content types, so their permissions and admin log stay theirs."""

    def forwards(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for model in models:
            if not ContentType.objects.filter(app_label=to_label, model=model).exists():
                ContentType.objects.filter(app_label=from_label, model=model).update(
                    app_label=to_label
                )

    return forwards


def create_merge_table_if_missing(apps, schema_editor):
    PersonMerge = apps.get_model("lms", "PersonMerge")
    if PersonMerge._meta.db_table not in schema_editor.connection.introspection.table_names():
        schema_editor.create_model(PersonMerge)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("lms", "0007_add_person_name_latin_loose_key"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="quartersubmission",
                    name="programme",
                ),
                migrations.RemoveField(
                    model_name="quartersubmission",
                    name="submitted_by",
                ),
                migrations.RemoveField(
                    model_name="participationfact",
                    name="participation",
                ),
                migrations.CreateModel(
                    name="PersonMerge",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "removed_person_id",
                            models.PositiveBigIntegerField(verbose_name="removed person id"),
                        ),
                        (
                            "removed_label",
                            models.CharField(max_length=420, verbose_name="removed person"),
                        ),
                        ("removed_data", models.JSONField(default=list)),
                        ("moved", models.JSONField(default=list)),
                        ("deleted_data", models.JSONField(default=list)),
                        ("moved_user_id", models.PositiveBigIntegerField(blank=True, null=True)),
                        (
                            "merged_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="merged at"),
                        ),
                        (
                            "undone_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="undone at"),
                        ),
                        (
                            "kept",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="lms.person",
                                verbose_name="kept person",
                            ),
                        ),
                        (
                            "merged_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="merged by",
                            ),
                        ),
                        (
                            "undone_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="undone by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "merge of people",
                        "verbose_name_plural": "merges of people",
                        "db_table": "courses_personmerge",
                        "ordering": ["-merged_at"],
                    },
                ),
                migrations.DeleteModel(
                    name="IndicatorTarget",
                ),
                migrations.DeleteModel(
                    name="QuarterSubmission",
                ),
                migrations.DeleteModel(
                    name="ParticipationFact",
                ),
            ],
        ),
        # A database whose courses app never made the table (the core alone) gets it here.
        migrations.RunPython(create_merge_table_if_missing, migrations.RunPython.noop),
        migrations.RunPython(
            move_content_types("courses", "lms", ["personmerge"]), migrations.RunPython.noop
        ),
    ]
