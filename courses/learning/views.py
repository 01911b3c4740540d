"""The learner's views: enrol, finish a lesson, "My learning", own certificate PDFs, and the
public certificate verification page.

Every view that shows or changes a learner's records looks them up through the signed-in
person, so another learner's ids give 404.
"""

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Locale

from assessments.passing import has_passed_course_post_test
from courses.learning.enrolment import (
    enrol_person,
    find_enrolment,
    pre_test_pending,
    quiz_url,
    record_lesson_completion,
)
from courses.models import Certificate, CourseIndexPage, CoursePage, Enrolment, LessonPage
from lms.auth import person_of, signed_in_person


@login_required
@require_POST
def enrol(request, course_id):
    person = signed_in_person(request)
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    enrolment = enrol_person(person, course)
    if pre_test_pending(enrolment):
        messages.info(request, _("You are enrolled. Please take the pre-test first."))
        url = quiz_url(course.pre_test_id, course)
        return redirect(url or course.get_url(request))
    first = course.lessons().first()
    messages.success(request, _("You are enrolled. Start with the first lesson."))
    return redirect(first.get_url(request) if first else course.get_url(request))


@login_required
@require_POST
def complete_lesson(request, lesson_id):
    person = signed_in_person(request)
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    course = lesson.get_parent().specific
    enrolment = find_enrolment(person, course)
    if enrolment is None:
        raise Http404
    if pre_test_pending(enrolment):
        return redirect(course.get_url(request))
    certificate = record_lesson_completion(enrolment, lesson)
    if certificate:
        messages.success(request, _("Congratulations! You completed the course."))
        return redirect(course.get_url(request))
    following = course.lessons().filter(path__gt=lesson.path).first()
    if following:
        return redirect(following.get_url(request))
    if not has_passed_course_post_test(course, person):
        messages.info(request, _("You read every lesson. Now take the post-test."))
    return redirect(course.get_url(request))


def quiz_results(person):
    Attempt = apps.get_model("assessments", "Attempt")
    attempts = Attempt.objects.submitted().filter(person=person)
    # The pass mark shown comes from the event or course the test was taken in.
    return attempts.select_related("quiz", "event", "course")[:20]


def active_content_locale():
    """The locale Wagtail's ``page.localized`` translates into; None when it leaves pages as
    they are (i18n off, or no locale for the active language nor the default one)."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return None
    try:
        return Locale.get_active()
    except (LookupError, Locale.DoesNotExist):
        return None


def localized_pages(model, pages, locale) -> dict:
    """``{page.pk: page.localized}`` for pages of ``model`` in one query for them all (none
    when every page is in ``locale`` already): the live translation in ``locale``, else the
    page itself, as Wagtail's ``localized`` finds page by page."""
    pages = {page.pk: page for page in pages}
    keys = {
        page.translation_key for page in pages.values() if locale and page.locale_id != locale.id
    }
    translations = {}
    if keys:
        rows = model.objects.filter(translation_key__in=keys, locale=locale, live=True)
        translations = {page.translation_key: page for page in rows}
    return {pk: translations.get(page.translation_key, page) for pk, page in pages.items()}


def courses_url(request) -> str | None:
    """The course catalogue in the reader's language (or any live one)."""
    indexes = CourseIndexPage.objects.live()
    locale = active_content_locale()
    index = (locale and indexes.filter(locale=locale).first()) or indexes.first()
    return index.get_url(request) if index else None


@login_required
def my_learning(request):
    person = person_of(request.user)
    if person is None:
        # A staff or admin account without a registry record: no learning of its own, but
        # no dead end either.
        return render(
            request,
            "courses/course/my_learning_no_record.html",
            {"courses_url": courses_url(request)},
        )
    enrolments = list(
        Enrolment.objects.for_person(person)
        .with_status()
        .with_next_lesson()
        .select_related("course", "person")
        .order_by("-enrolled_at")
    )
    certificates = list(Certificate.objects.filter(person=person).select_related("course", "event"))
    completed_keys = {
        certificate.course.translation_key
        for certificate in certificates
        if certificate.course_id and certificate.kind == "completion" and certificate.is_valid
    }
    in_progress, completed = [], []
    for enrolment in enrolments:
        if enrolment.course.translation_key in completed_keys or enrolment.is_complete():
            completed.append(enrolment)
        else:
            in_progress.append(enrolment)
    # The next lessons and every page's translation are read at once, not course by course.
    locale = active_content_locale()
    ids = {enrolment.next_lesson_id for enrolment in in_progress} - {None}
    next_lessons = LessonPage.objects.in_bulk(ids) if ids else {}
    local_lessons = localized_pages(LessonPage, next_lessons.values(), locale)
    courses = [enrolment.course for enrolment in enrolments]
    courses += [certificate.course for certificate in certificates if certificate.course_id]
    local_courses = localized_pages(CoursePage, courses, locale)
    for enrolment in enrolments:
        enrolment.local_course = local_courses[enrolment.course_id]
    for enrolment in in_progress:
        enrolment.next_lesson = next_lessons.get(enrolment.next_lesson_id)
        enrolment.local_next_lesson = local_lessons.get(enrolment.next_lesson_id)
    for certificate in certificates:
        certificate.local_course = local_courses.get(certificate.course_id)
    return render(
        request,
        "courses/course/my_learning.html",
        {
            "person": person,
            "in_progress": in_progress,
            "completed": completed,
            "certificates": certificates,
            "attempts": quiz_results(person),
            "courses_url": courses_url(request),
        },
    )
