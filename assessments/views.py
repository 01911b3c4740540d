"""Learner pages (start, take, review an attempt) and trainer pages (results, item analysis,
paper tests, imports). Thin views: the rules live in attempts.py, stats.py and imports.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessments import imports, pdf, stats
from assessments.attempts import (
    AttemptNotAllowed,
    attempt_questions,
    close_if_overdue,
    matching_targets,
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
    QuizForm,
    ReviewPolicy,
    pass_mark_for,
)
from lms.i18n import active_language
from lms.models import Sex


def _person(request):
    person = getattr(request.user, "person", None)
    if person is None:
        raise PermissionDenied(_("Your account is not linked to a person in the registry."))
    return person


def _group(request):
    """The event or course a quiz is taken for, from ?event= / ?course= (or the form)."""
    from courses.models import CoursePage, TrainingEvent

    data = request.POST if request.method == "POST" else request.GET
    event = course = None
    if data.get("event", "").isdigit():
        event = get_object_or_404(TrainingEvent, pk=data["event"])
    if data.get("course", "").isdigit():
        course = get_object_or_404(CoursePage, pk=data["course"])
    return event, course


def _own_attempt(request, public_id) -> Attempt:
    attempt = get_object_or_404(
        Attempt.objects.select_related("quiz", "person"), public_id=public_id
    )
    person = getattr(request.user, "person", None)
    if attempt.user_id != request.user.pk and (person is None or attempt.person_id != person.pk):
        raise Http404
    return attempt


@login_required
@require_http_methods(["GET", "POST"])
def quiz_start(request, pk):
    quiz = get_object_or_404(Quiz.objects.live(), pk=pk)
    person = _person(request)
    event, course = _group(request)
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


# Trainer pages ---------------------------------------------------------------------------


@permission_required("assessments.view_attempt")
def results(request):
    """Pre/post results per person and aggregates for an event or a course."""
    event, course = _group(request)
    attempts = Attempt.objects.all()
    if event is not None:
        attempts = attempts.filter(event=event)
    elif course is not None:
        attempts = attempts.filter(course=course, event__isnull=True)
    rows = (
        stats.paired_posts(attempts)
        .select_related("person", "person__sector")
        .order_by("person__name_latin")
    )
    # Within an event, people are grouped as they were at the event (participation snapshot).
    prefix = "participation" if event is not None else "person"
    name = "name_lo" if active_language() == "lo" else "name_en"
    groupings = {
        "sector": (_("Sector"), f"{prefix}__sector__{name}"),
        "sex": (_("Sex"), f"{prefix}__sex"),
        "province": (_("Province"), f"{prefix}__province__{name}"),
    }
    grouping = request.GET.get("by", "sector")
    if grouping not in groupings:
        grouping = "sector"
    by = stats.knowledge_gain_by(attempts, groupings[grouping][1])
    if grouping == "sex":
        by = {Sex(value).label if value else value: row for value, row in by.items()}
    return render(
        request,
        "assessments/results.html",
        {
            "event": event,
            "course": course,
            "rows": rows,
            "summary": stats.knowledge_gain(attempts),
            "by": sorted(by.items(), key=lambda kv: str(kv[0])),
            "grouping": grouping,
            "groupings": {key: label for key, (label, _field) in groupings.items()},
            "pre_only": stats.pre_only_attempts(attempts).select_related(
                "person", "person__sector"
            ),
        },
    )


@permission_required("assessments.view_attempt")
def analysis(request, pk):
    quiz = get_object_or_404(Quiz, pk=pk)
    return render(
        request,
        "assessments/analysis.html",
        {"quiz": quiz, "report": stats.item_analysis(quiz)},
    )


@permission_required("assessments.view_quiz")
def paper(request, pk, form, document):
    quiz = get_object_or_404(Quiz, pk=pk)
    if form not in QuizForm.values or document not in pdf.DOCUMENTS:
        raise Http404
    response = HttpResponse(pdf.render_paper(quiz, form, document), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="quiz-{quiz.pk}-{form}-{document}.pdf"'
    return response


@permission_required("assessments.add_attempt")
@require_http_methods(["GET", "POST"])
def import_scores(request):
    return _import_view(request, imports.ScoreImport, "assessments:import_scores")


@permission_required("assessments.add_question")
@require_http_methods(["GET", "POST"])
def import_questions(request):
    return _import_view(request, imports.QuestionImport, "assessments:import_questions")


def _import_view(request, importer_class, url_name):
    """Upload -> preview of every row with its errors -> commit all rows or none."""
    importer = importer_class(request)
    if request.method == "POST" and request.POST.get("action") == "confirm":
        outcome = importer.commit()
        if outcome.ok:
            messages.success(request, outcome.message)
            return redirect(url_name)
        return render(request, importer.template, {"importer": importer, "outcome": outcome})
    outcome = importer.preview() if request.method == "POST" else None
    return render(request, importer.template, {"importer": importer, "outcome": outcome})
