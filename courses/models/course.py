"""Self-paced courses: the course index, sector sections, courses, lessons, enrolments,
lesson completions, certificates and one-time sign-in codes.

Pages exist once per language tree (Lao and English translations share a
``translation_key``), so everything a learner does is matched across translations by
that key: a lesson read in English counts for the Lao course too.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from courses.blocks import ContentStreamBlock
from courses.learning.forms import CoursePageForm
from courses.models.manual import stream_text
from lms.models import OnePerLocaleMixin
from lms.page_forms import ReadablePageForm
from lms.search_backend import LAO_SEARCH_FIELDS, LaoSearchable

__all__ = [
    "CourseIndexPage",
    "CourseLevel",
    "CoursePage",
    "CourseSectionPage",
    "LessonPage",
]

PERCENT_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
SHARE_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))]


class CourseLevel(models.TextChoices):
    INTRODUCTORY = "introductory", _("Introductory")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class CourseIndexPage(LaoSearchable, OnePerLocaleMixin, Page):
    """All courses, grouped by sector section."""

    base_form_class = ReadablePageForm

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = (
        Page.search_fields
        + [
            index.SearchField("introduction"),
        ]
        + LAO_SEARCH_FIELDS
    )

    parent_page_types = ["lms.HomePage"]
    subpage_types = ["courses.CourseSectionPage"]

    template = "courses/course/course_index_page.html"

    class Meta:
        verbose_name = _("course index")

    def search_texts(self) -> list[str]:
        return [self.introduction]

    def route(self, request, path_components):
        """Find a section, course or lesson in one query, not Wagtail's two per level."""
        model = {1: "CourseSectionPage", 2: "CoursePage", 3: "LessonPage"}.get(len(path_components))
        if model is None:
            return super().route(request, path_components)
        page = (
            globals()[model]
            .objects.filter(
                path__startswith=self.path,
                depth=self.depth + len(path_components),
                url_path=self.url_path + "/".join(path_components) + "/",
            )
            .first()
        )
        if page is None:
            return super().route(request, path_components)
        if not page.live:
            raise Http404
        return RouteResult(page)

    def get_context(self, request, *args, **kwargs):
        from courses.learning.catalogue import course_catalogue

        context = super().get_context(request, *args, **kwargs)
        context.update(course_catalogue(self, request))
        return context


class CourseSectionPage(LaoSearchable, Page):
    """The courses of one sector (or the core courses for every sector).

    Each section is the subtree on which that sector's trainer group gets Wagtail page
    permissions, so police trainers cannot change the judges' courses.
    """

    base_form_class = ReadablePageForm
    # Not text: the same in both languages (lms.translation).
    synchronised_fields = ["sector"]

    sector = models.ForeignKey(
        "lms.Sector",
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="course_sections",
        help_text=_("Leave empty for the core courses that every sector takes."),
    )
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("sector"), FieldPanel("introduction")]
    search_fields = (
        Page.search_fields
        + [
            index.SearchField("introduction"),
        ]
        + LAO_SEARCH_FIELDS
    )

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course section")

    @property
    def is_core(self) -> bool:
        return self.sector_id is None

    def search_texts(self) -> list[str]:
        return [self.introduction]

    def serve(self, request, *args, **kwargs):
        # A section has no page of its own: the index lists it with its courses.
        from django.shortcuts import redirect

        return redirect(self.get_parent().get_url(request) + f"#section-{self.pk}")


class CoursePage(LaoSearchable, Page):
    """A self-paced course: lessons as child pages, optional pre- and post-test."""

    base_form_class = CoursePageForm
    # Not text: the same in both languages (lms.translation).
    synchronised_fields = [
        "target_sectors",
        "level",
        "estimated_hours",
        "pre_test",
        "post_test",
        "pass_mark",
        "min_attendance_share",
    ]

    summary = models.TextField(_("summary"))
    target_sectors = ParentalManyToManyField(
        "lms.Sector",
        verbose_name=_("target sectors"),
        blank=True,
        related_name="courses",
        help_text=_("Who the course is written for. Leave empty for a core course for everyone."),
    )
    level = models.CharField(
        _("level"), max_length=20, choices=CourseLevel.choices, default=CourseLevel.INTRODUCTORY
    )
    learning_objectives = models.TextField(
        _("learning objectives"),
        blank=True,
        help_text=_("One objective per line: what a learner can do after the course."),
    )
    estimated_hours = models.DecimalField(
        _("estimated hours"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("1.0"),
        validators=[MinValueValidator(Decimal("0.1"))],
        help_text=_("Study time in hours; printed on the certificate."),
    )
    prerequisites = ParentalManyToManyField(
        "self",
        verbose_name=_("prerequisites"),
        blank=True,
        symmetrical=False,
        related_name="required_by",
        help_text=_("Courses a learner should complete first."),
    )
    pre_test = models.ForeignKey(
        "assessments.Quiz",
        verbose_name=_("pre-test"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="courses_as_pre_test",
        help_text=_("Taken before the first lesson, to measure the knowledge gain."),
    )
    post_test = models.ForeignKey(
        "assessments.Quiz",
        verbose_name=_("post-test"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="courses_as_post_test",
        help_text=_("Taken after the last lesson; passing it is part of completing the course."),
    )
    # Percent (0..100) of the post-test score needed to complete the course.
    pass_mark = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(70),
        validators=PERCENT_VALIDATORS,
    )
    # Share (0..1) of a workshop's scheduled hours a learner must attend, when the course
    # is delivered at a workshop; empty for a purely self-paced course.
    min_attendance_share = models.DecimalField(
        _("minimum attendance share"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SHARE_VALIDATORS,
        help_text=_(
            "Between 0 and 1, e.g. 0.80. When set, a learner must also have attended this "
            "share of the hours of a held workshop that taught the course."
        ),
    )
    signatory_name = models.CharField(
        _("signatory"), max_length=200, blank=True, help_text=_("Who signs the certificates.")
    )
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("target_sectors"),
                FieldPanel("level"),
                FieldPanel("learning_objectives"),
                FieldPanel("estimated_hours"),
                # A searchable chooser of the course's own language (CoursePageForm).
                FieldPanel("prerequisites"),
            ],
            heading=_("About the course"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("pre_test"),
                FieldPanel("post_test"),
                FieldPanel("pass_mark"),
                FieldPanel("min_attendance_share"),
            ],
            heading=_("Tests and completion"),
        ),
        MultiFieldPanel(
            [FieldPanel("signatory_name"), FieldPanel("signatory_title")],
            heading=_("Certificate"),
        ),
    ]
    search_fields = (
        Page.search_fields
        + [
            index.SearchField("summary"),
            index.SearchField("learning_objectives"),
            index.FilterField("level"),
        ]
        + LAO_SEARCH_FIELDS
    )

    parent_page_types = ["courses.CourseSectionPage"]
    subpage_types = ["courses.LessonPage"]

    template = "courses/course/course_page.html"

    class Meta:
        verbose_name = _("course")

    def get_context(self, request, *args, **kwargs):
        from courses.learning.enrolment import course_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_context(self, request))
        return context

    def search_texts(self) -> list[str]:
        return [self.summary, self.learning_objectives]

    @property
    def objectives(self) -> list[str]:
        return [line.strip() for line in self.learning_objectives.splitlines() if line.strip()]

    def lessons(self):
        return LessonPage.objects.child_of(self).live().order_by("path")

    def lesson_keys(self):
        """Translation keys of the live lessons: the same in every language tree."""
        return LessonPage.objects.child_of(self).live().values("translation_key")


class LessonPage(LaoSearchable, Page):
    """One lesson of a course: reading material in the manual's blocks."""

    base_form_class = ReadablePageForm
    # Not text: the same in both languages (lms.translation).
    synchronised_fields = ["estimated_minutes", "knowledge_check"]

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(ContentStreamBlock(), verbose_name=_("body"), blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated time (minutes)"), default=15, validators=[MinValueValidator(1)]
    )
    knowledge_check = models.ForeignKey(
        "assessments.Quiz",
        verbose_name=_("knowledge check"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
        help_text=_("Optional questions at the end of the lesson; they do not block progress."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("estimated_minutes"),
        FieldPanel("knowledge_check"),
    ]
    search_fields = (
        Page.search_fields
        + [
            index.SearchField("introduction"),
            index.SearchField("body"),
        ]
        + LAO_SEARCH_FIELDS
    )

    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    template = "courses/course/lesson_page.html"

    class Meta:
        verbose_name = _("lesson")

    def search_texts(self) -> list[str]:
        return [self.introduction, stream_text(self.body)]

    def get_context(self, request, *args, **kwargs):
        from courses.learning.enrolment import lesson_context

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_context(self, request))
        return context

    def serve(self, request, *args, **kwargs):
        from django.contrib import messages
        from django.shortcuts import redirect

        from courses.learning.enrolment import course_progress, lesson_course, pre_test_pending

        course = lesson_course(self)
        enrolment, _steps = course_progress(request, course)
        if enrolment and pre_test_pending(enrolment, course):
            messages.info(request, _("Please take the pre-test before the first lesson."))
            return redirect(course.get_url(request))
        return super().serve(request, *args, **kwargs)
