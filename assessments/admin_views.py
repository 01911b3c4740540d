"""Trainers' quiz tools in the Wagtail admin: pre/post results, item analysis, paper tests
and the score and question imports. Mounted under /admin/quizzes/ by wagtail_hooks.py.

Every view answers 403 to a signed-in user without the model permission, and reads only
the attempts, events and courses the user manages (lms.access): an event or a course
outside them is not found.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from assessments import imports, pdf, stats
from assessments.models import Quiz, QuizForm
from lms import access
from lms.i18n import active_language
from lms.models import Sex

TEMPLATES = "assessments/admin/"


class ResultsFilterForm(forms.Form):
    """The event or course to show, among those the user manages."""

    event = forms.ModelChoiceField(
        queryset=None, required=False, label=gettext_lazy("Training event")
    )
    course = forms.ModelChoiceField(queryset=None, required=False, label=gettext_lazy("Course"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = access.managed_events(user).order_by("-start_date")
        self.fields["course"].queryset = access.managed_courses(user).order_by("title")


def _managed_group(request):
    """The event or course from ?event= / ?course=, only among those the user manages."""
    event = course = None
    event_id, course_id = request.GET.get("event", ""), request.GET.get("course", "")
    if event_id:
        if not event_id.isdigit():
            raise Http404
        event = get_object_or_404(access.managed_events(request.user), pk=event_id)
    if course_id:
        if not course_id.isdigit():
            raise Http404
        course = get_object_or_404(access.managed_courses(request.user), pk=course_id)
    return event, course


@permission_required("assessments.view_attempt", raise_exception=True)
def results(request):
    """Pre/post results per person and aggregates, over the attempts the user manages."""
    event, course = _managed_group(request)
    attempts = access.managed_attempts(request.user)
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
        TEMPLATES + "results.html",
        {
            "event": event,
            "course": course,
            "filter_form": ResultsFilterForm(
                initial={"event": event, "course": course}, user=request.user
            ),
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


@permission_required("assessments.view_attempt", raise_exception=True)
def analysis(request, pk):
    """Item analysis of a quiz (shared material) over the attempts the user manages."""
    quiz = get_object_or_404(Quiz, pk=pk)
    report = stats.item_analysis(quiz, attempts=access.managed_attempts(request.user))
    return render(
        request,
        TEMPLATES + "analysis.html",
        {"quiz": quiz, "report": report, "forms": QuizForm.values},
    )


@permission_required("assessments.view_quiz", raise_exception=True)
def paper(request, pk, form, document):
    """A printed test, answer sheet or answer key: quizzes are shared teaching material."""
    quiz = get_object_or_404(Quiz, pk=pk)
    if form not in QuizForm.values or document not in pdf.DOCUMENTS:
        raise Http404
    response = HttpResponse(pdf.render_paper(quiz, form, document), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="quiz-{quiz.pk}-{form}-{document}.pdf"'
    return response


@permission_required("assessments.add_attempt", raise_exception=True)
@require_http_methods(["GET", "POST"])
def import_scores(request):
    return _import_view(request, imports.ScoreImport, "assessments_admin:import_scores")


@permission_required("assessments.add_question", raise_exception=True)
@require_http_methods(["GET", "POST"])
def import_questions(request):
    return _import_view(request, imports.QuestionImport, "assessments_admin:import_questions")


def _import_view(request, importer_class, url_name):
    """Upload -> preview of every row with its errors -> commit all rows or none."""
    importer = importer_class(request)
    template = TEMPLATES + "import.html"
    if request.method == "POST" and request.POST.get("action") == "confirm":
        outcome = importer.commit()
        if outcome.ok:
            messages.success(request, outcome.message)
            return redirect(url_name)
        return render(request, template, {"importer": importer, "outcome": outcome})
    outcome = importer.preview() if request.method == "POST" else None
    return render(request, template, {"importer": importer, "outcome": outcome})
