import io

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Answer, Attempt, Question, QuestionType, Tag, TagKind
from assessments.paper import paper_choices, paper_questions
from courses.events.attendance import register_participant
from courses.models import TrainingEvent
from lms import groups
from lms.models import Person
from tests.factories import QuestionFactory, QuizFactory, QuizTakerFactory, UserFactory, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(client):
    user = UserFactory(username="trainer", groups=[groups.TRAINERS])
    # Scores are imported for an event the trainer trains (the tools are in the admin now).
    make_event().trainers.add(QuizTakerFactory(user=user))
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return user


@pytest.fixture
def quiz():
    return QuizFactory(
        questions=[
            QuestionFactory(choices=[("a", False), ("b", True), ("c", False)]),
            QuestionFactory(kind=QuestionType.TRUE_FALSE, answer_true=True),
        ],
        shuffle_questions=False,
    )


def csv_file(text, name="scores.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, name="scores.xlsx"):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def url(name):
    return reverse(f"assessments_admin:{name}")


def upload_scores(client, quiz, upload, language="en"):
    # Scores count only for the event's participants: register the people of the test.
    event = TrainingEvent.objects.get()
    for person in Person.objects.filter(user__isnull=True):
        register_participant(event, person)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.post(
        url("import_scores"),
        {"action": "preview", "file": upload, "quiz": quiz.pk, "form": "A", "event": event.pk},
    )


def test_total_scores_preview_then_commit_all_rows(client, trainer, quiz):
    somphone = QuizTakerFactory(name_lo="ສົມພອນ ພົມມະຈັນ", phone="020 5555 1234")
    manivanh = QuizTakerFactory(name_lo="ມະນີວັນ ສີສຸລາດ")
    upload = xlsx_file(
        [["phone", "name", "score"], ["02055551234", "", 85], ["", "ມະນີວັນ ສີສຸລາດ", "62.5"]]
    )
    preview = upload_scores(client, quiz, upload)
    assert preview.status_code == 200
    outcome = preview.context["outcome"]
    assert outcome.ok and [r.summary for r in outcome.rows] == [str(somphone), str(manivanh)]
    assert Attempt.objects.count() == 0  # a preview changes nothing

    client.post(url("import_scores"), {"action": "confirm", "token": outcome.token})
    scores = dict(Attempt.objects.values_list("person_id", "score_percent"))
    assert scores == {somphone.pk: 85, manivanh.pk: 62.5}
    assert set(Attempt.objects.values_list("source", flat=True)) == {"paper"}

    # Importing the same file again updates the paper attempts instead of duplicating them.
    upload = xlsx_file([["phone", "name", "score"], ["02055551234", "", 90]])
    outcome = upload_scores(client, quiz, upload).context["outcome"]
    client.post(url("import_scores"), {"action": "confirm", "token": outcome.token})
    assert Attempt.objects.count() == 2
    assert Attempt.objects.get(person=somphone).score_percent == 90


def test_answers_per_question_are_scored_and_kept_for_item_analysis(client, trainer, quiz):
    person = QuizTakerFactory(phone="020 5555 9999")
    single, true_false = paper_questions(quiz, "A")
    # The letter as printed on form A, whose choices are shuffled.
    right_letter = "ABC"[[c.is_correct for c in paper_choices(single, "A")].index(True)]
    upload = csv_file(f"phone,q1,q2\n02055559999,{right_letter},F\n")
    outcome = upload_scores(client, quiz, upload).context["outcome"]
    assert outcome.ok, outcome.rows
    client.post(url("import_scores"), {"action": "confirm", "token": outcome.token})
    attempt = Attempt.objects.get(person=person)
    assert attempt.score_percent == 50
    assert dict(Answer.objects.values_list("question_id", "score")) == {
        single.pk: 1,
        true_false.pk: 0,
    }


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (csv_file("phone,score,colour\n02055551234,50,red\n"), "Unknown columns: colour."),
        (csv_file("phone,marks\n02055551234,50\n"), "The file needs a score column"),
        (csv_file("", name="empty.csv"), "The file is empty."),
        (csv_file("phone,score\n", name="headers.csv"), "no rows below the column names"),
        (SimpleUploadedFile("scores.pdf", b"%PDF-1.4"), "must be an .xlsx or .csv"),
        (SimpleUploadedFile("scores.xlsx", b"not a workbook"), "could not be read"),
    ],
)
def test_bad_files_change_nothing_and_say_why(client, trainer, quiz, upload, message):
    QuizTakerFactory(phone="020 5555 1234")
    response = upload_scores(client, quiz, upload)
    outcome = response.context["outcome"]
    assert not outcome.ok and not outcome.token
    assert any(message in error for error in outcome.file_errors), outcome.file_errors
    assert message in response.content.decode()
    assert Attempt.objects.count() == 0


def test_bad_rows_are_each_reported_and_nothing_is_imported(client, trainer, quiz):
    QuizTakerFactory(name_lo="ສົມພອນ ພົມມະຈັນ", phone="020 5555 1234")
    QuizTakerFactory(name_lo="ບຸນມີ ວົງສະຫວັນ")
    QuizTakerFactory(name_lo="ບຸນມີ ວົງສະຫວັນ")
    upload = csv_file(
        "phone,name,score\n"
        "02055551234,,80\n"  # fine
        "02099990000,,70\n"  # unknown phone
        ",ຄົນ ບໍ່ມີ,70\n"  # unknown name
        ",ບຸນມີ ວົງສະຫວັນ,70\n"  # two people with this name
        "02055551234,,150\n"  # out of range, and a duplicate person
        ",,ສິບ\n"  # no identity, not a number
    )
    response = upload_scores(client, quiz, upload)
    rows = response.context["outcome"].rows
    assert [bool(r.errors) for r in rows] == [False, True, True, True, True, True]
    assert "No person in the registry has the phone number" in rows[1].errors[0]
    assert "No person in the registry is called" in rows[2].errors[0]
    assert "Several people are called" in rows[3].errors[0]
    assert any("between 0 and 100" in e for e in rows[4].errors)
    assert any("already on row 2" in e for e in rows[4].errors)
    assert len(rows[5].errors) == 2
    assert "Import all rows" not in response.content.decode()
    assert Attempt.objects.count() == 0


def test_errors_are_reported_in_lao_for_a_lao_user(client, trainer, quiz):
    response = upload_scores(client, quiz, csv_file("phone,score\n02099990000,170\n"), "lo")
    errors = response.context["outcome"].rows[0].errors
    assert all(any("\u0e80" <= ch <= "\u0eff" for ch in e) for e in errors), errors


def test_commit_is_all_or_nothing_when_data_changed_after_the_preview(client, trainer, quiz):
    first = QuizTakerFactory(phone="020 5555 1234")
    second = QuizTakerFactory(phone="020 5555 4321")
    upload = csv_file("phone,score\n02055551234,80\n02055554321,90\n")
    outcome = upload_scores(client, quiz, upload).context["outcome"]
    assert outcome.ok
    second.phone = "020 7777 0000"
    second.save()
    response = client.post(url("import_scores"), {"action": "confirm", "token": outcome.token})
    assert not response.context["outcome"].ok
    assert not Attempt.objects.filter(person=first).exists()
    assert Attempt.objects.count() == 0


QUESTION_HEADER = (
    "type,question_lo,question_en,choice1_lo,choice1_en,choice2_lo,choice2_en,"
    "correct,tags,feedback_lo,feedback_en\n"
)


def test_questions_import_both_languages_with_choices_and_tags(client, trainer):
    Tag.objects.create(kind=TagKind.TOPIC, code="law", name_en="Law", name_lo="ກົດໝາຍ")
    upload = csv_file(
        QUESTION_HEADER
        + "single,ກົດໝາຍປີໃດ?,Which year is the law?,2016,2016,2010,2010,A,law,ຖືກ,Right\n"
        + "true_false,ການແຕ່ງງານປອມ ເປັນການຄ້າມະນຸດ.,Sham marriage can be trafficking.,,,,,T,,,\n",
        name="questions.csv",
    )
    preview = client.post(url("import_questions"), {"action": "preview", "file": upload})
    outcome = preview.context["outcome"]
    assert outcome.ok, [r.errors for r in outcome.rows]
    client.post(url("import_questions"), {"action": "confirm", "token": outcome.token})
    single = Question.objects.get(stem_en="Which year is the law?")
    assert single.is_complete and single.tags.get().code == "law"
    assert [(c.text_lo, c.is_correct) for c in single.choices.all()] == [
        ("2016", True),
        ("2010", False),
    ]
    assert Question.objects.get(kind=QuestionType.TRUE_FALSE).answer_true is True


def test_bad_question_rows_are_reported_and_nothing_is_created(client, trainer):
    upload = csv_file(
        QUESTION_HEADER
        + "single,ກົດໝາຍປີໃດ?,Which year?,2016,2016,2010,2010,A,,,\n"
        + "single,,Only English?,a,a,b,b,A,,,\n"
        + "single,ຄຳຖາມ,Question,a,a,b,,C,unknown-tag,,\n"
        + "essay,ຄຳຖາມ,Question,,,,,,,,\n",
        name="questions.csv",
    )
    outcome = client.post(url("import_questions"), {"action": "preview", "file": upload}).context[
        "outcome"
    ]
    errors = [r.errors for r in outcome.rows]
    assert errors[0] == []
    assert "both its Lao and English text" in errors[1][0]
    assert any("Choice 2 needs both languages" in e for e in errors[2])
    assert any("“C” is not one of the choices" in e for e in errors[2])
    assert any("Unknown tag" in e for e in errors[2])
    assert "Unknown question type" in errors[3][0]
    assert Question.objects.count() == 0


def test_question_file_with_missing_columns_is_refused(client, trainer):
    upload = csv_file("type,question_en\nsingle,What?\n", name="q.csv")
    outcome = client.post(url("import_questions"), {"action": "preview", "file": upload}).context[
        "outcome"
    ]
    assert "Missing columns: question_lo, correct." in outcome.file_errors


def test_an_escaped_cell_imports_back_as_typed(client, trainer):
    # A question bank exported by the project escapes "-1 year?" as "'-1 year?".
    upload = xlsx_file(
        [
            QUESTION_HEADER.strip().split(","),
            ["single", "ຄຳຖາມ", "'-1 year?", "'+856", "'+856", "'=2", "'=2", "A", "", "", ""],
        ],
        name="questions.xlsx",
    )
    outcome = client.post(url("import_questions"), {"action": "preview", "file": upload}).context[
        "outcome"
    ]
    assert outcome.ok, [r.errors for r in outcome.rows]
    client.post(url("import_questions"), {"action": "confirm", "token": outcome.token})
    question = Question.objects.get(stem_lo="ຄຳຖາມ")
    assert question.stem_en == "-1 year?"
    assert [c.text_en for c in question.choices.all()] == ["+856", "=2"]
