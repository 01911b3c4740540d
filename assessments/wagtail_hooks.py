"""Admin for the question bank: questions (previewed in each language), case vignettes, tags,
quizzes (questions ordered inline), attempts, and the trainer tools (admin_urls.py) with
their menu items.

Attempts are personal data: a trainer lists, exports, inspects and corrects only those of
the events and courses they manage (lms.access.managed_attempts, the viewset's scope, which
every snippet view, bulk action and chooser applies).
"""

from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import TitleColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views

from assessments import admin_urls
from assessments.attempts import may_count_for
from assessments.forms import QuestionAdminForm
from assessments.models import Attempt, Question, Quiz, Tag, Vignette
from lms import access
from lms.admin_auth import refusals_as_403
from lms.admin_menu import PermissionMenuItem
from lms.admin_viewsets import ScopedChoicesAdminForm, SnippetViewSet, SnippetViewSetGroup


class QuestionPermissionPolicy(ModelPermissionPolicy):
    """The model permissions, and for deleting one question who may
    (lms.access.may_delete_question; the delete view checks the attempts too)."""

    def user_has_permission_for_instance(self, user, action, instance):
        allowed = self.user_has_permission(user, action)
        if action == "delete":
            return allowed and access.may_delete_question(user, instance, check_use=False)
        return allowed

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)


register_permission_policy(Question, QuestionPermissionPolicy(Question))


class QuestionDeleteView(snippet_views.DeleteView):
    """Wagtail's delete view checks the model permission only: ask about this question."""

    def get_object(self, queryset=None):
        question = super().get_object(queryset)
        may = self.user_has_permission("delete") and access.may_delete_question(
            self.request.user, question
        )
        if not may:
            raise PermissionDenied
        return question


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    list_display = ["__str__", "kind", "difficulty", "vignette", "updated_at"]
    list_filter = ["kind", "difficulty", "tags", "vignette"]
    search_fields = ["stem_en", "stem_lo"]
    edit_handler = ObjectList(Question.panels, base_form_class=QuestionAdminForm)
    delete_view_class = QuestionDeleteView

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


def _analysis_url(quiz):
    return reverse("assessments_admin:analysis", args=[quiz.pk])


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "form"
    list_display = [
        "title_en",
        "title_lo",
        "purpose",
        "pass_mark",
        "live",
        TitleColumn(
            "analysis",
            label=_("Item analysis"),
            accessor=lambda quiz: _("Item analysis and paper tests"),
            get_url=_analysis_url,
        ),
    ]
    list_filter = ["purpose", "live"]
    search_fields = ["title_en", "title_lo"]


class AttemptAdminForm(ScopedChoicesAdminForm):
    """Offers only the people, events and courses the user manages (and the attempt's own),
    and keeps an attempt to a participant of its event or a learner of its course."""

    scoped_fields = {
        "person": access.managed_people,
        "event": access.managed_events,
        "course": access.managed_courses,
    }

    def clean(self):
        cleaned = super().clean()
        user = self.for_user
        event, course, person = cleaned.get("event"), cleaned.get("course"), cleaned.get("person")
        if user is not None and not access.sees_everything(user):
            counted = (event is not None and access.can_manage_event(user, event)) or (
                course is not None and access.can_manage_course(user, course)
            )
            if not counted:
                self.add_error(
                    None,
                    gettext(
                        "Choose a training event or a course you manage: the attempt must "
                        "count for one of them."
                    ),
                )
        if person is not None and not may_count_for(person, event, course):
            self.add_error(
                "person",
                gettext("This person is not a participant of the event or enrolled in the course."),
            )
        return cleaned


class AttemptViewSet(SnippetViewSet):
    model = Attempt
    icon = "tasks"
    scope = access.managed_attempts
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("person"), FieldPanel("quiz")]),
            FieldRowPanel([FieldPanel("event"), FieldPanel("course")]),
            FieldRowPanel([FieldPanel("form"), FieldPanel("source"), FieldPanel("status")]),
            FieldRowPanel([FieldPanel("started_at"), FieldPanel("submitted_at")]),
            FieldPanel("score_percent"),
        ],
        base_form_class=AttemptAdminForm,
    )
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
        return super().get_queryset(request).select_related("person", "quiz", "event", "course")


class AssessmentsGroup(SnippetViewSetGroup):
    items = (QuizViewSet, QuestionViewSet, VignetteViewSet, TagViewSet, AttemptViewSet)
    menu_icon = "form"
    menu_label = _("Quizzes")
    menu_name = "quizzes"


register_snippet(AssessmentsGroup)


@hooks.register("register_admin_urls")
def register_quiz_tool_urls():
    return [
        path("quizzes/", include((refusals_as_403(admin_urls.urlpatterns), "assessments_admin")))
    ]


@hooks.register("register_admin_menu_item")
def register_quiz_tools():
    return PermissionMenuItem(
        _("Pre/post results"),
        reverse("assessments_admin:results"),
        icon_name="table",
        order=410,
        permissions=("assessments.view_attempt",),
    )


@hooks.register("register_admin_menu_item")
def register_score_import():
    return PermissionMenuItem(
        _("Import paper results"),
        reverse("assessments_admin:import_scores"),
        icon_name="upload",
        order=411,
        permissions=("assessments.add_attempt",),
    )


@hooks.register("register_admin_menu_item")
def register_question_import():
    return PermissionMenuItem(
        _("Import questions"),
        reverse("assessments_admin:import_questions"),
        icon_name="upload",
        order=412,
        permissions=("assessments.add_question",),
    )
