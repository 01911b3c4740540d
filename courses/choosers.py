"""The course chooser of the admin's forms: each course once, in one language.

A course is two pages, its Lao and English copies (one translation key). The chooser lists
the courses the user manages (lms.access.managed_courses) in the language of the admin the
user reads, a course without that copy in the other language; ``?locale=lo`` lists only
that language's copies (a course's prerequisites are in its own language) and
``?exclude=<page id>`` leaves out that page's course (a course is not its own prerequisite).
"""

from django.db.models import Min, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.models import Locale

from lms.access import managed_courses
from lms.choosers import MultipleChooser, ScopedChooserViewSet, SearchForm
from lms.i18n import active_language

__all__ = ["CourseChooserViewSet", "course_chooser_viewset", "courses_in_one_language"]


def courses_in_one_language(courses: QuerySet, language_code: str) -> QuerySet:
    """Each course of ``courses`` once: its copy in ``language_code``, else its copy in the
    default language, else any one of its copies."""
    wanted = courses.filter(locale__language_code=language_code)
    missing = courses.exclude(translation_key__in=wanted.values("translation_key"))
    default = missing.filter(locale=Locale.get_default())
    others = missing.exclude(translation_key__in=default.values("translation_key"))
    first_others = (
        others.order_by().values("translation_key").annotate(first=Min("pk")).values("first")
    )
    return courses.filter(
        Q(pk__in=wanted.values("pk")) | Q(pk__in=default.values("pk")) | Q(pk__in=first_others)
    )


class CourseSearchForm(SearchForm):
    def search(self, objects, query):
        return objects.filter(Q(title__icontains=query) | Q(summary__icontains=query))


class CourseChooseMixin:
    filter_form_class = CourseSearchForm
    ordering = ["title", "pk"]

    def get_object_list(self):
        courses = managed_courses(self.request.user).select_related("locale")
        language = self.request.GET.get("locale", "")
        if language:
            courses = courses.filter(locale__language_code=language)
        else:
            courses = courses_in_one_language(courses, active_language())
        exclude = self.request.GET.get("exclude", "")
        if exclude.isdigit():
            same = courses.model.objects.filter(pk=int(exclude)).values("translation_key")
            courses = courses.exclude(translation_key__in=same)
        return courses

    @property
    def columns(self):
        title = self.title_column
        title.label = _("Course")
        return [title, Column("locale", label=_("Language"), accessor="locale.get_display_name")]


class CourseChooserViewSet(ScopedChooserViewSet):
    model = "courses.CoursePage"
    icon = "desktop"
    page_title = _("Choose a course")
    choose_one_text = _("Choose a course")
    choose_another_text = _("Choose another course")
    edit_item_text = _("Edit this course")
    # Forms ask for it by name; a page's own links keep Wagtail's page chooser.
    register_widget = False
    preserve_url_parameters = ["multiple", "locale", "exclude"]
    choose_mixin = CourseChooseMixin
    scope = staticmethod(managed_courses)


course_chooser_viewset = CourseChooserViewSet("courses_chooser", url_prefix="courses/choose")


@hooks.register("register_admin_viewset")
def register_course_chooser():
    return course_chooser_viewset


def course_choosers(add_text=None) -> MultipleChooser:
    """The widget of a field of several courses."""
    return MultipleChooser(
        lambda: course_chooser_viewset.widget_class(), add_text=add_text or _("Add courses")
    )
