"""Self-paced courses: the course index, sector sections, courses, lessons, enrolments,
lesson completions, certificates and one-time sign-in codes.

Pages exist once per language tree (Lao and English translations share a
``translation_key``), so everything a learner does is matched across translations by
that key: a lesson read in English counts for the Lao course too.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from courses.blocks import ContentStreamBlock
from lms.models import OnePerLocaleMixin

__all__ = [
    "AccessCode",
    "AccessCodePurpose",
    "Certificate",
    "CertificateKind",
    "CertificateQuerySet",
    "CourseIndexPage",
    "CourseLevel",
    "CoursePage",
    "CourseSectionPage",
    "Enrolment",
    "EnrolmentQuerySet",
    "LessonCompletion",
    "LessonPage",
]

PERCENT_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
SHARE_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))]


class CourseLevel(models.TextChoices):
    INTRODUCTORY = "introductory", _("Introductory")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class CourseIndexPage(OnePerLocaleMixin, Page):
    """All courses, grouped by sector section."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["lms.HomePage"]
    subpage_types = ["courses.CourseSectionPage"]

    template = "courses/course/course_index_page.html"

    class Meta:
        verbose_name = _("course index")

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
        from courses.catalogue import course_catalogue

        context = super().get_context(request, *args, **kwargs)
        context.update(course_catalogue(self, request))
        return context


class CourseSectionPage(Page):
    """The courses of one sector (or the core courses for every sector).

    Each section is the subtree on which that sector's trainer group gets Wagtail page
    permissions, so police trainers cannot change the judges' courses.
    """

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

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course section")

    @property
    def is_core(self) -> bool:
        return self.sector_id is None

    def serve(self, request, *args, **kwargs):
        # A section has no page of its own: the index lists it with its courses.
        from django.shortcuts import redirect

        return redirect(self.get_parent().get_url(request) + f"#section-{self.pk}")


class CoursePage(Page):
    """A self-paced course: lessons as child pages, optional pre- and post-test."""

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
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("learning_objectives"),
        index.FilterField("level"),
    ]

    parent_page_types = ["courses.CourseSectionPage"]
    subpage_types = ["courses.LessonPage"]

    template = "courses/course/course_page.html"

    class Meta:
        verbose_name = _("course")

    def get_context(self, request, *args, **kwargs):
        from courses.enrolment import course_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_context(self, request))
        return context

    @property
    def objectives(self) -> list[str]:
        return [line.strip() for line in self.learning_objectives.splitlines() if line.strip()]

    def lessons(self):
        return LessonPage.objects.child_of(self).live().order_by("path")

    def lesson_keys(self):
        """Translation keys of the live lessons: the same in every language tree."""
        return LessonPage.objects.child_of(self).live().values("translation_key")


class LessonPage(Page):
    """One lesson of a course: reading material in the manual's blocks."""

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
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    template = "courses/course/lesson_page.html"

    class Meta:
        verbose_name = _("lesson")

    def get_context(self, request, *args, **kwargs):
        from courses.enrolment import lesson_context

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_context(self, request))
        return context

    def serve(self, request, *args, **kwargs):
        from django.contrib import messages
        from django.shortcuts import redirect

        from courses.enrolment import course_progress, lesson_course, pre_test_pending

        course = lesson_course(self)
        enrolment, _steps = course_progress(request, course)
        if enrolment and pre_test_pending(enrolment, course):
            messages.info(request, _("Please take the pre-test before the first lesson."))
            return redirect(course.get_url(request))
        return super().serve(request, *args, **kwargs)


class EnrolmentQuerySet(models.QuerySet):
    def for_person(self, person):
        return self.filter(person=person)

    def for_course(self, course):
        """Enrolments in ``course`` whichever language tree they were made in."""
        return self.filter(course__translation_key=course.translation_key)

    def with_progress(self):
        """Annotate ``lessons_total`` and ``lessons_done`` (distinct live lessons read)."""

        def live_lessons(ref):
            # The course's live lessons; ``ref`` wraps OuterRef as deep as the subquery sits.
            return LessonPage.objects.live().filter(
                locale_id=ref("course__locale_id"),
                path__startswith=ref("course__path"),
                depth=ref("course__depth") + 1,
            )

        total = (
            live_lessons(OuterRef)
            .order_by()
            .values("locale_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        done = (
            LessonCompletion.objects.filter(
                enrolment=OuterRef("pk"),
                lesson__translation_key__in=live_lessons(
                    lambda name: OuterRef(OuterRef(name))
                ).values("translation_key"),
            )
            .order_by()
            .values("enrolment")
            .annotate(n=Count("lesson__translation_key", distinct=True))
            .values("n")
        )
        return self.annotate(
            lessons_total=Coalesce(Subquery(total), 0),
            lessons_done=Coalesce(Subquery(done), 0),
        )

    def with_status(self):
        """Annotate progress, ``post_test_passed``, ``attendance_met`` and ``completed``:
        THE course-completion rule (Enrolment.is_complete reads it for one enrolment).

        Complete: every live lesson read, the course's post-test passed where it has one
        (assessments.passing) and, where the course sets a minimum attendance share, that
        share of the hours attended at a held workshop teaching the course (the events'
        attendance rule, courses.models.events.met_attendance_share).
        """
        from django.apps import apps

        from assessments.passing import passed_course_post_test

        Participation = apps.get_model("courses", "Participation")
        attended = (
            Participation.objects.held()
            .filter(
                person=OuterRef("person"),
                event__courses__translation_key=OuterRef("course__translation_key"),
            )
            .meeting_share(OuterRef("course__min_attendance_share"))
        )
        return (
            self.with_progress()
            .annotate(
                post_test_passed=passed_course_post_test(),
                attendance_met=ExpressionWrapper(
                    Q(course__min_attendance_share__isnull=True) | Exists(attended),
                    output_field=models.BooleanField(),
                ),
            )
            .annotate(
                completed=ExpressionWrapper(
                    Q(lessons_total__gt=0, lessons_done__gte=F("lessons_total"))
                    & Q(post_test_passed=True, attendance_met=True),
                    output_field=models.BooleanField(),
                )
            )
        )

    def completed(self):
        """Enrolments that met the course-completion rule."""
        return self.with_status().filter(completed=True)


class Enrolment(models.Model):
    """A person taking a course. Progress and completion are computed, never stored."""

    # Protected: a person with enrolments is merged into another record, never deleted.
    person = models.ForeignKey(
        "lms.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="enrolments"
    )
    course = models.ForeignKey(
        CoursePage, verbose_name=_("course"), on_delete=models.PROTECT, related_name="enrolments"
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-enrolled_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["person", "course"], name="unique_enrolment")
        ]

    def __str__(self):
        return f"{self.person} · {self.course}"

    def done_lesson_keys(self) -> set:
        return set(self.completions.values_list("lesson__translation_key", flat=True))

    @property
    def progress(self) -> tuple[int, int]:
        """(lessons done, lessons in the course), from annotations when present."""
        if hasattr(self, "lessons_total"):
            return self.lessons_done, self.lessons_total
        keys = set(self.course.lesson_keys().values_list("translation_key", flat=True))
        return len(keys & self.done_lesson_keys()), len(keys)

    @property
    def progress_percent(self) -> int:
        done, total = self.progress
        return round(100 * done / total) if total else 0

    def lessons_complete(self) -> bool:
        done, total = self.progress
        return total > 0 and done >= total

    def is_complete(self) -> bool:
        """All lessons read, the post-test passed and, where required, the workshop attended:
        the ``completed`` annotation of EnrolmentQuerySet.with_status, asked for when absent."""
        if not hasattr(self, "completed"):
            return Enrolment.objects.filter(pk=self.pk).completed().exists()
        return bool(self.completed)


class LessonCompletion(models.Model):
    """A learner reached the end of a lesson. Recorded once; a repeat changes nothing."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="completions", verbose_name=_("enrolment")
    )
    lesson = models.ForeignKey(
        LessonPage, on_delete=models.CASCADE, related_name="completions", verbose_name=_("lesson")
    )
    completed_at = models.DateTimeField(_("completed at"), default=timezone.now)

    class Meta:
        ordering = ["completed_at"]
        verbose_name = _("lesson completion")
        verbose_name_plural = _("lesson completions")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "lesson"], name="unique_lesson_completion")
        ]

    def __str__(self):
        return f"{self.enrolment} · {self.lesson}"


class CertificateKind(models.TextChoices):
    COMPLETION = "completion", _("Completion")
    PARTICIPATION = "participation", _("Participation")


# No 0/O or 1/I/L: codes are read aloud and typed from paper.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_certificate_code() -> str:
    """Sixteen random characters (about 79 bits) in four groups: unguessable, easy to type."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True)

    def revoked(self):
        return self.filter(revoked_at__isnull=False)

    def for_course(self, course):
        return self.filter(course__translation_key=course.translation_key)


class Certificate(models.Model):
    """A completion or participation certificate with a public verification code."""

    person = models.ForeignKey(
        "lms.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CertificateKind.choices)
    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    event = models.ForeignKey(
        "courses.TrainingEvent",
        verbose_name=_("training event"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    code = models.CharField(
        _("verification code"), max_length=24, unique=True, default=new_certificate_code
    )
    # Why staff issued it though the completion rule was not met (empty when it was met).
    override_reason = models.TextField(_("reason for overriding the rule"), blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.CheckConstraint(
                condition=Q(course__isnull=False) | Q(event__isnull=False),
                name="certificate_for_course_or_event",
            ),
            models.UniqueConstraint(
                fields=["person", "kind", "course"],
                condition=Q(event__isnull=True),
                name="unique_course_certificate",
            ),
            models.UniqueConstraint(
                fields=["person", "kind", "event"],
                condition=Q(event__isnull=False),
                name="unique_event_certificate",
            ),
        ]

    def __str__(self):
        return f"{self.code} · {self.person}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class AccessCodePurpose(models.TextChoices):
    FIRST_LOGIN = "first_login", _("First sign-in")
    RESET = "reset", _("Password reset")


class AccessCode(models.Model):
    """A one-time code a trainer hands to a learner without email, to set a password."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="access_codes",
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=AccessCodePurpose.choices)
    # Hashed like a password: a stolen database does not reveal usable codes.
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # Wrong codes typed for this user while the code was open; too many closes it.
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    MAX_FAILED_ATTEMPTS = 5

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")

    def __str__(self):
        return f"{self.user} · {self.get_purpose_display()}"

    def set_code(self, code: str):
        self.code_hash = make_password(code)

    def matches(self, code: str) -> bool:
        return check_password(code.strip().replace(" ", "").upper(), self.code_hash)

    @property
    def is_usable(self) -> bool:
        return (
            self.used_at is None
            and self.expires_at > timezone.now()
            and self.failed_attempts < self.MAX_FAILED_ATTEMPTS
        )
