"""The attempt lifecycle: assign a form, draw questions, start, save answers, submit, close.

Every action runs on the server inside a transaction; submitting twice (a double click
or a retry after a dropped connection) changes nothing the second time.
"""

import random
import secrets

from django.apps import apps
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import (
    Answer,
    Attempt,
    AttemptStatus,
    Choice,
    Question,
    QuestionType,
    Quiz,
    QuizForm,
    QuizPurpose,
    ReviewPolicy,
    attempt_context_models,
    draw_questions,
)
from assessments.passing import attempt_pass_mark
from assessments.scoring import ZERO, score_responses
from lms.db import create_or_take_existing


class AttemptNotAllowed(Exception):
    """The person may not start this quiz now; the message says why, in their language."""


def eligible_people(event=None, course=None) -> QuerySet:
    """The people whose attempts may count for ``event`` and/or ``course``: the event's
    participants (not its trainers) and the course's enrolled learners (any language copy).
    """
    people = apps.get_model("lms", "Person").objects.all()
    if event is not None:
        participations = apps.get_model("courses", "Participation").objects.participants()
        people = people.filter(pk__in=participations.filter(event=event).values("person"))
    if course is not None:
        enrolments = apps.get_model("courses", "Enrolment").objects.for_course(course)
        people = people.filter(pk__in=enrolments.values("person"))
    return people


def may_count_for(person, event=None, course=None) -> bool:
    """Whether an attempt of ``person`` may be attached to ``event`` and/or ``course``."""
    if event is None and course is None:
        return True
    return eligible_people(event, course).filter(pk=person.pk).exists()


def _group_filter(event=None, course=None) -> Q:
    if event is not None:
        return Q(event=event)
    if course is not None:
        # Either language copy of the course: switching language does not reset the count.
        return Q(course__translation_key=course.translation_key, event__isnull=True)
    return Q(event__isnull=True, course__isnull=True)


def quiz_context(quiz: Quiz, person, event=None, course=None) -> tuple:
    """The event and course an attempt of ``person`` at ``quiz`` counts for.

    Given ones are kept. Without (the quiz opened at /quizzes/<id>/ alone), the context is
    derived, so the attempt limit and the pass cannot be dodged by dropping ?course=: the
    events whose pre or post test the quiz is and where the person is a participant, and
    the courses whose pre or post test it is and where the person is enrolled. Of these,
    the one holding the person's open attempt, else the first with attempts left (latest
    event first, then the latest enrolment), else the first. (None, None) when the quiz
    belongs to none of the person's trainings: a stand-alone quiz.
    """
    if event is not None or course is not None:
        return event, course
    TrainingEvent, CoursePage = attempt_context_models()
    as_test = Q(pre_test=quiz) | Q(post_test=quiz)
    participations = apps.get_model("courses", "Participation").objects.participants()
    candidates = [
        (found, None)
        for found in TrainingEvent.objects.filter(
            as_test, pk__in=participations.filter(person=person).values("event")
        ).order_by("-start_date", "-pk")
    ]
    enrolments = (
        apps.get_model("courses", "Enrolment")
        .objects.filter(
            person=person,
            course__translation_key__in=CoursePage.objects.filter(as_test).values(
                "translation_key"
            ),
        )
        .select_related("course")
        .order_by("-pk")
    )
    candidates += [(None, enrolment.course) for enrolment in enrolments]
    if not candidates:
        return None, None
    for candidate in candidates:
        if attempts_in_context(quiz, person, *candidate).in_progress().exists():
            return candidate
    for candidate in candidates:
        if attempts_left(quiz, person, *candidate) != 0:
            return candidate
    return candidates[0]


def attempts_in_context(quiz: Quiz, person, event=None, course=None) -> QuerySet:
    """The person's attempts at ``quiz`` that count for this event or course (or neither)."""
    return Attempt.objects.filter(_group_filter(event, course), quiz=quiz, person=person)


def attempts_left(quiz: Quiz, person, event=None, course=None) -> int | None:
    """Attempts the person may still start in this context; None when there is no limit."""
    if not quiz.attempts_allowed:
        return None
    used = attempts_in_context(quiz, person, event, course).filter(status=AttemptStatus.SUBMITTED)
    return max(0, quiz.attempts_allowed - used.count())


def has_passed(quiz: Quiz, person, event=None, course=None) -> bool:
    """Whether a submitted attempt of the person in this context reached its pass mark."""
    # An alias, not the expression in filter(): there its event and course joins would be
    # inner ones, dropping every attempt without an event (all of a course's).
    return (
        attempts_in_context(quiz, person, event, course)
        .submitted()
        .alias(pass_mark_held=attempt_pass_mark())
        .filter(score_percent__gte=F("pass_mark_held"))
        .exists()
    )


def review_policy(quiz: Quiz) -> str:
    return quiz.review_policy or ReviewPolicy.default_for(quiz.purpose)


def review_shows_answers(attempt: Attempt) -> bool:
    """Whether the review of a submitted attempt may show the correct answers (and, but for
    "answers", the feedback), by the quiz's review policy in the attempt's context: never to
    someone who has not passed and may still try again under an "after" policy."""
    policy = review_policy(attempt.quiz)
    if policy == ReviewPolicy.SCORE:
        return False
    if policy in (ReviewPolicy.ANSWERS, ReviewPolicy.FEEDBACK):
        return True
    context = (attempt.quiz, attempt.person, attempt.event, attempt.course)
    if policy in (ReviewPolicy.AFTER_LAST, ReviewPolicy.LAST_OR_PASS) and (
        attempts_left(*context) == 0
    ):
        return True
    return policy in (ReviewPolicy.AFTER_PASS, ReviewPolicy.LAST_OR_PASS) and has_passed(*context)


def assign_form(quiz: Quiz, person, event=None, course=None) -> str:
    """Form A or B: a post-test takes the other form than the person's pre-test in the group;
    otherwise the form fewer of the group have taken, so half of a group starts with A.
    """
    if not quiz.parallel_forms:
        return QuizForm.A
    group = Attempt.objects.filter(_group_filter(event, course))
    if quiz.purpose == QuizPurpose.POST:
        pre = (
            group.filter(person=person, quiz__purpose=QuizPurpose.PRE)
            .order_by("started_at")
            .first()
        )
        if pre is not None:
            return QuizForm.B if pre.form == QuizForm.A else QuizForm.A
    counts = group.filter(quiz=quiz).aggregate(
        a=Count("pk", filter=Q(form=QuizForm.A)), b=Count("pk", filter=Q(form=QuizForm.B))
    )
    return QuizForm.B if counts["b"] < counts["a"] else QuizForm.A


@transaction.atomic
def start_attempt(quiz: Quiz, person, user=None, event=None, course=None) -> Attempt:
    """Resume the person's open attempt on this quiz, or start a new one if allowed.

    Without an event or course the context is derived (quiz_context), as on the start page.
    A retake draws questions the person has not been shown in this context where the bank
    allows, with a new shuffle seed.
    """
    if not quiz.live:
        raise AttemptNotAllowed(_("This quiz is not open."))
    if not may_count_for(person, event, course):
        raise AttemptNotAllowed(_("You are not registered for this training."))
    event, course = quiz_context(quiz, person, event, course)
    attempts = attempts_in_context(quiz, person, event, course).select_for_update()
    for open_attempt in attempts.in_progress():
        if not close_if_overdue(open_attempt):
            return open_attempt
    used = attempts.filter(status=AttemptStatus.SUBMITTED).count()
    if quiz.attempts_allowed and used >= quiz.attempts_allowed:
        raise AttemptNotAllowed(_("You have used all the attempts this quiz allows."))
    form = assign_form(quiz, person, event=event, course=course)
    seed = secrets.randbelow(2**31)
    shown = {pk for ids in attempts.values_list("question_ids", flat=True) for pk in ids or ()}
    questions = draw_questions(quiz, form=form, seed=seed, avoid=shown)
    if not questions:
        raise AttemptNotAllowed(_("This quiz has no questions yet."))

    def the_open_attempt():
        # A double tap's second request hit the one-open-attempt constraint: resume the first.
        return (
            Attempt.objects.in_progress()
            .filter(quiz=quiz, person=person, event=event, course=course)
            .get()
        )

    row, _created = create_or_take_existing(
        Attempt,
        the_open_attempt,
        quiz=quiz,
        person=person,
        user=user,
        event=event,
        course=course,
        form=form,
        seed=seed,
        question_ids=[q.pk for q in questions],
    )
    return row


def attempt_questions(attempt: Attempt) -> list[Question]:
    """The attempt's questions in its frozen order, with choices and vignettes loaded."""
    by_id = (
        Question.objects.filter(pk__in=attempt.question_ids)
        .select_related("vignette")
        .prefetch_related("choices")
        .in_bulk()
    )
    return [by_id[pk] for pk in attempt.question_ids if pk in by_id]


def ordered_choices(attempt: Attempt, question: Question) -> list[Choice]:
    """The question's choices in this attempt's order: shuffled per attempt, stable on reload."""
    choices = list(question.choices.all())
    if attempt.quiz.shuffle_choices and question.kind != QuestionType.TRUE_FALSE:
        random.Random(f"{attempt.seed}:{question.pk}").shuffle(choices)
    return choices


def matching_targets(attempt: Attempt, question: Question) -> list[Choice]:
    """Right-hand items of a matching question, in an order that does not reveal the pairs."""
    choices = list(question.choices.all())
    random.Random(f"{attempt.seed}:{question.pk}:match").shuffle(choices)
    return choices


def responses_from_post(attempt: Attempt, questions: list[Question], data) -> dict[int, dict]:
    """Read the attempt form's fields into stored responses.

    Matching selects post the position of the right-hand item in this attempt's shuffled
    list (``q<id>_<left id>`` = position), never a choice id, which would give the pair away.
    """
    responses: dict[int, dict] = {}
    for question in questions:
        name = f"q{question.pk}"
        if question.kind == QuestionType.MULTIPLE:
            if name in data or f"{name}_present" in data:
                responses[question.pk] = {
                    "choices": [int(v) for v in data.getlist(name) if v.isdigit()]
                }
        elif question.kind == QuestionType.MATCHING:
            targets = {
                str(position): target.pk
                for position, target in enumerate(matching_targets(attempt, question), start=1)
            }
            pairs = {
                str(c.pk): targets[data[f"{name}_{c.pk}"]]
                for c in question.choices.all()
                if data.get(f"{name}_{c.pk}", "") in targets
            }
            if pairs:
                responses[question.pk] = {"pairs": pairs}
        elif name in data:
            value = data.get(name, "")
            if question.kind == QuestionType.SHORT:
                responses[question.pk] = {"text": value.strip()[:500]}
            elif question.kind == QuestionType.TRUE_FALSE and value in ("true", "false"):
                responses[question.pk] = {"value": value == "true"}
            elif question.kind == QuestionType.SINGLE and value.isdigit():
                responses[question.pk] = {"choice": int(value)}
    return responses


@transaction.atomic
def save_answers(attempt: Attempt, responses: dict[int, dict]) -> bool:
    """Store responses on an open attempt; False (nothing stored) once it is closed."""
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.is_submitted or close_if_overdue(attempt):
        return False
    allowed = set(attempt.question_ids)
    now = timezone.now()
    # One upsert (INSERT ... ON CONFLICT DO UPDATE): two saves of the same attempt at once
    # (an autosave and a submit) cannot both insert, even on SQLite, where the row lock
    # above is a no-op.
    Answer.objects.bulk_create(
        [
            Answer(attempt=attempt, question_id=question_id, response=response, saved_at=now)
            for question_id, response in responses.items()
            if question_id in allowed
        ],
        update_conflicts=True,
        unique_fields=["attempt", "question"],
        update_fields=["response", "saved_at"],
    )
    return True


@transaction.atomic
def submit_attempt(attempt: Attempt) -> Attempt:
    """Score and close the attempt; a second call returns it unchanged."""
    attempt = Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
    if attempt.is_submitted:
        return attempt
    _score_and_close(attempt, at=timezone.now())
    return attempt


@transaction.atomic
def close_if_overdue(attempt: Attempt) -> bool:
    """Submit an attempt past its time limit with the answers saved so far; True if closed.

    The row is locked, as in submit_attempt: two requests arriving after the limit (a page
    reload and an autosave) must not both score the attempt and announce it twice.
    """
    if attempt.is_submitted or not attempt.is_overdue:
        return attempt.is_submitted
    locked = Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
    if not locked.is_submitted:
        _score_and_close(locked, at=locked.deadline)
    attempt.status, attempt.score_percent = locked.status, locked.score_percent
    attempt.submitted_at = locked.submitted_at
    return True


def _score_and_close(attempt: Attempt, at) -> None:
    keys = {question.pk: question.answer_key() for question in attempt_questions(attempt)}
    answers = list(attempt.answers.all())
    credits, attempt.score_percent = score_responses(
        keys, {answer.question_id: answer.response for answer in answers}
    )
    for answer in answers:
        answer.score = credits.get(answer.question_id, ZERO)
    Answer.objects.bulk_update(answers, ["score"])
    attempt.status = AttemptStatus.SUBMITTED
    attempt.submitted_at = at
    attempt.save(update_fields=["score_percent", "status", "submitted_at"])
