"""The course catalogue shown by CourseIndexPage: sections in the learner's order, filters."""

from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.models import CourseLevel, CoursePage, CourseSectionPage, Enrolment
from lms.auth import person_of
from lms.models import Sector


class CourseFilterForm(forms.Form):
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All sectors"),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Any language"))] + list(settings.LANGUAGES),
        required=False,
    )
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("Any level"))] + CourseLevel.choices, required=False
    )


@dataclass
class CatalogueSection:
    section: CourseSectionPage
    courses: list = field(default_factory=list)
    is_own_sector: bool = False


def filter_courses(courses, sections, data: dict):
    """Apply the filter form's cleaned ``data`` to a CoursePage queryset."""
    sector = data.get("sector")
    if sector:
        in_sector_sections = Q()
        for section in sections:
            if section.sector_id == sector.pk:
                in_sector_sections |= Q(path__startswith=section.path)
        courses = courses.filter(Q(target_sectors=sector) | in_sector_sections).distinct()
    if data.get("language"):
        available = CoursePage.objects.live().filter(locale__language_code=data["language"])
        courses = courses.filter(translation_key__in=available.values("translation_key"))
    if data.get("level"):
        courses = courses.filter(level=data["level"])
    return courses


def course_catalogue(index, request) -> dict:
    """Sections with their courses: the learner's own sector first, then core, then the rest."""
    person = person_of(request.user)
    form = CourseFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    sections = list(
        CourseSectionPage.objects.child_of(index).live().select_related("sector").order_by("path")
    )
    courses = filter_courses(
        CoursePage.objects.live().descendant_of(index).defer_streamfields(), sections, data
    ).prefetch_related("target_sectors")
    grouped = [
        CatalogueSection(
            section=section,
            is_own_sector=bool(person and section.sector_id == person.sector_id),
        )
        for section in sections
    ]
    for course in courses.order_by("path"):
        for entry in grouped:
            if course.path.startswith(entry.section.path):
                entry.courses.append(course)
    grouped.sort(key=lambda entry: (not entry.is_own_sector, not entry.section.is_core))
    progress = {}
    if person:
        for enrolment in (
            Enrolment.objects.for_person(person).with_progress().select_related("course")
        ):
            progress[enrolment.course.translation_key] = enrolment
    for entry in grouped:
        for course in entry.courses:
            course.learner_enrolment = progress.get(course.translation_key)
    return {
        "filter_form": form,
        "sections": [entry for entry in grouped if entry.courses],
        "is_filtered": bool(data and any(data.values())),
    }
