"""Admin for the question bank: questions (previewed in each language), case vignettes, tags,
quizzes (questions ordered inline), attempts, and links to the trainer tools."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from assessments.models import Attempt, Question, Quiz, Tag, Vignette
from lms.admin_menu import PermissionMenuItem
from lms.admin_viewsets import SnippetViewSet, SnippetViewSetGroup


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    list_display = ["__str__", "kind", "difficulty", "vignette", "updated_at"]
    list_filter = ["kind", "difficulty", "tags", "vignette"]
    search_fields = ["stem_en", "stem_lo"]

    def get_queryset(self, request):
        return Question.objects.select_related("vignette")


class VignetteViewSet(SnippetViewSet):
    model = Vignette
    icon = "doc-full"
    list_display = ["title_en", "title_lo"]


class TagViewSet(SnippetViewSet):
    model = Tag
    icon = "tag"
    list_display = ["code", "kind", "name_en", "name_lo"]
    list_filter = ["kind"]


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "form"
    list_display = ["title_en", "title_lo", "purpose", "pass_mark", "live"]
    list_filter = ["purpose", "live"]
    search_fields = ["title_en", "title_lo"]


class AttemptViewSet(SnippetViewSet):
    model = Attempt
    icon = "tasks"
    list_display = ["person", "quiz", "event", "form", "source", "status", "score_percent"]
    list_filter = ["quiz", "status", "source", "form"]
    list_export = [
        "person",
        "quiz",
        "event",
        "course",
        "form",
        "source",
        "status",
        "started_at",
        "submitted_at",
        "score_percent",
    ]
    export_filename = "attempts"
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Attempt.objects.select_related("person", "quiz", "event", "course")


class AssessmentsGroup(SnippetViewSetGroup):
    items = (QuizViewSet, QuestionViewSet, VignetteViewSet, TagViewSet, AttemptViewSet)
    menu_icon = "form"
    menu_label = _("Quizzes")
    menu_name = "quizzes"


register_snippet(AssessmentsGroup)


@hooks.register("register_admin_menu_item")
def register_quiz_tools():
    return PermissionMenuItem(
        _("Pre/post results"),
        reverse("assessments:results"),
        icon_name="table",
        order=410,
        permissions=("assessments.view_attempt",),
    )


@hooks.register("register_admin_menu_item")
def register_score_import():
    return PermissionMenuItem(
        _("Import paper results"),
        reverse("assessments:import_scores"),
        icon_name="upload",
        order=411,
        permissions=("assessments.add_attempt",),
    )


@hooks.register("register_admin_menu_item")
def register_question_import():
    return PermissionMenuItem(
        _("Import questions"),
        reverse("assessments:import_questions"),
        icon_name="upload",
        order=412,
        permissions=("assessments.add_question",),
    )
