"""What the reports stand on cannot be deleted: events and people with records are kept
(an event is marked cancelled instead), and merging two records combines them."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from assessments.models import Attempt, QuizPurpose
from courses.certificates.issue import issue_certificate, revoke_certificate
from courses.models import (
    Attendance,
    Certificate,
    CertificateKind,
    Enrolment,
    EventStatus,
    LessonCompletion,
    Participation,
    TrainingEvent,
)
from lms import groups
from lms.models import Person
from lms.people.merge import merge_people, undo_merge
from tests.factories import (
    PersonFactory,
    QuizFactory,
    attend,
    make_course,
    make_event,
    make_user,
    submit_attempt,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_client")]


@pytest.fixture
def staff(client):
    user = make_user("staff", groups.PROGRAMME_STAFF)
    user.groups.add(*user.groups.model.objects.filter(name=groups.ADMINISTRATORS))
    client.force_login(user)
    return user


@pytest.fixture
def recorded_event():
    event = make_event(session_hours=(4, 4))
    person = PersonFactory()
    attend(event, person, ["present", "late"])
    issue_certificate(person, CertificateKind.PARTICIPATION, event=event)
    return event


def delete_url(event):
    return reverse("wagtailsnippets_courses_trainingevent:delete", args=[event.pk])


def test_the_database_refuses_to_delete_an_event_or_a_person_with_records(recorded_event):
    with pytest.raises(ProtectedError):
        TrainingEvent.objects.filter(pk=recorded_event.pk).delete()
    person = Participation.objects.get().person
    with pytest.raises(ProtectedError):
        person.delete()


@pytest.mark.parametrize("record", ["attempt", "enrolment", "participation"])
def test_a_person_with_an_attempt_an_enrolment_or_a_participation_is_kept(record, home_pages):
    person = PersonFactory()
    if record == "attempt":
        submit_attempt(QuizFactory(purpose=QuizPurpose.POST), person, 80)
    elif record == "enrolment":
        Enrolment.objects.create(person=person, course=make_course(home_pages["lo"]))
    else:
        attend(make_event(), person, [])
    with pytest.raises(ProtectedError):
        person.delete()


def test_the_delete_page_lists_the_records_and_offers_to_cancel(client, staff, recorded_event):
    response = client.get(delete_url(recorded_event))
    assert response.status_code == 200
    records = dict(response.context["records"])
    assert list(records.values()) == [1, 2, 0, 1]
    html = response.content.decode()
    assert "Mark as cancelled" in html
    assert "Yes, delete" not in html


def test_posting_a_delete_of_a_recorded_event_keeps_it_and_everything_under_it(
    client, staff, recorded_event
):
    response = client.post(delete_url(recorded_event))
    assert response.status_code == 200
    assert TrainingEvent.objects.filter(pk=recorded_event.pk).exists()
    assert Attendance.objects.count() == 2 and Certificate.objects.count() == 1


def test_cancelling_leaves_the_event_out_of_the_held_reports(client, staff, recorded_event):
    response = client.post(delete_url(recorded_event), {"action": "cancel"})
    assert response.status_code == 302
    recorded_event.refresh_from_db()
    assert recorded_event.status == EventStatus.CANCELLED
    assert not TrainingEvent.objects.held().exists()
    assert not Participation.objects.held().exists()
    assert Participation.objects.count() == 1


def test_an_event_without_records_is_deleted(client, staff):
    event = make_event()
    assert client.get(delete_url(event)).status_code == 200
    assert client.post(delete_url(event)).status_code == 302
    assert not TrainingEvent.objects.filter(pk=event.pk).exists()


def test_a_bulk_delete_with_a_recorded_event_deletes_nothing(client, staff, recorded_event):
    empty = make_event(title_en="Empty")
    url = (
        reverse("wagtail_bulk_action", args=["courses", "trainingevent", "delete"])
        + f"?id={recorded_event.pk}&id={empty.pk}"
    )
    response = client.post(url)
    assert response.status_code == 302
    assert TrainingEvent.objects.count() == 2


def test_a_trainer_cannot_delete_or_cancel_an_event(client, recorded_event):
    trainer = make_user("trainer", groups.TRAINERS)
    recorded_event.trainers.add(trainer.person)
    client.force_login(trainer)
    response = client.post(delete_url(recorded_event), {"action": "cancel"})
    assert response.status_code in (302, 403)
    recorded_event.refresh_from_db()
    assert recorded_event.status == EventStatus.HELD


def test_the_person_delete_page_lists_the_records_and_points_to_merging(client, recorded_event):
    admin = get_user_model().objects.create_superuser("admin", password="pw")
    client.force_login(admin)
    person = Participation.objects.get().person
    url = reverse("wagtailsnippets_lms_person:delete", args=[person.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert reverse("events_admin:duplicates") in response.content.decode()
    response = client.post(url)
    assert response.status_code == 200
    assert Person.objects.filter(pk=person.pk).exists()
    bulk = reverse("wagtail_bulk_action", args=["lms", "person", "delete"]) + f"?id={person.pk}"
    assert client.post(bulk).status_code == 200
    assert Person.objects.filter(pk=person.pk).exists()


def test_a_person_without_records_is_deleted(client):
    admin = get_user_model().objects.create_superuser("admin", password="pw")
    client.force_login(admin)
    person = PersonFactory()
    url = reverse("wagtailsnippets_lms_person:delete", args=[person.pk])
    assert client.post(url).status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()


def test_a_participant_with_marks_is_not_removed_from_the_event(client, staff, recorded_event):
    participation = Participation.objects.get()
    url = reverse("events_admin:event", args=[recorded_event.pk])
    client.post(url, {"action": "remove", "participation": participation.pk})
    assert Participation.objects.filter(pk=participation.pk).exists()
    assert Attendance.objects.count() == 2


# Merging people who share an event and a course -----------------------------------


@pytest.fixture
def shared(home_pages):
    """Two records of one person, both at one event and both enrolled in one course."""
    course = make_course(home_pages["lo"], lessons=3)
    lessons = list(course.lessons())
    event = make_event(session_hours=(4, 4))
    kept, duplicate = PersonFactory(name_lo="ສົມພອນ"), PersonFactory(name_lo="ສົມພອນ ສອງ")
    attend(event, kept, ["present"])
    attend(event, duplicate, ["absent", "present"])
    now = timezone.now()
    kept_enrolment = Enrolment.objects.create(person=kept, course=course, enrolled_at=now)
    earlier = Enrolment.objects.create(
        person=duplicate, course=course, enrolled_at=now - timedelta(days=30)
    )
    LessonCompletion.objects.create(enrolment=kept_enrolment, lesson=lessons[0])
    LessonCompletion.objects.create(enrolment=earlier, lesson=lessons[0])
    LessonCompletion.objects.create(enrolment=earlier, lesson=lessons[1])
    quiz = QuizFactory(purpose=QuizPurpose.POST)
    submit_attempt(quiz, kept, 60, course=course)
    submit_attempt(quiz, duplicate, 85, course=course)
    # Both got a participation certificate for the course; the kept one's was revoked.
    kept_certificate = issue_certificate(kept, CertificateKind.PARTICIPATION, course=course)
    revoke_certificate(kept_certificate, "Issued twice")
    duplicate_certificate = issue_certificate(
        duplicate, CertificateKind.PARTICIPATION, course=course
    )
    return {
        "kept": kept,
        "duplicate": duplicate,
        "event": event,
        "course": course,
        "lessons": lessons,
        "kept_certificate": kept_certificate,
        "duplicate_certificate": duplicate_certificate,
    }


def snapshot():
    return {
        "participations": sorted(Participation.objects.values_list("pk", "person_id", "event_id")),
        "marks": sorted(Attendance.objects.values_list("pk", "participation_id", "status")),
        # The merge log keeps times to the millisecond (Django's JSON serialiser).
        "enrolments": sorted(
            (pk, person, enrolled_at.replace(microsecond=enrolled_at.microsecond // 1000 * 1000))
            for pk, person, enrolled_at in Enrolment.objects.values_list(
                "pk", "person_id", "enrolled_at"
            )
        ),
        "completions": sorted(LessonCompletion.objects.values_list("pk", "enrolment_id")),
        "certificates": sorted(Certificate.objects.values_list("pk", "person_id", "code")),
        "attempts": sorted(Attempt.objects.values_list("pk", "person_id")),
    }


def test_merging_people_who_share_an_event_and_a_course_combines_them(shared):
    kept, duplicate = shared["kept"], shared["duplicate"]
    merge_people(kept, duplicate)

    assert not Person.objects.filter(pk=duplicate.pk).exists()
    participation = Participation.objects.get(person=kept)
    assert participation.attendances.count() == 2
    enrolment = Enrolment.objects.get(person=kept)
    # The earlier enrolment is kept, with every lesson either record read.
    assert enrolment.enrolled_at < timezone.now() - timedelta(days=29)
    assert set(enrolment.completions.values_list("lesson", flat=True)) == {
        shared["lessons"][0].pk,
        shared["lessons"][1].pk,
    }
    assert kept.attempts.count() == 2
    # The valid certificate is kept: its printed code still verifies.
    assert list(Certificate.objects.values_list("code", flat=True)) == [
        shared["duplicate_certificate"].code
    ]
    assert Certificate.objects.get().person == kept


def test_undoing_such_a_merge_restores_every_row(shared):
    before = snapshot()
    log = merge_people(shared["kept"], shared["duplicate"])
    undo_merge(log)
    assert snapshot() == before


def test_a_course_with_enrolments_is_kept_with_a_list_instead_of_an_error(client, home_pages):
    from courses.learning.enrolment import enrol_person

    client.force_login(get_user_model().objects.create_superuser("root", password="pw"))
    course = make_course(home_pages["lo"], lessons=1)
    enrol_person(PersonFactory(), course)
    url = reverse("wagtailadmin_pages:delete", args=[course.pk])
    response = client.get(url)
    assert response.status_code == 409
    assert "enrolments" in response.content.decode().lower()
    response = client.post(url)
    assert response.status_code == 409
    assert Enrolment.objects.filter(course=course).exists()
    # The section holding it is kept for the same reason.
    section = course.get_parent()
    assert client.post(reverse("wagtailadmin_pages:delete", args=[section.pk])).status_code == 409
    assert type(course).objects.filter(pk=course.pk).exists()


def test_a_quiz_with_attempts_is_kept_and_one_without_is_deleted(client, staff):
    used, unused = QuizFactory(purpose=QuizPurpose.POST), QuizFactory(purpose=QuizPurpose.POST)
    submit_attempt(used, PersonFactory(), 80)
    response = client.post(reverse("wagtailsnippets_assessments_quiz:delete", args=[used.pk]))
    assert response.status_code == 409
    assert Attempt.objects.filter(quiz=used).exists()
    response = client.post(reverse("wagtailsnippets_assessments_quiz:delete", args=[unused.pk]))
    assert response.status_code == 302
    assert not type(unused).objects.filter(pk=unused.pk).exists()


def test_an_event_with_attempts_cannot_be_deleted_in_the_database():
    event = make_event()
    submit_attempt(
        QuizFactory(purpose=QuizPurpose.POST), PersonFactory(), 50
    ).__class__.objects.update(event=event)
    with pytest.raises(ProtectedError):
        event.delete()
