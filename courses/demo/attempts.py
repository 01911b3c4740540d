"""Demo quiz attempts in courses and workshops: a pre/post pair per demo course (set on both
languages of the course page), events' chosen tests, and seeded attempts of enrolled learners
and event participants. The question bank itself is the assessments app's demo.
"""

import datetime

from django.db import transaction
from wagtail.models import Locale

from assessments import demo as assessments_demo
from assessments.demo import abilities, build_pair, demo_time, person_rng, seed_attempt
from assessments.models import QuizForm
from courses.models import CoursePage, Enrolment, EventStatus, Participation, TrainingEvent


def build_course_pairs(bank) -> dict:
    """A pair per demo course, set on the Lao page and its English translation."""
    pairs = {}
    for course in CoursePage.objects.filter(locale__language_code="lo").order_by("path"):
        english = course.get_translation_or_none(Locale.objects.get(language_code="en"))
        title_en = english.title if english else course.title
        pre, post = build_pair(title_en, course.title, bank)
        for page in filter(None, [course, english and english.specific]):
            if page.pre_test_id != pre.pk or page.post_test_id != post.pk:
                page.pre_test, page.post_test = pre, post
                page.save_revision().publish()
        pairs[course.translation_key] = (pre, post)
    return pairs


def seed_course_attempts(pairs):
    """Enrolled learners took the pre-test; those who finished every lesson, the post-test."""
    enrolments = Enrolment.objects.select_related("person__sector", "course").order_by("pk")
    for index, enrolment in enumerate(enrolments):
        pre, post = pairs.get(enrolment.course.translation_key, (None, None))
        if pre is None:
            continue
        person = enrolment.person
        rng = person_rng("course", enrolment.course_id, person.pk)
        pre_ability, post_ability = abilities(person, rng)
        form = QuizForm.A if index % 2 == 0 else QuizForm.B
        start = enrolment.enrolled_at
        seed_attempt(pre, person, pre_ability, form, start, rng, course=enrolment.course)
        if enrolment.lessons_complete():
            # They completed the course, so they passed its post-test.
            other = QuizForm.B if form == QuizForm.A else QuizForm.A
            seed_attempt(
                post,
                person,
                max(post_ability, 0.9),
                other,
                start + datetime.timedelta(days=rng.randint(5, 20)),
                rng,
                course=enrolment.course,
            )


def seed_event_attempts(pairs, core_pair):
    """Events with a post-test get a pair and attempts for their participants."""
    events = TrainingEvent.objects.filter(post_test_required=True).order_by("start_date", "pk")
    for event in events:
        course = event.courses.order_by("path").first()
        pre, post = pairs.get(course.translation_key, core_pair) if course else core_pair
        if event.pre_test_id != pre.pk or event.post_test_id != post.pk:
            event.pre_test, event.post_test = pre, post
            event.save(update_fields=["pre_test", "post_test"])
        if event.status != EventStatus.HELD:
            continue
        participants = (
            Participation.objects.filter(event=event, role="participant")
            .select_related("person__sector")
            .order_by("pk")
        )
        for index, participation in enumerate(participants):
            person = participation.person
            rng = person_rng("event", event.pk, person.pk)
            pre_ability, post_ability = abilities(person, rng)
            form = QuizForm.A if index % 2 == 0 else QuizForm.B
            other = QuizForm.B if form == QuizForm.A else QuizForm.A
            # A few arrive late and miss the pre-test, or leave before the post-test.
            took_pre, took_post = rng.random() > 0.07, rng.random() > 0.05
            if took_pre:
                seed_attempt(
                    pre, person, pre_ability, form, demo_time(event.start_date, 8), rng, event=event
                )
            if took_post:
                seed_attempt(
                    post,
                    person,
                    post_ability,
                    other,
                    demo_time(event.end_date, 15),
                    rng,
                    event=event,
                )


@transaction.atomic
def load():
    bank = assessments_demo.load()
    pairs = build_course_pairs(bank)
    core_pair = build_pair(
        "Trafficking in persons and victim identification",
        "ການຄ້າມະນຸດ ແລະ ການລະບຸຕົວຜູ້ຖືກເຄາະຮ້າຍ",
        bank,
    )
    seed_course_attempts(pairs)
    seed_event_attempts(pairs, core_pair)
