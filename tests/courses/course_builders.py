"""Deprecated: the builders are in tests.factories. These names, with their old signatures,
remain for test modules being written elsewhere at the time of the move; import from
tests.factories instead, and delete this module once nothing imports it."""

from assessments.models import QuizPurpose
from tests.factories import (  # noqa: F401 (re-exported)
    LearnerFactory,
    QuizFactory,
    course_index,
    course_section,
    make_course,
    submit_attempt,
    translate_course,
)


def make_learner(name_lo=None, sector_code="police", username=None, **fields):
    if name_lo:
        fields["name_lo"] = name_lo
    if username:
        fields["user__username"] = username
    return LearnerFactory(sector_code=sector_code, **fields)


def make_quiz(purpose=QuizPurpose.POST, **fields):
    return QuizFactory(**{"purpose": purpose, "attempts_allowed": 1} | fields)
