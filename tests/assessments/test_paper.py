import io

import pypdf
import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from assessments.models import QuestionType, QuizForm, QuizQuestion
from assessments.pdf import render_paper
from lms import groups
from tests.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def quiz():
    quiz = QuizFactory(
        questions=[
            QuestionFactory(
                stem_lo="ມາດຕາໃດ ໃຫ້ຄຳນິຍາມຂອງການຄ້າມະນຸດ?",
                stem_en="Which article defines trafficking?",
                choices=[("Article 2", True), ("Article 41", False)],
            ),
            QuestionFactory(kind=QuestionType.MATCHING, choices=[("Act", "x"), ("Means", "y")]),
        ],
        parallel_forms=True,
    )
    QuizQuestion.objects.create(
        quiz=quiz, question=QuestionFactory(stem_en="Only on form B?"), form=QuizForm.B
    )
    return quiz


def test_paper_test_is_bilingual_and_lao_text_extracts_back(quiz):
    text = pdf_text(render_paper(quiz, QuizForm.A, "test"))
    assert "ມາດຕາໃດ ໃຫ້ຄຳນິຍາມຂອງການຄ້າມະນຸດ?" in text
    assert "Which article defines trafficking?" in text
    assert "ລາວ Article 2" in text
    assert "Only on form B?" not in text
    assert "Only on form B?" in pdf_text(render_paper(quiz, QuizForm.B, "test"))


def test_answer_key_gives_the_letters_and_the_sheet_does_not(quiz):
    key = pdf_text(render_paper(quiz, QuizForm.A, "key"))
    sheet = pdf_text(render_paper(quiz, QuizForm.A, "sheet"))
    assert "Answer key" in key.replace("\n", " ")
    assert "ລາວ Article 2" not in sheet


def test_trainer_downloads_the_paper_as_pdf(client, quiz):
    user = User.objects.create_user("trainer", password="pw")
    user.groups.add(Group.objects.get(name=groups.TRAINERS))
    client.force_login(user)
    url = reverse(
        "assessments_admin:paper", kwargs={"pk": quiz.pk, "form": "B", "document": "test"}
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    bad = reverse(
        "assessments_admin:paper", kwargs={"pk": quiz.pk, "form": "C", "document": "test"}
    )
    assert client.get(bad).status_code == 404
