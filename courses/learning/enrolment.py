"""A learner's way through a course: enrolling, the pre-test gate, reading lessons,
completing the course (which issues the completion certificate), and the page
contexts that show where the learner stands.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.urls import NoReverseMatch, reverse

from courses.models import (
    Certificate,
    CertificateKind,
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
)


def find_enrolment(person, course: CoursePage) -> Enrolment | None:
    if person is None:
        return None
    return Enrolment.objects.for_person(person).for_course(course).first()


def lesson_course(lesson: LessonPage) -> CoursePage:
    """The lesson's course, fetched once per lesson object in a single query."""
    if "_course" not in lesson.__dict__:
        lesson._course = CoursePage.objects.get(path=lesson.path[: -LessonPage.steplen])
    return lesson._course


def enrol_person(person, course: CoursePage) -> Enrolment:
    """Enrol ``person`` in ``course``; enrolling twice (in either language) returns the first."""
    existing = find_enrolment(person, course)
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Enrolment.objects.create(person=person, course=course)
    except IntegrityError:
        # A double tap raced us to it.
        return Enrolment.objects.get(person=person, course=course)


def submitted_attempts(person, quiz_id):
    Attempt = apps.get_model("assessments", "Attempt")
    return Attempt.objects.submitted().filter(person=person, quiz_id=quiz_id)


def pre_test_pending(enrolment: Enrolment, course: CoursePage | None = None) -> bool:
    """The course has a pre-test the learner has not submitted yet."""
    course = course or enrolment.course
    if course.pre_test_id is None:
        return False
    return not submitted_attempts(enrolment.person_id, course.pre_test_id).exists()


def quiz_url(quiz_id, course: CoursePage) -> str | None:
    """Where a learner takes a quiz for this course, once the assessments app serves quizzes."""
    try:
        url = reverse("assessments:start", kwargs={"pk": quiz_id})
    except NoReverseMatch:
        return None
    return f"{url}?course={course.pk}"


def complete_if_done(enrolment: Enrolment) -> Certificate | None:
    """Issue the completion certificate once the completion rule is met."""
    from courses.certificates.issue import issue_certificate

    if not enrolment.is_complete():
        return None
    return issue_certificate(enrolment.person, CertificateKind.COMPLETION, course=enrolment.course)


def record_lesson_completion(enrolment: Enrolment, lesson: LessonPage) -> Certificate | None:
    """Record that the learner reached the end of ``lesson``; a repeat changes nothing.

    Returns the completion certificate when this lesson completed the course.
    """
    with transaction.atomic():
        LessonCompletion.objects.get_or_create(enrolment=enrolment, lesson=lesson)
    return complete_if_done(enrolment)


@dataclass
class LessonStep:
    lesson: LessonPage
    done: bool
    number: int


def course_progress(request, course: CoursePage) -> tuple[Enrolment | None, list[LessonStep]]:
    """The signed-in learner's enrolment in ``course`` and its live lessons marked done.

    The enrolment carries the completion rule's annotations (EnrolmentQuerySet.with_status)
    and its valid completion certificate; two queries, cached on the request: the lesson
    page needs them while serving and again for its context.
    """
    cache = request.__dict__.setdefault("_course_progress", {})
    if course.translation_key in cache:
        return cache[course.translation_key]
    lessons = course.lessons().defer_streamfields()
    enrolment = None
    if request.user.is_authenticated:
        certificate = (
            Certificate.objects.valid()
            .filter(person=OuterRef("person"), kind=CertificateKind.COMPLETION)
            .for_course(course)
            .values("pk")[:1]
        )
        enrolment = (
            Enrolment.objects.filter(person__user=request.user)
            .for_course(course)
            .with_status()
            .annotate(certificate_id=Subquery(certificate))
            .first()
        )
    if enrolment is not None:
        lessons = lessons.annotate(
            is_done=Exists(
                LessonCompletion.objects.filter(
                    enrolment=enrolment, lesson__translation_key=OuterRef("translation_key")
                )
            )
        )
        if enrolment.course_id == course.pk:
            enrolment.course = course
    steps = [
        LessonStep(lesson=lesson, done=bool(getattr(lesson, "is_done", False)), number=number)
        for number, lesson in enumerate(lessons, start=1)
    ]
    cache[course.translation_key] = (enrolment, steps)
    return enrolment, steps


def course_state(course: CoursePage, enrolment: Enrolment | None, steps) -> dict:
    """Everything the course page shows about one learner, in a constant number of queries.

    The post-test and the certificate are looked up only once every lesson is read.
    """
    done = sum(step.done for step in steps)
    state = {
        "enrolment": enrolment,
        "steps": steps,
        "lessons_total": len(steps),
        "lessons_done": done,
        "progress_percent": round(100 * done / len(steps)) if steps else 0,
        "next_lesson": next((step.lesson for step in steps if not step.done), None),
        "pre_test_pending": False,
        "pre_test_url": None,
        "post_test_url": None,
        "post_test_passed": course.post_test_id is None,
        "certificate_id": None,
        "is_complete": False,
        # The index is two levels up: course index / sector section / course.
        "index_url": course.url.rsplit("/", 3)[0] + "/" if course.url else None,
    }
    if not enrolment:
        return state
    person = enrolment.person_id
    if course.pre_test_id:
        state["pre_test_pending"] = pre_test_pending(enrolment, course)
        state["pre_test_url"] = quiz_url(course.pre_test_id, course)
    if not steps or done < len(steps):
        return state
    if course.post_test_id:
        state["post_test_url"] = quiz_url(course.post_test_id, course)
    # A valid completion certificate (found with the lessons) means the rule was met.
    state["certificate_id"] = getattr(enrolment, "certificate_id", None)
    if state["certificate_id"]:
        state["post_test_passed"] = state["is_complete"] = True
        return state
    # The completion rule's annotations, read with the enrolment (course_progress).
    state["post_test_passed"] = enrolment.post_test_passed
    state["is_complete"] = enrolment.is_complete()
    if state["is_complete"]:
        state["certificate_id"] = (
            Certificate.objects.valid()
            .filter(person=person, kind=CertificateKind.COMPLETION)
            .for_course(course)
            .values_list("pk", flat=True)
            .first()
        )
    return state


def course_context(course: CoursePage, request) -> dict:
    return course_state(course, *course_progress(request, course))


def lesson_context(lesson: LessonPage, request) -> dict:
    course = lesson_course(lesson)
    enrolment, steps = course_progress(request, course)
    # A draft lesson seen in preview is not among the live steps.
    index = next((i for i, step in enumerate(steps) if step.lesson.pk == lesson.pk), None)
    return {
        "course": course,
        "enrolment": enrolment,
        "steps": steps,
        "step": steps[index] if index is not None else None,
        "previous_lesson": steps[index - 1].lesson if index else None,
        "next_lesson": (
            steps[index + 1].lesson if index is not None and index + 1 < len(steps) else None
        ),
    }


def attempt_saved(sender, instance, raw=False, **kwargs):
    """A submitted post-test may complete a course: issue its certificate right away."""
    if raw or instance.status != "submitted" or instance.score_percent is None:
        return
    enrolments = Enrolment.objects.filter(
        person_id=instance.person_id, course__post_test_id=instance.quiz_id
    ).select_related("course", "person")
    if getattr(instance, "course_id", None):
        enrolments = enrolments.filter(course__translation_key=instance.course.translation_key)
    for enrolment in enrolments:
        complete_if_done(enrolment)
