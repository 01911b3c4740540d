import io

import pypdf
import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from assessments.imports import parse_paper_answer
from assessments.models import QuestionType, QuizForm, QuizQuestion
from assessments.paper import LETTERS, paper_choices
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


def test_choices_are_shuffled_per_form_and_the_key_names_the_printed_letter():
    questions = [
        QuestionFactory(choices=[(f"Right {n}", True), ("Wrong 1", False), ("Wrong 2", False)])
        for n in range(12)
    ]
    QuizFactory(questions=questions, parallel_forms=True)
    right_letters = {
        form: [
            LETTERS[[c.is_correct for c in paper_choices(q, form)].index(True)] for q in questions
        ]
        for form in "AB"
    }
    # Twelve questions whose right answer is stored first: printed, it is not always A,
    # and the two forms letter them differently.
    assert set(right_letters["A"]) != {"A"}
    assert right_letters["A"] != right_letters["B"]
    # The same order every time (the printed key and the import agree)...
    assert paper_choices(questions[0], "A") == paper_choices(questions[0], "A")
    # ...and the letter ticked on paper reads back as the right choice.
    for form in "AB":
        for question, letter in zip(questions, right_letters[form], strict=True):
            picked = parse_paper_answer(question, letter, form)["choice"]
            assert question.choices.get(pk=picked).is_correct
