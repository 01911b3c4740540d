"""The back button after "Submit": the question pages are never cached, so the browser asks
again and a submitted attempt's questions lead to its review."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from assessments.models import AttemptStatus
from assessments.views import ALREADY_SUBMITTED, TIME_WAS_UP
from tests.factories import AttemptFactory, LearnerFactory, QuizFactory

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


@pytest.mark.parametrize(
    ("submitted_after_minutes", "said"),
    [(5, "already submitted"), (31, "Time was up")],
)
def test_a_post_to_a_closed_attempt_says_why_it_is_closed(client, submitted_after_minutes, said):
    """Submitted in time, the attempt is "already submitted"; "Time was up" only when it was
    closed at its time limit."""
    learner = LearnerFactory()
    started = timezone.now() - timedelta(hours=1)
    attempt = AttemptFactory(
        person=learner, quiz=QuizFactory(time_limit_minutes=30), score=40, submitted_at=started
    )
    attempt.started_at = started
    attempt.submitted_at = started + timedelta(minutes=submitted_after_minutes)
    attempt.save(update_fields=["started_at", "submitted_at"])
    client.force_login(learner.user)
    url = reverse("assessments:attempt", args=[attempt.public_id])
    response = client.post(url, {"action": "save"}, follow=True)
    page = response.content.decode()
    with translation.override(response.headers.get("Content-Language", "lo")):
        told, not_told = (
            (ALREADY_SUBMITTED, TIME_WAS_UP)
            if said == "already submitted"
            else (TIME_WAS_UP, ALREADY_SUBMITTED)
        )
        assert str(told) in page
        assert str(not_told) not in page
