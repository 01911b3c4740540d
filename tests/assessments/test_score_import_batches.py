"""The score import reads the registry and the existing attempts once per file, not per row."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import imports
from assessments.imports import find_person, match_score_rows
from assessments.models import Answer, Attempt
from assessments.paper import paper_choices, paper_questions
from tests.assessments import test_imports
from tests.assessments.test_imports import csv_file, upload_scores, url
from tests.factories import QuizTakerFactory

pytestmark = pytest.mark.django_db
trainer, quiz = test_imports.trainer, test_imports.quiz


def test_rows_matched_in_batches_find_whom_each_row_finds_alone(monkeypatch):
    monkeypatch.setattr(imports, "MATCH_BATCH", 2)
    QuizTakerFactory(name_lo="ສົມພອນ ພົມມະຈັນ", phone="020 5555 1234")
    QuizTakerFactory(name_lo="ສົມພອນ ພົມມະຈັນ", phone="020 5555 4321")
    QuizTakerFactory(name_lo="ມະນີວັນ ສີສຸລາດ", name_latin="Manivanh Sisoulath")
    rows = [
        ("02055551234", ""),
        ("", "ສົມພອນ ພົມມະຈັນ"),
        ("020 5555 4321", "ສົມພອນ ພົມມະຈັນ"),
        ("", "Manivanh Sisoulath"),
        ("020 5555 0000", ""),
    ]
    candidates = match_score_rows(rows)

    def outcome(phone, name, found=None):
        try:
            return find_person(phone, name, found).pk
        except Exception as error:  # noqa: BLE001 (the message is the outcome)
            return error.messages

    assert [outcome(*row, candidates[row]) for row in rows] == [outcome(*row) for row in rows]


def test_a_file_is_matched_to_the_registry_in_one_query_per_batch(
    client, trainer, quiz, monkeypatch
):
    monkeypatch.setattr(imports, "MATCH_BATCH", 10)
    people = [QuizTakerFactory(phone=f"020 5555 {1000 + n}") for n in range(30)]
    lines = "".join(f"020 5555 {1000 + n},{90 - n}\n" for n in range(len(people)))
    with CaptureQueriesContext(connection) as queries:
        outcome = upload_scores(client, quiz, csv_file(f"phone,score\n{lines}")).context["outcome"]
    assert outcome.ok, outcome.rows
    assert [row.summary for row in outcome.rows] == [str(person) for person in people]
    matching = [q for q in queries if '"lms_person"."phone" IN' in q["sql"]]
    assert len(matching) == 3


def test_importing_answers_again_replaces_the_paper_attempts_answers(client, trainer, quiz):
    person = QuizTakerFactory(phone="020 5555 9999")
    single, _true_false = paper_questions(quiz, "A")
    right = "ABC"[[c.is_correct for c in paper_choices(single, "A")].index(True)]
    for answers in (f"{right},F", f"{right},T"):
        outcome = upload_scores(client, quiz, csv_file(f"phone,q1,q2\n02055559999,{answers}\n"))
        outcome = outcome.context["outcome"]
        assert outcome.ok, outcome.rows
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        client.post(url("import_scores"), {"action": "confirm", "token": outcome.token})
    attempt = Attempt.objects.get(person=person)
    assert attempt.score_percent == 100
    assert Answer.objects.filter(attempt=attempt).count() == 2
