"""Learner pages: start, take and review an attempt. Thin views: the rules live in
attempts.py. The trainers' tools (results, item analysis, paper tests, imports) are in the
Wagtail admin: admin_views.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from assessments.attempts import (
    AttemptNotAllowed,
    attempt_questions,
    attempts_in_context,
    attempts_left,
    close_if_overdue,
    matching_targets,
    may_count_for,
    ordered_choices,
    quiz_context,
    responses_from_post,
    review_policy,
    review_shows_answers,
    save_answers,
    start_attempt,
    submit_attempt,
)
from assessments.models import (
    Attempt,
    QuestionType,
    Quiz,
    QuizPurpose,
    ReviewPolicy,
    attempt_context_models,
    pass_mark_for,
)

TIME_WAS_UP = _lazy("Time was up. The answers you saved before the limit were scored.")
ALREADY_SUBMITTED = _lazy("This attempt was already submitted. Your answers were not changed.")


def _person(request):
    person = getattr(request.user, "person", None)
    if person is None:
        raise PermissionDenied(_("Your account is not linked to a person in the registry."))
    return person


def _group(request):
    """The event or course a quiz is taken for, from ?event= / ?course= (or the form)."""
    TrainingEvent, CoursePage = attempt_context_models()
    data = request.POST if request.method == "POST" else request.GET
    event = course = None
    if data.get("event", "").isdigit():
        event = get_object_or_404(TrainingEvent, pk=data["event"])
    if data.get("course", "").isdigit():
        course = get_object_or_404(CoursePage, pk=data["course"])
    return event, course


def _own_attempt(request, public_id) -> Attempt:
    """The signed-in learner's own attempt; anyone else's is not found."""
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404
    return get_object_or_404(
        Attempt.objects.select_related("quiz", "person"), public_id=public_id, person=person
    )


@login_required
@require_http_methods(["GET", "POST"])
def quiz_start(request, pk):
    quiz = get_object_or_404(Quiz.objects.live(), pk=pk)
    person = _person(request)
    event, course = _group(request)
    if not may_count_for(person, event, course):
        # Not a participant of the event or not enrolled in the course: whether the event
        # exists is none of this learner's business.
        raise Http404
    if request.method == "POST":
        try:
            attempt = start_attempt(quiz, person, user=request.user, event=event, course=course)
        except AttemptNotAllowed as refusal:
            messages.error(request, str(refusal))
            return redirect(request.get_full_path())
        return redirect("assessments:attempt", public_id=attempt.public_id)
    # The same context start_attempt will count the attempt for, whatever the URL said.
    event, course = quiz_context(quiz, person, event, course)
    attempts = attempts_in_context(quiz, person, event, course).order_by("-started_at")
    left = attempts_left(quiz, person, event, course)
    return render(
        request,
        "assessments/quiz_start.html",
        {
            "quiz": quiz,
            "event": event,
            "course": course,
            "pass_mark": pass_mark_for(quiz, event, course),
            "is_pre_test": quiz.purpose == QuizPurpose.PRE,
            "previous": attempts[:5],
            "attempts_left": left,
            "can_start": left != 0 or attempts.in_progress().exists(),
        },
    )


def _closed_for_time(attempt) -> bool:
    """Why a closed attempt took no answers: True when its time ran out (close_if_overdue
    closes it at its deadline), False when it was submitted before (a second tab, a retry
    after a dropped connection, a double tap on "Submit now")."""
    attempt.refresh_from_db(fields=["status", "submitted_at", "score_percent"])
    deadline = attempt.deadline
    return (
        deadline is not None
        and attempt.submitted_at is not None
        and attempt.submitted_at >= deadline
    )


def _closed_message(attempt):
    return TIME_WAS_UP if _closed_for_time(attempt) else ALREADY_SUBMITTED


def _closed_autosave(attempt) -> HttpResponse:
    # 409: the time is up; 410: submitted already. The page's script says which.
    return HttpResponse(status=409 if _closed_for_time(attempt) else 410)


# Never cached: the back button after "Submit" asks again and lands on the review, not on
# questions that look open.
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def attempt_take(request, public_id):
    attempt = _own_attempt(request, public_id)
    if close_if_overdue(attempt):
        # close_if_overdue also answers True for an attempt submitted earlier: only say the
        # time was up when it was.
        if request.method == "POST" and request.headers.get("X-Autosave"):
            return _closed_autosave(attempt)
        if request.method == "POST":
            messages.warning(request, _closed_message(attempt))
        return redirect("assessments:review", public_id=attempt.public_id)
    questions = attempt_questions(attempt)
    if request.method == "POST":
        saved = save_answers(attempt, responses_from_post(attempt, questions, request.POST))
        if request.headers.get("X-Autosave"):
            return HttpResponse(status=204) if saved else _closed_autosave(attempt)
        if not saved:
            # Closed between the check above and the save: by the deadline, or by another
            # request's submit.
            messages.warning(request, _closed_message(attempt))
            return redirect("assessments:review", public_id=attempt.public_id)
        if request.POST.get("action") == "submit":
            submit_attempt(attempt)
            return redirect("assessments:review", public_id=attempt.public_id)
        messages.success(request, _("Your answers are saved."))
        return redirect("assessments:attempt", public_id=attempt.public_id)
    responses = {a.question_id: a.response for a in attempt.answers.all()}
    return render(
        request,
        "assessments/attempt_take.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "items": _items(attempt, questions, responses),
            **_time_left(attempt),
        },
    )


def _time_left(attempt) -> dict:
    """For the sticky timer (includes/quiz_timer.html): seconds and whole minutes left."""
    if attempt.deadline is None:
        return {"seconds_left": None}
    seconds = max(0, int((attempt.deadline - timezone.now()).total_seconds()))
    return {"seconds_left": seconds, "minutes_left": -(-seconds // 60)}


def _unanswered(attempt, questions) -> list[int]:
    """The numbers (1, 2, ...) of the questions the attempt has no saved answer to."""
    answered = {
        a.question_id
        for a in attempt.answers.all()
        if any(value not in (None, "", [], {}) for value in (a.response or {}).values())
    }
    return [n for n, q in enumerate(questions, start=1) if q.pk not in answered]


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def attempt_confirm(request, public_id):
    """The step between "Submit" and the score, working without JavaScript: the take page's
    "Submit" posts its answers here; they are saved, and the learner sees how many questions
    are unanswered with "Submit now" (a post to the attempt page) or "Back to the questions".
    With every question answered there is nothing to warn about and the attempt is submitted.
    """
    attempt = _own_attempt(request, public_id)
    if close_if_overdue(attempt):
        if request.method == "POST":
            messages.warning(request, _closed_message(attempt))
        return redirect("assessments:review", public_id=attempt.public_id)
    questions = attempt_questions(attempt)
    if request.method == "POST":
        if not save_answers(attempt, responses_from_post(attempt, questions, request.POST)):
            messages.warning(request, _closed_message(attempt))
            return redirect("assessments:review", public_id=attempt.public_id)
        if not _unanswered(attempt, questions):
            submit_attempt(attempt)
            return redirect("assessments:review", public_id=attempt.public_id)
        # Post/redirect/get: reloading the confirmation page does not post the answers again.
        return redirect("assessments:confirm", public_id=attempt.public_id)
    unanswered = _unanswered(attempt, questions)
    return render(
        request,
        "assessments/attempt_confirm.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "total": len(questions),
            "unanswered": unanswered,
            **_time_left(attempt),
        },
    )


def _items(attempt, questions, responses, scores=None):
    """What the templates show per question: never the key unless the caller adds it."""
    items = []
    previous_vignette = None
    for number, question in enumerate(questions, start=1):
        response = responses.get(question.pk) or {}
        selected = {response.get("choice")} | set(response.get("choices") or [])
        item = {
            "number": number,
            "question": question,
            "kind": question.kind,
            "response": response,
            "options": [(c, c.pk in selected) for c in ordered_choices(attempt, question)],
            "vignette": question.vignette
            if question.vignette_id and question.vignette_id != previous_vignette
            else None,
        }
        if question.kind == QuestionType.MATCHING:
            pairs = {int(k): v for k, v in (response.get("pairs") or {}).items()}
            targets = list(enumerate(matching_targets(attempt, question), start=1))
            item["rows"] = [
                (left, [(position, t, pairs.get(left.pk) == t.pk) for position, t in targets])
                for left, _checked in item["options"]
            ]
            item["chosen_matches"] = [
                (left, next((t for _p, t in targets if t.pk == pairs.get(left.pk)), None))
                for left, _checked in item["options"]
            ]
        if scores is not None:
            item["score"] = scores.get(question.pk)
        previous_vignette = question.vignette_id
        items.append(item)
    return items


@login_required
def attempt_review(request, public_id):
    attempt = _own_attempt(request, public_id)
    close_if_overdue(attempt)
    if not attempt.is_submitted:
        return redirect("assessments:attempt", public_id=attempt.public_id)
    quiz = attempt.quiz
    policy = review_policy(quiz)
    left = attempts_left(quiz, attempt.person, attempt.event, attempt.course)
    is_pre_test = quiz.purpose == QuizPurpose.PRE
    context = {
        "attempt": attempt,
        "quiz": quiz,
        "policy": policy,
        "is_pre_test": is_pre_test,
        "attempts_left": left,
        "start_url": _start_url(attempt),
    }
    if review_shows_answers(attempt):
        answers = list(attempt.answers.all())
        context["items"] = _items(
            attempt,
            attempt_questions(attempt),
            {a.question_id: a.response for a in answers},
            scores={a.question_id: a.score for a in answers},
        )
        context["show_feedback"] = policy != ReviewPolicy.ANSWERS
    elif policy != ReviewPolicy.SCORE:
        context["answers_later"] = {
            ReviewPolicy.AFTER_LAST: _("The correct answers are shown after your last attempt."),
            ReviewPolicy.AFTER_PASS: _("The correct answers are shown once you pass."),
            ReviewPolicy.LAST_OR_PASS: _(
                "The correct answers are shown once you pass or after your last attempt."
            ),
        }.get(policy)
    context.update(_next_steps(request, attempt, is_pre_test))
    return render(request, "assessments/attempt_review.html", context)


def _start_url(attempt) -> str:
    url = reverse("assessments:start", kwargs={"pk": attempt.quiz_id})
    if attempt.event_id:
        return f"{url}?event={attempt.event_id}"
    if attempt.course_id:
        return f"{url}?course={attempt.course_id}"
    return url


def _url(name, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _next_steps(request, attempt, is_pre_test) -> dict:
    """Where the review leads: after a pre-test to the course's first lesson (or the
    course); after a passed post-test to the person's certificate or "My learning"; after
    any other test of a course back to the course."""
    steps = {"my_learning_url": _url("courses:my_learning")}
    course = attempt.course
    if course is not None:
        # The course in the reader's language where it is translated.
        course = getattr(course, "localized", course)
    if is_pre_test:
        if course is not None:
            first = course.lessons().first()
            steps["next_url"] = first.url if first is not None else course.url
            steps["next_label"] = (
                _("Start the first lesson") if first is not None else _("Go to the course")
            )
        else:
            steps["next_url"] = steps["my_learning_url"]
            steps["next_label"] = _("Go to My learning")
        return steps
    if course is not None:
        # Passed, back to the course; not yet, back to its lessons to read them again.
        steps["course_url"] = course.url
    if attempt.quiz.purpose == QuizPurpose.POST and attempt.is_passed:
        steps["congratulate"] = True
        certificate = _certificate(attempt)
        if certificate is not None:
            steps["certificate_url"] = _url("courses:certificate_pdf", pk=certificate.pk)
    return steps


def _certificate(attempt):
    """The person's valid certificate of the attempt's course or event, if issued yet
    (the courses app issues it once the course is complete). Reached through the
    attempt's course model's reverse relation: assessments imports nothing from courses."""
    _event_model, course_model = attempt_context_models()
    Certificate = course_model._meta.get_field("certificates").related_model
    certificates = Certificate.objects.filter(person=attempt.person, revoked_at__isnull=True)
    if attempt.event_id:
        return certificates.filter(event_id=attempt.event_id).order_by("-issued_at").first()
    if attempt.course_id:
        return (
            certificates.filter(course__translation_key=attempt.course.translation_key)
            .order_by("-issued_at")
            .first()
        )
    return None
