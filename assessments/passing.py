"""THE pass mark and "passed the post-test", for events and courses.

The pass mark of a test is the mark of where it is taken: the event's post-test pass mark,
else the course's pass mark, else the quiz's own. "Passed the post-test" is narrower and
asks about one event or one course:

- an event: a submitted attempt at that event, at the quiz the event chose as its
  post-test, reaching the event's pass mark (the quiz's where the event sets none);
- a course: a submitted attempt at the quiz the course chose as its post-test, made for
  that course (in any language) or outside any course (e.g. at a workshop), reaching the
  course's pass mark (the quiz's where the course sets none). A course without a
  post-test asks for none.

Each rule is written once here as a query; the Python answer for one object runs the same
query (or, for one attempt, the same fallback in Python). Models are looked up lazily so
``assessments.models`` can import this module.
"""

from decimal import Decimal

from django.apps import apps
from django.db.models import (
    BooleanField,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce

MARK = DecimalField(max_digits=5, decimal_places=2)


def _attempts() -> QuerySet:
    return apps.get_model("assessments", "Attempt").objects.submitted().order_by()


def _outer(value):
    """A path in the outer query (str) as an OuterRef; an instance or id as it is."""
    return OuterRef(value) if isinstance(value, str) else value


# The pass mark ------------------------------------------------------------------------


def pass_mark_for(quiz, event=None, course=None) -> Decimal:
    """The mark a test is held to where it is taken: the event's, else the course's, else
    the quiz's own (``attempt_pass_mark`` in SQL)."""
    marks = (
        event.post_test_pass_mark if event is not None else None,
        course.pass_mark if course is not None else None,
        quiz.pass_mark,
    )
    return next(mark for mark in marks if mark is not None)


def attempt_pass_mark(prefix: str = "") -> Coalesce:
    """``pass_mark_for`` on attempt rows (``prefix`` reaches the attempt from another model)."""
    return Coalesce(
        f"{prefix}event__post_test_pass_mark",
        f"{prefix}course__pass_mark",
        f"{prefix}quiz__pass_mark",
        output_field=MARK,
    )


# Passed the post-test of an event -----------------------------------------------------


def event_post_test_passes(event="event", person="person") -> QuerySet:
    """Submitted attempts of ``person`` at ``event``'s chosen post-test reaching its pass mark.

    ``event`` and ``person`` are model instances (or ids), or paths in an outer query
    ("event" and "person" of a participation). The mark is read through the attempt's own
    event, so the same query serves both.
    """
    return _attempts().filter(
        event=_outer(event),
        person=_outer(person),
        quiz=F("event__post_test"),
        score_percent__gte=Coalesce(
            "event__post_test_pass_mark", "quiz__pass_mark", output_field=MARK
        ),
    )


def passed_event_post_test(event: str = "event", person: str = "person") -> Exists:
    """For annotations: whether the outer row's person passed its event's post-test."""
    return Exists(event_post_test_passes(event, person))


def has_passed_event_post_test(event, person) -> bool:
    """Whether ``person`` passed ``event``'s chosen post-test."""
    return event_post_test_passes(event, person).exists()


# Passed the post-test of a course -----------------------------------------------------


def course_post_test_passes(course="course", person="person") -> QuerySet:
    """Submitted attempts of ``person`` at ``course``'s post-test reaching its pass mark.

    ``course`` is a CoursePage or the path to one in an outer query ("course" of an
    enrolment); ``person`` a Person (or id) or a path in the outer query.
    """
    if isinstance(course, str):
        post_test, key = OuterRef(f"{course}__post_test"), OuterRef(f"{course}__translation_key")
        course_mark = OuterRef(f"{course}__pass_mark")
    else:
        post_test, key = course.post_test_id, course.translation_key
        course_mark = Value(course.pass_mark, output_field=MARK)
    return _attempts().filter(
        Q(course__isnull=True) | Q(course__translation_key=key),
        quiz=post_test,
        person=_outer(person),
        score_percent__gte=Coalesce(course_mark, "quiz__pass_mark", output_field=MARK),
    )


def passed_course_post_test(course: str = "course", person: str = "person") -> ExpressionWrapper:
    """For annotations: the outer row's course has no post-test, or its person passed it."""
    no_post_test = Q(**{f"{course}__post_test__isnull": True})
    return ExpressionWrapper(
        no_post_test | Exists(course_post_test_passes(course, person)),
        output_field=BooleanField(),
    )


def has_passed_course_post_test(course, person) -> bool:
    """Whether ``course`` asks for no post-test or ``person`` passed it."""
    if course.post_test_id is None:
        return True
    return course_post_test_passes(course, person).exists()
