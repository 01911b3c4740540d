import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import translation

from assessments.models import Attempt, QuestionType, ReviewPolicy
from lms import groups
from tests.factories import QuestionFactory, QuizFactory, QuizTakerFactory, UserFactory

pytestmark = pytest.mark.django_db

FEEDBACK_EN = "Article 2 lists sham marriage as a form of trafficking."
FEEDBACK_LO = "ມາດຕາ 2 ກຳນົດການແຕ່ງງານປອມ ເປັນຮູບແບບໜຶ່ງຂອງການຄ້າມະນຸດ."


@pytest.fixture
def learner(client):
    person = QuizTakerFactory(user=UserFactory(username="learner"))
    client.force_login(person.user)
    return person


@pytest.fixture
def quiz():
    questions = [
        QuestionFactory(feedback_en=FEEDBACK_EN, feedback_lo=FEEDBACK_LO),
        QuestionFactory(
            kind=QuestionType.MULTIPLE, choices=[("a", True), ("b", True), ("c", False)]
        ),
        QuestionFactory(kind=QuestionType.TRUE_FALSE, answer_true=False),
        QuestionFactory(kind=QuestionType.MATCHING, choices=[("x", "1"), ("y", "2"), ("z", "3")]),
        QuestionFactory(kind=QuestionType.SHORT, accepted_answers="ການຫຼອກລວງ"),
    ]
    for question in questions:
        question.choices.filter(is_correct=True).update(feedback_en="Well done", feedback_lo="ດີຫຼາຍ")
    return QuizFactory(questions=questions, review_policy=ReviewPolicy.FEEDBACK)


def url(name, **kwargs):
    with translation.override("lo"):
        return reverse(f"assessments:{name}", kwargs=kwargs)


def start(client, quiz):
    response = client.post(url("start", pk=quiz.pk))
    assert response.status_code == 302
    return Attempt.objects.get()


def test_attempt_page_never_sends_correct_answers_or_feedback(client, learner, quiz):
    attempt = start(client, quiz)
    html = client.get(url("attempt", public_id=attempt.public_id)).content.decode()
    for secret in (FEEDBACK_EN, FEEDBACK_LO, "Well done", "ດີຫຼາຍ", "ການຫຼອກລວງ", "is_correct"):
        assert secret not in html
    assert "correct" not in html.lower().replace("incorrect", "")
    # Matching selects post positions in a shuffled list, never the pair's own choice id.
    matching = quiz.quiz_questions.get(question__kind=QuestionType.MATCHING).question
    for choice in matching.choices.all():
        field = re.search(rf'name="q{matching.pk}_{choice.pk}">(.*?)</select>', html, re.S).group(1)
        assert f'value="{choice.pk}"' not in field
    assert "ລາວ a" in html  # the Lao text of the choices is shown


def test_learner_takes_the_quiz_without_javascript_and_reviews_feedback(client, learner, quiz):
    attempt = start(client, quiz)
    questions = {qq.question.kind: qq.question for qq in quiz.quiz_questions.all()}
    single = questions[QuestionType.SINGLE]
    right = single.choices.get(is_correct=True)
    page = url("attempt", public_id=attempt.public_id)
    response = client.post(page, {f"q{single.pk}": right.pk, "action": "save"})
    assert response.status_code == 302
    assert attempt.answers.get().response == {"choice": right.pk}

    multiple = questions[QuestionType.MULTIPLE]
    ticks = [c.pk for c in multiple.choices.filter(is_correct=True)]
    short = questions[QuestionType.SHORT]
    data = {
        f"q{single.pk}": right.pk,
        f"q{multiple.pk}": ticks,
        f"q{multiple.pk}_present": "1",
        f"q{questions[QuestionType.TRUE_FALSE].pk}": "false",
        f"q{short.pk}": "ການຫລອກລວງ",
        "action": "submit",
    }
    response = client.post(page, data)
    assert response.status_code == 302 and response.url.endswith("/review/")
    attempt.refresh_from_db()
    assert attempt.score_percent == Decimal("80.00")  # matching left blank

    review = client.get(url("review", public_id=attempt.public_id)).content.decode()
    assert FEEDBACK_LO in review and "ດີຫຼາຍ" in review
    assert "80" in review or "໘໐" in review

    # Submitting again (a retry after a dropped connection) changes nothing.
    again = client.post(page, data | {f"q{short.pk}": "wrong"})
    assert again.status_code == 302
    attempt.refresh_from_db()
    assert attempt.score_percent == Decimal("80.00")


def test_autosave_request_returns_no_content(client, learner, quiz):
    attempt = start(client, quiz)
    single = quiz.quiz_questions.get(question__kind=QuestionType.SINGLE).question
    response = client.post(
        url("attempt", public_id=attempt.public_id),
        {f"q{single.pk}": single.choices.first().pk},
        HTTP_X_AUTOSAVE="1",
    )
    assert response.status_code == 204
    assert attempt.answers.count() == 1


def test_review_policy_score_only_hides_answers(client, learner, quiz):
    quiz.review_policy = ReviewPolicy.SCORE
    quiz.save()
    attempt = start(client, quiz)
    client.post(url("attempt", public_id=attempt.public_id), {"action": "submit"})
    html = client.get(url("review", public_id=attempt.public_id)).content.decode()
    assert FEEDBACK_LO not in html and "ລາວ a" not in html


def test_someone_elses_attempt_is_not_found(client, learner, quiz):
    attempt = start(client, quiz)
    other = User.objects.create_user("other", password="pw")
    QuizTakerFactory(user=other)
    client.force_login(other)
    assert client.get(url("attempt", public_id=attempt.public_id)).status_code == 404


def test_trainer_pages_need_permission_and_render_in_lao(client, learner, quiz):
    attempt = start(client, quiz)
    client.post(url("attempt", public_id=attempt.public_id), {"action": "submit"})
    assert client.get(reverse("assessments_admin:results")).status_code == 302
    trainer = User.objects.create_user("trainer", password="pw")
    trainer.groups.add(Group.objects.get(name=groups.TRAINERS))
    client.force_login(trainer)
    assert client.get(reverse("assessments_admin:results")).status_code == 200
    analysis = client.get(reverse("assessments_admin:analysis", kwargs={"pk": quiz.pk}))
    assert analysis.status_code == 200
    assert 'lang="lo"' in analysis.content.decode()
