# ruff: noqa: F811 (pytest fixtures imported from test_imports)
"""Paper scores typed up the way sign-in sheets are: Lao headers, Lao letters (issue 13)."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import Answer, Attempt
from assessments.paper import paper_choices, paper_questions
from tests.assessments.test_imports import (  # noqa: F401 (fixtures)
    quiz,
    trainer,
    upload_scores,
    url,
    xlsx_file,
)
from tests.factories import QuizTakerFactory

pytestmark = pytest.mark.django_db

LAO_LETTERS = "ກຂຄ"


def test_the_sign_in_sheets_lao_headers_are_read(client, trainer, quiz):
    person = QuizTakerFactory(name_lo="ສົມພອນ ພົມມະຈັນ", phone="020 5555 1234")
    upload = xlsx_file(
        [
            ["ລ/ດ", "ຊື່ ແລະ ນາມສະກຸນ", "ເພດ", "ຫົວໜ່ວຍ", "ເບີໂທ", "ຄະແນນ"],
            [1, "ສົມພອນ ພົມມະຈັນ", "ຊ", "ATD", "໐໒໐ ໕໕໕໕ ໑໒໓໔", "໘໕"],
        ]
    )
    outcome = upload_scores(client, quiz, upload).context["outcome"]
    assert outcome.ok, outcome.file_errors + [r.errors for r in outcome.rows]
    client.post(url("import_scores"), {"action": "confirm", "token": outcome.token})
    assert Attempt.objects.get(person=person).score_percent == 85


def test_answers_ticked_with_lao_letters_are_read_as_a_b_c(client, trainer, quiz):
    person = QuizTakerFactory(phone="020 5555 9999")
    single, _true_false = paper_questions(quiz, "A")
    right = [c.is_correct for c in paper_choices(single, "A")].index(True)
    upload = xlsx_file([["ເບີໂທ", "ຂໍ້ 1", "ຂໍ້ທີ ໒"], ["02055559999", f"({LAO_LETTERS[right]})", "ຖືກ"]])
    outcome = upload_scores(client, quiz, upload).context["outcome"]
    assert outcome.ok, outcome.file_errors + [r.errors for r in outcome.rows]
    client.post(url("import_scores"), {"action": "confirm", "token": outcome.token})
    assert Attempt.objects.get(person=person).score_percent == 100
    assert sorted(Answer.objects.values_list("score", flat=True)) == [1, 1]


@pytest.mark.parametrize("typed", ["NaN", "nan", "Infinity", "-inf"])
def test_a_score_that_is_not_a_number_is_named_clearly(client, trainer, quiz, typed):
    QuizTakerFactory(phone="020 5555 1234")
    upload = xlsx_file([["phone", "score"], ["02055551234", typed]])
    outcome = upload_scores(client, quiz, upload).context["outcome"]
    assert not outcome.ok
    assert outcome.rows[0].errors == [f"The score “{typed}” is not a number."]
    assert Attempt.objects.count() == 0


def test_the_first_visible_sheet_is_read_not_a_hidden_one(client, trainer, quiz):
    person = QuizTakerFactory(phone="020 5555 1234")
    book = openpyxl.Workbook()
    book.active.title = "old"
    book.active.append(["colour"])
    book.active.sheet_state = "hidden"
    book.create_sheet("scores").append(["ເບີໂທ", "ຄະແນນ"])
    book["scores"].append(["02055551234", 70])
    book.active = 1
    buffer = io.BytesIO()
    book.save(buffer)
    outcome = upload_scores(
        client, quiz, SimpleUploadedFile("scores.xlsx", buffer.getvalue())
    ).context["outcome"]
    assert outcome.ok, outcome.file_errors
    client.post(url("import_scores"), {"action": "confirm", "token": outcome.token})
    assert Attempt.objects.get(person=person).score_percent == 70
