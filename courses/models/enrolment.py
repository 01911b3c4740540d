"""Enrolments in courses and the lessons each learner has read."""

from django.db import models
from django.db.models import Count, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models.course import CoursePage, LessonPage

__all__ = [
    "Enrolment",
    "EnrolmentQuerySet",
    "LessonCompletion",
]


class EnrolmentQuerySet(models.QuerySet):
    def for_person(self, person):
        return self.filter(person=person)

    def for_course(self, course):
        """Enrolments in ``course`` whichever language tree they were made in."""
        return self.filter(course__translation_key=course.translation_key)

    def with_progress(self):
        """Annotate ``lessons_total`` and ``lessons_done`` (distinct live lessons read)."""

        def live_lessons(ref):
            # The course's live lessons; ``ref`` wraps OuterRef as deep as the subquery sits.
            return LessonPage.objects.live().filter(
                locale_id=ref("course__locale_id"),
                path__startswith=ref("course__path"),
                depth=ref("course__depth") + 1,
            )

        total = (
            live_lessons(OuterRef)
            .order_by()
            .values("locale_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        done = (
            LessonCompletion.objects.filter(
                enrolment=OuterRef("pk"),
                lesson__translation_key__in=live_lessons(
                    lambda name: OuterRef(OuterRef(name))
                ).values("translation_key"),
            )
            .order_by()
            .values("enrolment")
            .annotate(n=Count("lesson__translation_key", distinct=True))
            .values("n")
        )
        return self.annotate(
            lessons_total=Coalesce(Subquery(total), 0),
            lessons_done=Coalesce(Subquery(done), 0),
        )

    def with_status(self):
        """Annotate progress, ``post_test_passed``, ``attendance_met`` and ``completed``:
        THE course-completion rule (Enrolment.is_complete reads it for one enrolment).

        Complete: every live lesson read, the course's post-test passed where it has one
        (assessments.passing) and, where the course sets a minimum attendance share, that
        share of the hours attended at a held workshop teaching the course (the events'
        attendance rule, courses.models.events.met_attendance_share).
        """
        from django.apps import apps

        from assessments.passing import passed_course_post_test

        Participation = apps.get_model("courses", "Participation")
        attended = (
            Participation.objects.held()
            .filter(
                person=OuterRef("person"),
                event__courses__translation_key=OuterRef("course__translation_key"),
            )
            .meeting_share(OuterRef("course__min_attendance_share"))
        )
        return (
            self.with_progress()
            .annotate(
                post_test_passed=passed_course_post_test(),
                attendance_met=ExpressionWrapper(
                    Q(course__min_attendance_share__isnull=True) | Exists(attended),
                    output_field=models.BooleanField(),
                ),
            )
            .annotate(
                completed=ExpressionWrapper(
                    Q(lessons_total__gt=0, lessons_done__gte=F("lessons_total"))
                    & Q(post_test_passed=True, attendance_met=True),
                    output_field=models.BooleanField(),
                )
            )
        )

    def completed(self):
        """Enrolments that met the course-completion rule."""
        return self.with_status().filter(completed=True)

    def with_next_lesson(self):
        """Annotate ``next_lesson_id``: the course's first live lesson (in the course's own
        order, ``CoursePage.lessons``) that the learner has not read in any language; None
        when every lesson is read."""
        read = LessonCompletion.objects.filter(enrolment=OuterRef(OuterRef("pk"))).values(
            "lesson__translation_key"
        )
        unread = (
            LessonPage.objects.live()
            .filter(path__startswith=OuterRef("course__path"), depth=OuterRef("course__depth") + 1)
            .exclude(translation_key__in=read)
            .order_by("path")
            .values("pk")[:1]
        )
        return self.annotate(next_lesson_id=Subquery(unread))


class Enrolment(models.Model):
    """A person taking a course. Progress and completion are computed, never stored."""

    # Protected: a person with enrolments is merged into another record, never deleted.
    person = models.ForeignKey(
        "lms.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="enrolments"
    )
    course = models.ForeignKey(
        CoursePage, verbose_name=_("course"), on_delete=models.PROTECT, related_name="enrolments"
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)

    objects = EnrolmentQuerySet.as_manager()

    # Merging two people enrolled in one course keeps the earlier enrolment and every
    # lesson either of them read (lms.people.merge).
    merge_children = (("courses.LessonCompletion", "enrolment", "lesson"),)

    class Meta:
        ordering = ["-enrolled_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["person", "course"], name="unique_enrolment")
        ]

    def __str__(self):
        return f"{self.person} · {self.course}"

    def merge_rank(self):
        return self.enrolled_at

    def done_lesson_keys(self) -> set:
        return set(self.completions.values_list("lesson__translation_key", flat=True))

    @property
    def progress(self) -> tuple[int, int]:
        """(lessons done, lessons in the course), from annotations when present."""
        if hasattr(self, "lessons_total"):
            return self.lessons_done, self.lessons_total
        keys = set(self.course.lesson_keys().values_list("translation_key", flat=True))
        return len(keys & self.done_lesson_keys()), len(keys)

    @property
    def progress_percent(self) -> int:
        done, total = self.progress
        return round(100 * done / total) if total else 0

    def lessons_complete(self) -> bool:
        done, total = self.progress
        return total > 0 and done >= total

    def is_complete(self) -> bool:
        """All lessons read, the post-test passed and, where required, the workshop attended:
        the ``completed`` annotation of EnrolmentQuerySet.with_status, asked for when absent."""
        if not hasattr(self, "completed"):
            return Enrolment.objects.filter(pk=self.pk).completed().exists()
        return bool(self.completed)


class LessonCompletion(models.Model):
    """A learner reached the end of a lesson. Recorded once; a repeat changes nothing."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="completions", verbose_name=_("enrolment")
    )
    lesson = models.ForeignKey(
        LessonPage, on_delete=models.CASCADE, related_name="completions", verbose_name=_("lesson")
    )
    completed_at = models.DateTimeField(_("completed at"), default=timezone.now)

    class Meta:
        ordering = ["completed_at"]
        verbose_name = _("lesson completion")
        verbose_name_plural = _("lesson completions")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "lesson"], name="unique_lesson_completion")
        ]

    def __str__(self):
        return f"{self.enrolment} · {self.lesson}"
