"""The report models, taken over from the core with their tables (made by lms/0004-0006)."""

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


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("lms", "0008_move_person_merge_in_report_models_out"),
        ("courses", "0013_move_person_merge_to_lms"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ParticipationFact",
                    fields=[
                        (
                            "participation",
                            models.OneToOneField(
                                db_column="f_participation",
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                primary_key=True,
                                related_name="+",
                                serialize=False,
                                to="courses.participation",
                            ),
                        ),
                        ("sex", models.CharField(db_column="f_sex", max_length=1)),
                        ("level", models.CharField(db_column="f_level", max_length=12, null=True)),
                        ("end_date", models.DateField(db_column="f_end_date")),
                        (
                            "attended_hours",
                            models.DecimalField(
                                db_column="f_attended", decimal_places=2, max_digits=9
                            ),
                        ),
                        (
                            "scheduled_hours",
                            models.DecimalField(
                                db_column="f_scheduled", decimal_places=2, max_digits=9
                            ),
                        ),
                        (
                            "min_attendance_share",
                            models.DecimalField(
                                db_column="f_share", decimal_places=2, max_digits=3
                            ),
                        ),
                        (
                            "post_test_required",
                            models.BooleanField(db_column="f_post_test_required"),
                        ),
                        ("passed_post_test", models.BooleanField(db_column="f_passed")),
                    ],
                    options={
                        "db_table": "lms_report_participation_facts",
                        "managed": False,
                        "default_permissions": (),
                    },
                ),
                migrations.CreateModel(
                    name="IndicatorTarget",
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
                            "indicator",
                            models.CharField(
                                choices=[
                                    ("persons_trained", "Unique persons trained"),
                                    ("new_persons_trained", "New persons trained"),
                                    ("participations", "Participations"),
                                    ("person_hours", "Person-hours"),
                                    ("events_held", "Events held"),
                                    ("courses", "Distinct courses"),
                                    ("completion_certificates", "Completion certificates"),
                                    ("participation_certificates", "Participation certificates"),
                                    ("matched_pairs", "Matched pre/post pairs"),
                                    ("share_improved", "Share with increased knowledge (%)"),
                                    ("share_passed", "Share reaching the pass mark (%)"),
                                    ("mean_gain", "Mean gain (points)"),
                                    ("tot_certified", "Trainers of trainers certified"),
                                    ("cascade_events", "Events delivered by certified trainers"),
                                ],
                                max_length=40,
                                verbose_name="indicator",
                            ),
                        ),
                        (
                            "period_kind",
                            models.CharField(
                                choices=[
                                    ("fy", "US fiscal year"),
                                    ("fq", "US fiscal quarter"),
                                    ("cy", "Lao calendar year"),
                                ],
                                max_length=2,
                                verbose_name="period",
                            ),
                        ),
                        ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                        (
                            "quarter",
                            models.PositiveSmallIntegerField(
                                choices=[(0, "–"), (1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")],
                                default=0,
                                help_text="Only for a fiscal quarter.",
                                verbose_name="quarter",
                            ),
                        ),
                        (
                            "value",
                            models.DecimalField(
                                decimal_places=2,
                                help_text="People, hours, events or certificates; a percentage for shares.",
                                max_digits=12,
                                verbose_name="target",
                            ),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "programme",
                            models.ForeignKey(
                                blank=True,
                                help_text="Leave empty for a target across all programmes.",
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="indicator_targets",
                                to="courses.programme",
                                verbose_name="programme",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "indicator target",
                        "verbose_name_plural": "indicator targets",
                        "db_table": "lms_indicatortarget",
                        "ordering": ["-year", "period_kind", "quarter", "indicator"],
                        "permissions": [
                            ("view_reports", "Can see every capacity-building report"),
                            (
                                "view_own_event_reports",
                                "Can see the reports of the events they train",
                            ),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("programme__isnull", False)),
                                fields=("indicator", "programme", "period_kind", "year", "quarter"),
                                name="lms_one_target_per_programme_period",
                                violation_error_message="A target for this indicator, programme and period exists already.",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("programme__isnull", True)),
                                fields=("indicator", "period_kind", "year", "quarter"),
                                name="lms_one_target_per_period",
                                violation_error_message="A target for this indicator, programme and period exists already.",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="QuarterSubmission",
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
                            "fiscal_year",
                            models.PositiveSmallIntegerField(verbose_name="fiscal year"),
                        ),
                        ("quarter", models.PositiveSmallIntegerField(verbose_name="quarter")),
                        ("figures", models.JSONField(verbose_name="figures")),
                        (
                            "submitted_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="submitted at"),
                        ),
                        (
                            "programme",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="quarter_submissions",
                                to="courses.programme",
                                verbose_name="programme",
                            ),
                        ),
                        (
                            "submitted_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="submitted by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "submitted quarter",
                        "verbose_name_plural": "submitted quarters",
                        "db_table": "lms_quartersubmission",
                        "ordering": ["-fiscal_year", "-quarter"],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("programme__isnull", False)),
                                fields=("fiscal_year", "quarter", "programme"),
                                name="lms_one_submission_per_programme_quarter",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("programme__isnull", True)),
                                fields=("fiscal_year", "quarter"),
                                name="lms_one_submission_per_quarter",
                            ),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(
            move_content_types(
                "lms", "reports", ["indicatortarget", "quartersubmission", "participationfact"]
            ),
            migrations.RunPython.noop,
        ),
    ]
