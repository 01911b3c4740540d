"""The fixed layout of a printed quiz: which questions a paper form holds, in which order,
and how choices are lettered (shuffled per form). The PDF and the score import both read it,
so a letter ticked on paper maps back to the same choice.
"""

import random

from assessments.attempts import draw_questions
from assessments.models import Choice, Question, QuestionType, Quiz, QuizForm

LETTERS = "ABCDEFGH"
# Fixed seeds: every printed copy of form A (or B) has the same questions in the same order.
PAPER_SEEDS = {QuizForm.A: 1, QuizForm.B: 2}


def paper_questions(quiz: Quiz, form: str) -> list[Question]:
    """The questions of a printed form, in printed order, with their choices loaded."""
    drawn = draw_questions(quiz, form=form, seed=PAPER_SEEDS[form])
    by_id = (
        Question.objects.filter(pk__in=[q.pk for q in drawn])
        .select_related("vignette")
        .prefetch_related("choices")
        .in_bulk()
    )
    return [by_id[q.pk] for q in drawn]


def paper_choices(question: Question, form: str) -> list[Choice]:
    """A question's choices in the order a printed form letters them: shuffled per form with a
    fixed seed, so the right answer is not always A and the key matches the printed paper."""
    choices = list(question.choices.all())
    if question.kind != QuestionType.MATCHING:
        random.Random(f"paper:{PAPER_SEEDS[form]}:{question.pk}").shuffle(choices)
    return choices


def paper_targets(question: Question) -> list[Choice]:
    """Right-hand items of a matching question in printed order (shuffled, so pairs don't show)."""
    targets = list(question.choices.all())
    random.Random(f"paper:{question.pk}").shuffle(targets)
    return targets
