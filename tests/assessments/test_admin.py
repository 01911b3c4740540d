import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from assessments.models import Quiz, QuizPurpose
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("admin", "a@example.org", "pw"))
    return client


def choice_forms(choices):
    """The choices inline of the question form: (Lao, English, correct) each."""
    data = {
        "choices-TOTAL_FORMS": len(choices),
        "choices-INITIAL_FORMS": 0,
        "choices-MIN_NUM_FORMS": 0,
        "choices-MAX_NUM_FORMS": 1000,
    }
    for index, (lao, english, correct) in enumerate(choices):
        data |= {
            f"choices-{index}-text_lo": lao,
            f"choices-{index}-text_en": english,
            f"choices-{index}-ORDER": index + 1,
        }
        if correct:
            data[f"choices-{index}-is_correct"] = "on"
    return data


def test_question_preview_shows_each_language(admin_client):
    question = QuestionFactory(stem_en="Which year?", stem_lo="ປີໃດ?")
    url = reverse("wagtailsnippets_assessments_question:preview_on_edit", args=[question.pk])
    data = {
        "kind": "single",
        "difficulty": 2,
        "stem_lo": "ປີໃດ?",
        "stem_en": "Which year?",
        **choice_forms([("2016", "2016", True), ("2010", "2010", False)]),
    }
    assert admin_client.post(url, data).json()["is_valid"]
    lao = admin_client.get(url, {"mode": "lo"}).content.decode()
    english = admin_client.get(url, {"mode": "en"}).content.decode()
    assert "ປີໃດ?" in lao and "Which year?" not in lao
    assert "Which year?" in english


def quiz_form(question, live):
    return {
        "title_lo": "ແບບທົດສອບ",
        "title_en": "Quiz",
        "purpose": QuizPurpose.PRE,
        "pass_mark": "70",
        "attempts_allowed": "1",
        "review_policy": "feedback",
        "live": "on" if live else "",
        "quiz_questions-TOTAL_FORMS": 1,
        "quiz_questions-INITIAL_FORMS": 0,
        "quiz_questions-MIN_NUM_FORMS": 0,
        "quiz_questions-MAX_NUM_FORMS": 1000,
        "quiz_questions-0-question": question.pk,
        "quiz_questions-0-form": "",
        "quiz_questions-0-ORDER": 1,
        "draws-TOTAL_FORMS": 0,
        "draws-INITIAL_FORMS": 0,
        "draws-MIN_NUM_FORMS": 0,
        "draws-MAX_NUM_FORMS": 1000,
    }


def test_quiz_cannot_be_published_with_a_question_missing_a_language(admin_client):
    english_only = QuestionFactory(stem_lo="")
    url = reverse("wagtailsnippets_assessments_quiz:add")
    response = admin_client.post(url, quiz_form(english_only, live=True))
    assert response.status_code == 200
    assert not Quiz.objects.exists()
    response = admin_client.post(url, quiz_form(english_only, live=False))
    assert response.status_code == 302
    quiz = Quiz.objects.get()
    assert list(quiz.quiz_questions.values_list("question", flat=True)) == [english_only.pk]


def test_quiz_with_complete_questions_is_published_with_ordered_questions(admin_client):
    question = QuestionFactory()
    response = admin_client.post(
        reverse("wagtailsnippets_assessments_quiz:add"), quiz_form(question, live=True)
    )
    assert response.status_code == 302
    assert Quiz.objects.get().live
