"""Certificates admin: each viewer sees, downloads and issues only within their scope, and a
completion certificate goes only to someone who met the rule unless staff override it."""

import pytest
from django.urls import reverse

from assessments.models import QuizPurpose
from courses.certificates.issue import issue_certificate
from courses.learning.enrolment import complete_if_done
from courses.models import Certificate, CertificateKind, Enrolment, LessonCompletion
from lms import groups
from tests.factories import (
    LearnerFactory,
    QuizFactory,
    attend,
    make_course,
    make_event,
    make_user,
    submit_attempt,
)
from tests.job_files import job_zip, post_and_run

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_client")]


@pytest.fixture
def trainer():
    return make_user("police-trainer", groups.TRAINERS, groups.SECTOR_TRAINER_GROUPS["police"])


@pytest.fixture
def staff():
    return make_user("staff", groups.PROGRAMME_STAFF)


@pytest.fixture
def own_event(trainer):
    event = make_event(title_en="Own workshop", session_hours=(4, 4))
    event.trainers.add(trainer.person)
    return event


@pytest.fixture
def other_event():
    return make_event(title_en="Other workshop", session_hours=(4, 4))


def issue_url():
    return reverse("courses_admin:certificate_issue")


def test_a_trainer_lists_and_downloads_only_certificates_of_their_events(
    client, trainer, own_event, other_event, django_capture_on_commit_callbacks
):
    mine_person, theirs_person = LearnerFactory(), LearnerFactory()
    attend(own_event, mine_person, ["present", "present"])
    attend(other_event, theirs_person, ["present", "present"])
    mine = issue_certificate(mine_person, CertificateKind.PARTICIPATION, event=own_event)
    theirs = issue_certificate(theirs_person, CertificateKind.PARTICIPATION, event=other_event)
    client.force_login(trainer)
    page = client.get(reverse("courses_admin:certificates")).content.decode()
    assert mine.code in page and theirs.code not in page
    url = reverse("courses_admin:certificate_pdf", args=[theirs.pk])
    assert client.get(url).status_code == 404
    zip_url = reverse("courses_admin:certificate_zip")
    response = client.get(zip_url, {"event": other_event.pk})
    assert response.status_code == 404
    assert client.post(zip_url + f"?event={other_event.pk}").status_code == 404
    job = post_and_run(
        client, zip_url + f"?event={own_event.pk}", django_capture_on_commit_callbacks
    )
    names = job_zip(client, job).namelist()
    assert len(names) == 1 and mine.code in names[0]


def test_a_trainer_cannot_revoke_and_staff_revoke_per_object(client, trainer, staff, own_event):
    person = LearnerFactory()
    attend(own_event, person, ["present", "present"])
    certificate = issue_certificate(person, CertificateKind.PARTICIPATION, event=own_event)
    url = reverse("courses_admin:certificate_revoke", args=[certificate.pk])
    client.force_login(trainer)
    assert client.post(url, {"reason": "x"}).status_code in (302, 403)
    certificate.refresh_from_db()
    assert certificate.is_valid
    assert "Revoke" not in client.get(reverse("courses_admin:certificates")).content.decode()
    client.force_login(staff)
    assert client.post(url, {"reason": "Wrong person"}).status_code == 302
    certificate.refresh_from_db()
    assert not certificate.is_valid


def test_a_completion_certificate_needs_the_events_completion_rule(client, trainer, own_event):
    absent, trained = LearnerFactory(), LearnerFactory()
    attend(own_event, absent, ["absent", "absent"])
    attend(own_event, trained, ["present", "present"])
    client.force_login(trainer)
    for person in (absent, trained):
        client.post(issue_url(), {"kind": "completion", "person": person.pk, "event": own_event.pk})
    assert not Certificate.objects.filter(person=absent).exists()
    certificate = Certificate.objects.get(person=trained)
    assert certificate.kind == CertificateKind.COMPLETION and certificate.override_reason == ""


def test_a_trainer_cannot_issue_for_another_event_or_override_the_rule(
    client, trainer, own_event, other_event
):
    stranger, absent = LearnerFactory(), LearnerFactory()
    attend(other_event, stranger, ["present", "present"])
    attend(own_event, absent, ["absent", "absent"])
    client.force_login(trainer)
    client.post(
        issue_url(), {"kind": "participation", "person": stranger.pk, "event": other_event.pk}
    )
    client.post(
        issue_url(),
        {
            "kind": "completion",
            "person": absent.pk,
            "event": own_event.pk,
            "override_reason": "Trust me",
        },
    )
    assert not Certificate.objects.exists()


def test_a_participation_certificate_needs_taking_part(client, trainer, own_event):
    never_came = LearnerFactory()
    client.force_login(trainer)
    client.post(
        issue_url(), {"kind": "participation", "person": never_came.pk, "event": own_event.pk}
    )
    assert not Certificate.objects.exists()


def test_staff_override_needs_a_reason_which_is_kept_and_shown(client, staff, other_event):
    absent = LearnerFactory()
    attend(other_event, absent, ["absent", "absent"])
    client.force_login(staff)
    data = {"kind": "completion", "person": absent.pk, "event": other_event.pk}
    response = client.post(issue_url(), data)
    assert response.status_code == 200
    assert not Certificate.objects.exists()
    response = client.post(issue_url(), data | {"override_reason": "Sick, sat the make-up day"})
    assert response.status_code == 302
    certificate = Certificate.objects.get()
    assert certificate.override_reason == "Sick, sat the make-up day"
    assert certificate.issued_by == staff
    listing = client.get(reverse("courses_admin:certificates")).content.decode()
    assert "Sick, sat the make-up day" in listing


def test_a_course_completion_certificate_needs_the_course_completion_rule(
    client, staff, home_pages
):
    course = make_course(home_pages["lo"], lessons=1)
    enrolled = LearnerFactory()
    Enrolment.objects.create(person=enrolled, course=course)
    client.force_login(staff)
    data = {"kind": "completion", "person": enrolled.pk, "course": course.pk}
    client.post(issue_url(), data)
    assert not Certificate.objects.exists()
    enrolment = Enrolment.objects.get(person=enrolled)
    LessonCompletion.objects.create(enrolment=enrolment, lesson=course.lessons().get())
    assert client.post(issue_url(), data).status_code == 302
    assert Certificate.objects.get().override_reason == ""


def test_a_trainer_issues_only_for_courses_of_their_sectors(client, trainer, home_pages):
    judges = make_course(home_pages["lo"], sector_code="judge", lessons=0)
    learner = LearnerFactory()
    Enrolment.objects.create(person=learner, course=judges)
    client.force_login(trainer)
    client.post(issue_url(), {"kind": "participation", "person": learner.pk, "course": judges.pk})
    assert not Certificate.objects.exists()


def test_automatic_completion_certificates_still_issue(home_pages):
    quiz = QuizFactory(purpose=QuizPurpose.POST)
    course = make_course(home_pages["lo"], lessons=1, post_test=quiz)
    learner = LearnerFactory()
    enrolment = Enrolment.objects.create(person=learner, course=course)
    LessonCompletion.objects.create(enrolment=enrolment, lesson=course.lessons().get())
    assert complete_if_done(enrolment) is None
    submit_attempt(quiz, learner, 90, course=course)
    certificate = complete_if_done(Enrolment.objects.get(pk=enrolment.pk))
    assert certificate.kind == CertificateKind.COMPLETION
