"""Deprecated: the builders are in tests.factories. These names, with their old signatures,
remain for test modules being written elsewhere at the time of the move; import from
tests.factories instead, and delete this module once nothing imports it."""

from assessments.models import QuestionType, QuizPurpose
from tests.factories import QuestionFactory, QuizFactory, QuizTakerFactory


def make_person(**fields):
    return QuizTakerFactory(**fields)


def make_question(kind=QuestionType.SINGLE, choices=None, **fields):
    return QuestionFactory(kind=kind, choices=choices, **fields)


def make_quiz(questions=(), purpose=QuizPurpose.PRE, **fields):
    return QuizFactory(questions=questions, purpose=purpose, **fields)
