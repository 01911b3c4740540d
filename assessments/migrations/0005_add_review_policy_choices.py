"""Review policies like Moodle's, and one open attempt per person, quiz and context.

1. The review policy gains "after the last attempt", "after passing" and "after the last
   attempt or after passing" (the first three keep their meaning: score only; correct
   answers at once; correct answers and feedback at once). It may be left empty: Quiz.save
   fills in the purpose's default ("after the last attempt or after passing" for a
   post-test). Existing post-tests on "feedback" or "answers" move to that default: the old
   choices had no "later", so every post-test showed a learner who failed, and could try
   again, all the correct answers. Pre-tests, practice quizzes and checks keep theirs.

2. A partial unique index allows one in-progress attempt per (quiz, person, event, course),
   NULL event/course compared as 0. Existing duplicates (double taps on "Start") are
   resolved first: the attempt in use is kept open (the one with the latest saved answer,
   else the newest), the other open copies are deleted with their answers. Deleting, not
   submitting them: a copy was never submitted or scored, and scoring it would spend one
   of the learner's allowed attempts and add a false low score to the pre/post statistics.
"""

from django.db import migrations, models
from django.db.models import F, Max, Q, Value
from django.db.models.functions import Coalesce

OLD_AT_ONCE = ("answers", "feedback")


def post_tests_to_the_new_default(apps, schema_editor):
    Quiz = apps.get_model("assessments", "Quiz")
    Quiz.objects.filter(purpose="post", review_policy__in=OLD_AT_ONCE).update(
        review_policy="last_or_pass"
    )
    Quiz.objects.filter(review_policy="").exclude(purpose="post").update(review_policy="feedback")


def back_to_the_old_choices(apps, schema_editor):
    Quiz = apps.get_model("assessments", "Quiz")
    Quiz.objects.filter(review_policy__in=("after_last", "after_pass", "last_or_pass", "")).update(
        review_policy="feedback"
    )


def keep_one_open_attempt(apps, schema_editor):
    Attempt = apps.get_model("assessments", "Attempt")
    open_attempts = Attempt.objects.filter(status="in_progress").annotate(
        last_saved=Max("answers__saved_at")
    )
    groups = {}
    for attempt in open_attempts.order_by("pk"):
        key = (attempt.quiz_id, attempt.person_id, attempt.event_id, attempt.course_id)
        groups.setdefault(key, []).append(attempt)
    for attempts in groups.values():
        if len(attempts) < 2:
            continue
        attempts.sort(
            key=lambda a: (
                a.last_saved is not None,
                a.last_saved or a.started_at,
                a.started_at,
                a.pk,
            )
        )
        doubles = [a.pk for a in attempts[:-1]]
        Attempt.objects.filter(pk__in=doubles).delete()  # Answers cascade.


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0004_protect_attempts_of_events_and_courses"),
        ("courses", "0013_move_person_merge_to_lms"),
        ("lms", "0008_move_person_merge_in_report_models_out"),
    ]

    operations = [
        migrations.AlterField(
            model_name="quiz",
            name="review_policy",
            field=models.CharField(
                blank=True,
                choices=[
                    ("score", "Score only"),
                    ("answers", "Score and correct answers"),
                    ("feedback", "Score, correct answers and feedback"),
                    ("after_last", "Score; correct answers and feedback after the last attempt"),
                    ("after_pass", "Score; correct answers and feedback after passing"),
                    (
                        "last_or_pass",
                        "Score; correct answers and feedback after the last attempt or after "
                        "passing",
                    ),
                ],
                help_text=(
                    "Leave empty for the default: a post-test shows the correct answers after "
                    "the last attempt or after passing; other quizzes show them at once."
                ),
                max_length=16,
                verbose_name="after submission show",
            ),
        ),
        migrations.RunPython(post_tests_to_the_new_default, back_to_the_old_choices),
        migrations.RunPython(keep_one_open_attempt, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="attempt",
            constraint=models.UniqueConstraint(
                F("quiz"),
                F("person"),
                Coalesce(F("event"), Value(0), output_field=models.IntegerField()),
                Coalesce(F("course"), Value(0), output_field=models.IntegerField()),
                condition=Q(status="in_progress"),
                name="one_open_attempt_per_quiz_person_context",
                violation_error_message="This person already has an open attempt here.",
            ),
        ),
    ]
