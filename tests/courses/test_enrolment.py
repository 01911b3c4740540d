"""Enrolling, the pre-test gate, finishing lessons, "My learning", and learner isolation."""

import pytest
from django.urls import reverse

from assessments.models import QuizPurpose
from courses.learning.enrolment import enrol_person, record_lesson_completion
from courses.models import Enrolment, LessonCompletion
from tests.factories import LearnerFactory, QuizFactory, make_course, submit_attempt

pytestmark = pytest.mark.django_db


def test_enrolment_is_one_tap_and_leads_to_the_first_lesson(client, home_pages):
    course = make_course(home_pages["lo"], lessons=2)
    learner = LearnerFactory()
    client.force_login(learner.user)
    response = client.post(reverse("courses:enrol", args=[course.pk]))
    assert response.status_code == 302
    assert response["Location"] == course.lessons().first().url
    client.post(reverse("courses:enrol", args=[course.pk]))
    assert Enrolment.objects.filter(person=learner).count() == 1


def test_enrolment_needs_a_post_and_a_sign_in(client, home_pages):
    course = make_course(home_pages["lo"], lessons=1)
    url = reverse("courses:enrol", args=[course.pk])
    assert client.post(url).status_code == 302  # to the sign-in page
    assert not Enrolment.objects.exists()
    client.force_login(LearnerFactory().user)
    assert client.get(url).status_code == 405


def test_course_with_a_pre_test_asks_for_it_before_the_first_lesson(client, home_pages):
    pre = QuizFactory(purpose="pre")
    course = make_course(home_pages["lo"], lessons=2, pre_test=pre)
    learner = LearnerFactory()
    client.force_login(learner.user)
    response = client.post(reverse("courses:enrol", args=[course.pk]))
    assert response["Location"].startswith(reverse("assessments:start", args=[pre.pk]))
    assert f"course={course.pk}" in response["Location"]
    lesson = course.lessons().first()
    assert client.get(lesson.url)["Location"] == course.url
    client.post(reverse("courses:complete_lesson", args=[lesson.pk]))
    assert not LessonCompletion.objects.exists()
    # Any score on the pre-test opens the lessons: it measures, it does not gate on passing.
    submit_attempt(pre, learner, 10, course=course)
    assert client.get(lesson.url).status_code == 200


def test_finishing_a_lesson_goes_to_the_next_and_a_repeat_is_harmless(client, home_pages):
    course = make_course(home_pages["lo"], lessons=2)
    learner = LearnerFactory()
    enrol_person(learner, course)
    client.force_login(learner.user)
    first, second = course.lessons()
    url = reverse("courses:complete_lesson", args=[first.pk])
    assert client.post(url)["Location"] == second.url
    assert client.post(url)["Location"] == second.url
    assert LessonCompletion.objects.count() == 1
    response = client.post(reverse("courses:complete_lesson", args=[second.pk]))
    assert response["Location"] == course.url
    assert learner.certificates.count() == 1
    page = client.get(course.url).content.decode()
    assert reverse("courses:certificate_pdf", args=[learner.certificates.get().pk]) in page


def test_lesson_page_has_a_plain_form_to_finish_it(client, home_pages):
    course = make_course(home_pages["lo"], lessons=1)
    learner = LearnerFactory()
    enrol_person(learner, course)
    client.force_login(learner.user)
    html = client.get(course.lessons().first().url).content.decode()
    assert (
        f'action="{reverse("courses:complete_lesson", args=[course.lessons().first().pk])}"' in html
    )
    assert "<script" not in html


def test_course_page_asks_for_the_post_test_after_the_last_lesson(client, home_pages):
    post = QuizFactory(purpose=QuizPurpose.POST)
    course = make_course(home_pages["lo"], lessons=1, post_test=post)
    learner = LearnerFactory()
    enrolment = enrol_person(learner, course)
    record_lesson_completion(enrolment, course.lessons().first())
    client.force_login(learner.user)
    html = client.get(course.url).content.decode()
    assert reverse("assessments:start", args=[post.pk]) in html
    submit_attempt(post, learner, 60, course=course)
    assert not learner.certificates.exists()
    # Passing the post-test after the last lesson completes the course at once.
    submit_attempt(post, learner, 90, course=course)
    certificate = learner.certificates.get()
    assert certificate.course == course
    html = client.get(course.url).content.decode()
    assert reverse("courses:certificate_pdf", args=[certificate.pk]) in html


def test_my_learning_lists_progress_completed_courses_and_results(client, home_pages):
    post = QuizFactory(purpose=QuizPurpose.POST)
    started = make_course(home_pages["lo"], lessons=3, title="ຫຼັກສູດ ກຳລັງຮຽນ")
    finished = make_course(home_pages["lo"], lessons=1, title="ຫຼັກສູດ ຮຽນຈົບ", post_test=post)
    learner = LearnerFactory()
    record_lesson_completion(enrol_person(learner, started), started.lessons().first())
    submit_attempt(post, learner, 88, course=finished)
    record_lesson_completion(enrol_person(learner, finished), finished.lessons().first())
    client.force_login(learner.user)
    response = client.get(reverse("courses:my_learning"))
    assert response.status_code == 200
    assert [e.course.pk for e in response.context["in_progress"]] == [started.pk]
    assert response.context["in_progress"][0].next_lesson.pk == started.lessons()[1].pk
    assert [e.course.pk for e in response.context["completed"]] == [finished.pk]
    assert len(response.context["certificates"]) == 1
    html = response.content.decode()
    assert 'value="33"' in html  # the progress bar
    assert "88%" in html


def test_every_learner_url_gives_404_for_another_learners_objects(client, home_pages):
    course = make_course(home_pages["lo"], lessons=1)
    owner = LearnerFactory()
    enrolment = enrol_person(owner, course)
    record_lesson_completion(enrolment, course.lessons().first())
    certificate = owner.certificates.get()
    intruder = LearnerFactory()
    client.force_login(intruder.user)
    assert client.get(reverse("courses:certificate_pdf", args=[certificate.pk])).status_code == 404
    # Not enrolled: finishing a lesson of the owner's course records nothing.
    lesson = course.lessons().first()
    assert client.post(reverse("courses:complete_lesson", args=[lesson.pk])).status_code == 404
    response = client.get(reverse("courses:my_learning"))
    assert response.context["certificates"] == []
    assert response.context["in_progress"] == response.context["completed"] == []
    assert course.title not in response.content.decode()
