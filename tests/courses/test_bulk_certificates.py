"""Issuing an event's certificates in one action: the preview says who is due a completion
certificate, who a participation one, who holds one and who is due none; one confirm
issues them all, once, and only for the events the user manages.

The event: two sessions of four hours (8 scheduled hours), 80% of them to attend (6.4 h),
the chosen post-test required at 70%.
"""

import pytest
from django.urls import reverse

from assessments.models import QuizPurpose
from courses.certificates.bulk import issue_event_certificates, plan_event_certificates
from courses.certificates.issue import CertificateError
from courses.models import Certificate, CertificateKind, EventStatus, ParticipationRole
from lms import groups
from tests.factories import (
    CertificateFactory,
    LearnerFactory,
    QuizFactory,
    attend,
    make_event,
    make_user,
    submit_attempt,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_client")]

P, A = "present", "absent"


@pytest.fixture
def trainer():
    return make_user("event-trainer", groups.TRAINERS)


@pytest.fixture
def other_trainer():
    return make_user("other-trainer", groups.TRAINERS)


@pytest.fixture
def event(trainer):
    post_test = QuizFactory(purpose=QuizPurpose.POST)
    event = make_event(
        title_en="Own workshop",
        session_hours=(4, 4),
        post_test_required=True,
        post_test=post_test,
    )
    event.trainers.add(trainer.person)
    return event


@pytest.fixture
def people(event):
    """One participant per case, named for it."""

    def person(name, statuses, score=None, **kwargs):
        learner = LearnerFactory(name_lo=f"ລາວ {name}", name_latin=name)
        attend(event, learner, statuses, **kwargs)
        if score is not None:
            submit_attempt(event.post_test, learner, score, event=event)
        return learner

    return {
        # 8 of 8 hours, 80% on the post-test: trained.
        "completed": person("Completed", [P, P], score=80),
        # 8 of 8 hours, 50%: attended enough, failed the post-test.
        "failed": person("Failed", [P, P], score=50),
        # 4 of 8 hours (50% < 80%), 90%: too little attendance to complete.
        "half": person("Half", [P, A], score=90),
        # 0 of 8 hours: registered, never came.
        "absent": person("Absent", [A, A]),
        # Trained, but holds the completion certificate already.
        "holder": person("Holder", [P, P], score=100),
        # A trainer registered with the trainer role.
        "trainer": person("Trainer", [P, P], role=ParticipationRole.TRAINER),
    }


@pytest.fixture
def held(event, people):
    return CertificateFactory(
        person=people["holder"], kind=CertificateKind.COMPLETION, event=event, hours=8
    )


def url(event):
    return reverse("courses_admin:event_certificates", args=[event.pk])


def names(candidates):
    return {candidate.person.name_latin for candidate in candidates}


def certificates_of(event):
    return {
        (certificate.person.name_latin, certificate.kind)
        for certificate in Certificate.objects.filter(event=event).select_related("person")
    }


def test_the_plan_sorts_each_participant_by_the_events_rule(event, people, held):
    plan = plan_event_certificates(event)
    assert names(plan.completion) == {"Completed"}
    assert names(plan.participation) == {"Failed", "Half"}
    assert names(plan.already) == {"Holder"}
    assert names(plan.not_qualified) == {"Absent", "Trainer"}
    reasons = {c.person.name_latin: c.reason for c in plan.participation + plan.not_qualified}
    assert reasons == {
        "Failed": "Has not passed the post-test.",
        "Half": "Attended 4 of 8 hours; the rule asks for 80%.",
        "Absent": "Attended no session.",
        "Trainer": "Trainer at this event.",
    }


def test_the_preview_lists_who_gets_which_and_why_others_do_not(
    client, trainer, event, people, held
):
    client.force_login(trainer)
    response = client.get(url(event))
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "Completed",
        "Has not passed the post-test.",
        "Attended 4 of 8 hours; the rule asks for 80%.",
        "Attended no session.",
        held.code,
        "Issue 3 certificates",
    ):
        assert text in page
    assert Certificate.objects.count() == 1  # the preview issues nothing


def test_one_confirm_issues_each_their_certificate_with_their_hours(
    client, trainer, event, people, held
):
    client.force_login(trainer)
    plan = client.get(url(event)).context["plan"]
    response = client.post(url(event), {"plan": plan.fingerprint})
    assert response.status_code == 302
    assert certificates_of(event) == {
        ("Completed", CertificateKind.COMPLETION),
        ("Failed", CertificateKind.PARTICIPATION),
        ("Half", CertificateKind.PARTICIPATION),
        ("Holder", CertificateKind.COMPLETION),
    }
    hours = {
        c.person.name_latin: c.hours
        for c in Certificate.objects.filter(event=event, issued_by=trainer)
    }
    assert hours == {"Completed": 8, "Failed": 8, "Half": 4}
    # The one held before is left as it was.
    held.refresh_from_db()
    assert held.issued_by is None


def test_a_double_submit_issues_each_certificate_once(client, trainer, event, people):
    client.force_login(trainer)
    fingerprint = client.get(url(event)).context["plan"].fingerprint
    client.post(url(event), {"plan": fingerprint})
    second = client.post(url(event), {"plan": fingerprint}, follow=True)
    assert Certificate.objects.filter(event=event).count() == 4  # Completed, Failed, Half, Holder
    assert "Nothing to issue" in second.content.decode()
    # And the function itself, called again (as a background task would), creates none.
    assert issue_event_certificates(event, None, trainer) == []
    assert Certificate.objects.filter(event=event).count() == 4


def test_a_confirm_of_a_list_that_has_changed_issues_nothing(client, trainer, event, people):
    client.force_login(trainer)
    fingerprint = client.get(url(event)).context["plan"].fingerprint
    # Meanwhile the absent participant is found on a corrected sheet: now due one too.
    late = LearnerFactory(name_latin="Late")
    attend(event, late, [P, A])
    response = client.post(url(event), {"plan": fingerprint})
    assert response.status_code == 200
    assert "The list has changed" in response.content.decode()
    assert not Certificate.objects.filter(event=event).exists()


def test_one_kind_alone_issues_only_that_kind(event, people, trainer):
    created = issue_event_certificates(event, CertificateKind.COMPLETION, trainer)
    assert {(c.person.name_latin, c.kind) for c in created} == {
        ("Completed", CertificateKind.COMPLETION),
        ("Holder", CertificateKind.COMPLETION),
    }


def test_a_participation_certificate_does_not_stop_the_completion_one(event, people, trainer):
    # Issued participation before passing a retake: now trained, due completion.
    CertificateFactory(person=people["completed"], kind=CertificateKind.PARTICIPATION, event=event)
    plan = plan_event_certificates(event)
    assert "Completed" in names(plan.completion)
    # A completion certificate stands for participation: Failed holding one is not due another.
    CertificateFactory(person=people["failed"], kind=CertificateKind.COMPLETION, event=event)
    assert "Failed" in names(plan_event_certificates(event).already)


def test_a_cancelled_event_issues_nothing(client, trainer, event, people):
    event.status = EventStatus.CANCELLED
    event.save()
    client.force_login(trainer)
    plan = client.get(url(event)).context["plan"]
    assert plan.refusal and not plan.to_issue()
    response = client.post(url(event), {"plan": plan.fingerprint}, follow=True)
    assert "The event is cancelled" in response.content.decode()
    with pytest.raises(CertificateError):
        issue_event_certificates(event, None, trainer)
    assert not Certificate.objects.filter(event=event).exists()


def test_a_trainer_of_another_event_is_refused_and_nothing_is_issued(
    client, other_trainer, event, people
):
    client.force_login(other_trainer)
    assert client.get(url(event)).status_code == 404
    fingerprint = plan_event_certificates(event).fingerprint
    assert client.post(url(event), {"plan": fingerprint}).status_code == 404
    assert not Certificate.objects.filter(event=event).exists()


def test_a_learner_is_sent_to_the_admin_sign_in(client, event, people):
    client.force_login(people["completed"].user)
    response = client.get(url(event))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_programme_staff_issue_for_any_event(client, event, people):
    staff = make_user("staff", groups.PROGRAMME_STAFF)
    client.force_login(staff)
    fingerprint = client.get(url(event)).context["plan"].fingerprint
    client.post(url(event), {"plan": fingerprint})
    assert Certificate.objects.filter(event=event, issued_by=staff).count() == 4


def test_the_event_list_and_page_offer_the_button(client, trainer, event):
    client.force_login(trainer)
    listing = client.get(reverse("wagtailsnippets_courses_trainingevent:list")).content.decode()
    assert url(event) in listing
    page = client.get(reverse("events_admin:event", args=[event.pk])).content.decode()
    assert url(event) in page


def test_the_zip_is_offered_once_certificates_are_issued(client, trainer, event, people):
    client.force_login(trainer)
    zip_url = reverse("courses_admin:certificate_zip") + f"?event={event.pk}"
    assert zip_url not in client.get(url(event)).content.decode()
    issue_event_certificates(event, None, trainer)  # 4 certificates
    # Whatever the number: the worker builds it (tests/courses/test_certificate_zip_task.py).
    assert f'action="{zip_url}"' in client.get(url(event)).content.decode()
