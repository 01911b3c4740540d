"""Small builders for assessment tests: people, questions and quizzes."""

import itertools
from decimal import Decimal

from assessments.models import Choice, Question, QuestionType, Quiz, QuizPurpose, QuizQuestion
from lms.models import Person, Province, Sector, Sex

_phones = itertools.count(77770000)
_names = itertools.count(1)


def make_person(**fields) -> Person:
    n = next(_names)
    defaults = {
        "name_lo": f"ທົດສອບ {n}",
        "name_latin": f"Tester {n}",
        "sex": Sex.FEMALE,
        "sector": Sector.objects.get(code="police"),
        "province": Province.objects.get(code="01"),
        "phone": f"020{next(_phones)}",
    }
    return Person.objects.create(**defaults | fields)


def make_question(kind=QuestionType.SINGLE, choices=None, **fields) -> Question:
    """``choices``: (English text, correct) pairs, or (left, right) pairs for matching."""
    n = next(_names)
    defaults = {"stem_en": f"Question {n}?", "stem_lo": f"ຄຳຖາມ {n}?", "kind": kind}
    if kind == QuestionType.TRUE_FALSE:
        defaults["answer_true"] = True
    if kind == QuestionType.SHORT:
        defaults["accepted_answers"] = "ການຄ້າມະນຸດ\nhuman trafficking"
    question = Question.objects.create(**defaults | fields)
    if choices is None and kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        choices = [("Right", True), ("Wrong", False), ("Also wrong", False)]
    for order, (text, value) in enumerate(choices or []):
        extra = (
            {"match_en": value, "match_lo": f"ລາວ {value}", "is_correct": False}
            if kind == QuestionType.MATCHING
            else {"is_correct": value}
        )
        Choice.objects.create(
            question=question, sort_order=order, text_en=text, text_lo=f"ລາວ {text}", **extra
        )
    return question


def make_quiz(questions=(), purpose=QuizPurpose.PRE, **fields) -> Quiz:
    defaults = {
        "title_en": f"Quiz {purpose}",
        "title_lo": f"ແບບທົດສອບ {purpose}",
        "purpose": purpose,
        "pass_mark": Decimal(70),
        "attempts_allowed": 0,
        "live": True,
    }
    quiz = Quiz.objects.create(**defaults | fields)
    for order, question in enumerate(questions):
        QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=order)
    return quiz
