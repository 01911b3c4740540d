"""The back button after "Submit": the question pages are never cached, so the browser asks
again and a submitted attempt's questions lead to its review."""

import pytest
from django.urls import reverse

from assessments.models import AttemptStatus
from tests.factories import AttemptFactory, LearnerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("view", ["assessments:attempt", "assessments:confirm"])
def test_question_pages_of_an_open_attempt_are_never_cached(client, view):
    learner = LearnerFactory()
    attempt = AttemptFactory(person=learner, status=AttemptStatus.IN_PROGRESS, submitted_at=None)
    client.force_login(learner.user)
    response = client.get(reverse(view, args=[attempt.public_id]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_submitted_attempts_questions_lead_to_its_review(client):
    learner = LearnerFactory()
    attempt = AttemptFactory(person=learner, score=40)
    client.force_login(learner.user)
    response = client.get(reverse("assessments:attempt", args=[attempt.public_id]))
    assert response["Location"] == reverse("assessments:review", args=[attempt.public_id])
