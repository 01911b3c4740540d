"""Learner pages: start, take and review an attempt. Thin views: the rules live in
attempts.py. The trainers' tools (results, item analysis, paper tests, imports) are in the
Wagtail admin: admin_views.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessments.attempts import (
    AttemptNotAllowed,
    attempt_questions,
    close_if_overdue,
    matching_targets,
    may_count_for,
    ordered_choices,
    responses_from_post,
    save_answers,
    start_attempt,
    submit_attempt,
)
from assessments.models import (
    Attempt,
    QuestionType,
    Quiz,
    ReviewPolicy,
    attempt_context_models,
    pass_mark_for,
)


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
    previous = Attempt.objects.filter(quiz=quiz, person=person).order_by("-started_at")
    return render(
        request,
        "assessments/quiz_start.html",
        {
            "quiz": quiz,
            "event": event,
            "course": course,
            "pass_mark": pass_mark_for(quiz, event, course),
            "previous": previous[:5],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def attempt_take(request, public_id):
    attempt = _own_attempt(request, public_id)
    if close_if_overdue(attempt):
        if request.method == "POST":
            messages.warning(
                request, _("Time was up. The answers you saved before the limit were scored.")
            )
        return redirect("assessments:review", public_id=attempt.public_id)
    questions = attempt_questions(attempt)
    if request.method == "POST":
        saved = save_answers(attempt, responses_from_post(attempt, questions, request.POST))
        if request.headers.get("X-Autosave"):
            return HttpResponse(status=204 if saved else 409)
        if request.POST.get("action") == "submit" or not saved:
            if not saved:
                messages.warning(
                    request, _("Time was up. The answers you saved before the limit were scored.")
                )
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
    policy = attempt.quiz.review_policy
    context = {"attempt": attempt, "quiz": attempt.quiz, "policy": policy}
    if policy != ReviewPolicy.SCORE:
        answers = list(attempt.answers.all())
        context["items"] = _items(
            attempt,
            attempt_questions(attempt),
            {a.question_id: a.response for a in answers},
            scores={a.question_id: a.score for a in answers},
        )
        context["show_feedback"] = policy == ReviewPolicy.FEEDBACK
    return render(request, "assessments/attempt_review.html", context)
