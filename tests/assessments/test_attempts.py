from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.attempts import (
    AttemptNotAllowed,
    assign_form,
    attempt_questions,
    draw_questions,
    ordered_choices,
    save_answers,
    start_attempt,
    submit_attempt,
)
from assessments.models import (
    Attempt,
    AttemptStatus,
    QuestionType,
    QuizDraw,
    QuizForm,
    QuizPurpose,
    QuizQuestion,
    Tag,
    TagKind,
    Vignette,
)
from tests.factories import QuestionFactory, QuizFactory, QuizTakerFactory, make_event

pytestmark = pytest.mark.django_db


def right_choice(question):
    return next(c.pk for c in question.choices.all() if c.is_correct)


def test_attempt_lifecycle_start_save_submit_scores_on_the_server():
    q1, q2 = QuestionFactory(), QuestionFactory(kind=QuestionType.TRUE_FALSE)
    quiz = QuizFactory(questions=[q1, q2])
    person = QuizTakerFactory()
    attempt = start_attempt(quiz, person)
    assert attempt.status == AttemptStatus.IN_PROGRESS
    assert sorted(attempt.question_ids) == sorted([q1.pk, q2.pk])

    assert save_answers(attempt, {q1.pk: {"choice": right_choice(q1)}})
    # Saving again replaces the answer rather than adding one.
    assert save_answers(attempt, {q1.pk: {"choice": right_choice(q1)}, q2.pk: {"value": False}})
    assert attempt.answers.count() == 2

    submitted = submit_attempt(attempt)
    assert submitted.status == AttemptStatus.SUBMITTED
    assert submitted.score_percent == Decimal("50.00")
    assert not submitted.is_passed
    assert dict(submitted.answers.values_list("question_id", "score")) == {
        q1.pk: Decimal(1),
        q2.pk: Decimal(0),
    }


def test_an_attempt_is_held_to_the_pass_mark_of_its_event():

    quiz = QuizFactory(
        questions=[QuestionFactory()], purpose=QuizPurpose.POST, pass_mark=Decimal(70)
    )
    event = make_event(post_test_pass_mark=Decimal(50))
    at_event = Attempt(quiz=quiz, event=event, score_percent=Decimal(60))
    alone = Attempt(quiz=quiz, score_percent=Decimal(60))
    assert (at_event.pass_mark, at_event.is_passed) == (Decimal(50), True)
    assert (alone.pass_mark, alone.is_passed) == (Decimal(70), False)


def test_reopening_the_quiz_resumes_the_open_attempt():
    quiz = QuizFactory(questions=[QuestionFactory()])
    person = QuizTakerFactory()
    assert start_attempt(quiz, person) == start_attempt(quiz, person)
    assert Attempt.objects.count() == 1


def test_double_submit_is_idempotent_and_later_answers_are_ignored():
    question = QuestionFactory()
    quiz = QuizFactory(questions=[question])
    attempt = start_attempt(quiz, QuizTakerFactory())
    save_answers(attempt, {question.pk: {"choice": right_choice(question)}})
    first = submit_attempt(attempt)
    assert not save_answers(attempt, {question.pk: {"choice": 0}})
    second = submit_attempt(attempt)
    assert second.submitted_at == first.submitted_at
    assert second.score_percent == first.score_percent == Decimal("100.00")
    assert attempt.answers.get().response == {"choice": right_choice(question)}


def test_attempt_past_its_time_limit_is_closed_with_answers_saved_so_far():
    q1, q2 = QuestionFactory(), QuestionFactory()
    quiz = QuizFactory(questions=[q1, q2], time_limit_minutes=20)
    attempt = start_attempt(quiz, QuizTakerFactory())
    save_answers(attempt, {q1.pk: {"choice": right_choice(q1)}})
    Attempt.objects.filter(pk=attempt.pk).update(started_at=timezone.now() - timedelta(minutes=21))
    attempt.refresh_from_db()

    assert not save_answers(attempt, {q2.pk: {"choice": right_choice(q2)}})
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED
    assert attempt.submitted_at == attempt.started_at + timedelta(minutes=20)
    assert attempt.score_percent == Decimal("50.00")
    assert attempt.answers.count() == 1


def test_attempts_allowed_is_enforced_and_unpublished_quiz_cannot_start():
    quiz = QuizFactory(questions=[QuestionFactory()], attempts_allowed=1)
    person = QuizTakerFactory()
    submit_attempt(start_attempt(quiz, person))
    with pytest.raises(AttemptNotAllowed):
        start_attempt(quiz, person)
    draft = QuizFactory(questions=[QuestionFactory()], live=False)
    with pytest.raises(AttemptNotAllowed):
        start_attempt(draft, person)


def test_choice_shuffle_is_per_attempt_and_stable_on_reload():
    question = QuestionFactory(
        choices=[(f"Choice {i}", i == 0) for i in range(6)], kind=QuestionType.SINGLE
    )
    quiz = QuizFactory(questions=[question], shuffle_choices=True)
    orders = set()
    for _ in range(8):
        attempt = start_attempt(quiz, QuizTakerFactory())
        first = [c.pk for c in ordered_choices(attempt, attempt_questions(attempt)[0])]
        reloaded = Attempt.objects.get(pk=attempt.pk)
        assert [c.pk for c in ordered_choices(reloaded, attempt_questions(reloaded)[0])] == first
        orders.add(tuple(first))
    assert len(orders) > 1


def test_question_order_is_frozen_at_start_and_vignette_questions_stay_together():
    vignette = Vignette.objects.create(
        title_en="Case", title_lo="ກໍລະນີ", text_en="A scenario.", text_lo="ສະຖານະການ."
    )
    grouped = [QuestionFactory(vignette=vignette) for _ in range(3)]
    loose = [QuestionFactory() for _ in range(5)]
    quiz = QuizFactory(questions=grouped + loose, shuffle_questions=True)
    for seed in range(10):
        ids = [q.pk for q in draw_questions(quiz, QuizForm.A, seed)]
        start = ids.index(grouped[0].pk)
        assert ids[start : start + 3] == [q.pk for q in grouped]
    attempt = start_attempt(quiz, QuizTakerFactory())
    QuizQuestion.objects.filter(quiz=quiz, question=loose[0]).delete()
    assert [q.pk for q in attempt_questions(attempt)] == attempt.question_ids
    assert len(attempt.question_ids) == 8


def test_random_draws_pick_n_questions_per_tag_and_respect_forms():
    tag = Tag.objects.create(kind=TagKind.OBJECTIVE, code="identify", name_en="x", name_lo="x")
    pool = [QuestionFactory() for _ in range(6)]
    for question in pool:
        question.tags.add(tag)
    incomplete = QuestionFactory(stem_lo="")
    incomplete.tags.add(tag)
    fixed_a = QuestionFactory()
    quiz = QuizFactory(questions=[], parallel_forms=True)
    QuizQuestion.objects.create(quiz=quiz, question=fixed_a, form=QuizForm.A)
    QuizDraw.objects.create(quiz=quiz, tag=tag, count=4)
    form_a = draw_questions(quiz, QuizForm.A, seed=3)
    form_b = draw_questions(quiz, QuizForm.B, seed=3)
    assert fixed_a in form_a and fixed_a not in form_b
    assert len(form_a) == 5 and len(form_b) == 4
    assert incomplete not in form_a + form_b


def test_parallel_forms_half_of_a_group_starts_with_a_and_post_takes_the_other_form():
    pre = QuizFactory(questions=[QuestionFactory()], parallel_forms=True)
    post = QuizFactory(questions=[QuestionFactory()], purpose=QuizPurpose.POST, parallel_forms=True)
    people = [QuizTakerFactory() for _ in range(6)]
    forms = [start_attempt(pre, p).form for p in people]
    assert forms.count(QuizForm.A) == 3 and forms.count(QuizForm.B) == 3
    for person, pre_form in zip(people, forms, strict=True):
        post_form = assign_form(post, person)
        assert post_form != pre_form
    plain = QuizFactory(questions=[QuestionFactory()])
    assert assign_form(plain, people[0]) == QuizForm.A
