"""Peak memory and time of the largest spreadsheets the limits accept, and how fast crafted
ones are refused (issue 15, "Crafted spreadsheets tie up a worker").

Imports, through the trainer's admin pages (preview, then confirm) as a user meets them:
a score file of 5,000 people x 39 columns (phone, name, q1..q37 of a 37-question printed
form: MAX_ROWS rows and MAX_CELLS cells) and a sign-in sheet of 2,500 people x 3
sessions. Peak memory is Python's own (tracemalloc, every allocation the import makes)
and the process's resident peak (resource.getrusage maxrss, which includes Django and the
interpreter, about 100 MB before any import). Then reads each file of
tests/lms/crafted_sheets.py through lms.spreadsheets and prints how fast it is refused.

Budgets: peak traced memory of each import <= 200 MB (resident peak printed beside it),
preview and confirm each <= 60 s, every crafted file refused in <= 3 s. Exits with status 1
when one is missed. Migrates the database when needed and rolls its data back:

    .venv/bin/python benchmarks/imports.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms_bench .venv/bin/python benchmarks/imports.py

Without DATABASE_URL it uses sqlite:////tmp/imports_benchmark.sqlite3.
"""

import io
import os
import re
import resource
import sys
import time
import tracemalloc
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/imports_benchmark.sqlite3")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402

from assessments.models import Answer, Attempt, QuestionType  # noqa: E402
from assessments.paper import paper_choices, paper_questions  # noqa: E402
from courses.models import Attendance, EventSession, Participation  # noqa: E402
from lms import groups, spreadsheets  # noqa: E402
from lms.lao import lao_matching_key, normalise_phone, romanised_key  # noqa: E402
from lms.models import Person, Province, Sector, Sex  # noqa: E402
from tests.factories import (  # noqa: E402
    QuestionFactory,
    QuizFactory,
    QuizTakerFactory,
    UserFactory,
    make_event,
)
from tests.lms.crafted_sheets import CRAFTED  # noqa: E402

MEMORY_BUDGET_MB = 200
TIME_BUDGET_S = 60.0
REFUSAL_BUDGET_S = 3.0
SCORE_ROWS = spreadsheets.MAX_ROWS
SCORE_QUESTIONS = spreadsheets.MAX_CELLS // (SCORE_ROWS + 1) - 2  # phone, name, q1..q37
SIGNIN_ROWS = 2_500  # courses.events.signin_sheets.MAX_ROWS


class Rollback(Exception):
    pass


def measured(function):
    """(result, seconds, traced peak MB) of ``function()``."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = function()
    finally:
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return result, seconds, peak


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def registry_person(n: int, sector, province) -> Person:
    """Participant ``n`` with the keys and E.164 phone that Person.save() stores (bulk_create
    skips save(), and the matcher compares these columns)."""
    name_lo, name_latin = f"ຜູ້ເຂົ້າຮ່ວມ {n}", f"Participant {n}"
    return Person(
        name_lo=name_lo,
        name_latin=name_latin,
        name_key=lao_matching_key(name_lo),
        name_latin_key=lao_matching_key(name_latin),
        name_latin_loose_key=romanised_key(name_latin),
        sex=Sex.FEMALE if n % 2 else Sex.MALE,
        sector=sector,
        province=province,
        phone=normalise_phone(phone_number(n)),
    )


def phone_number(n: int) -> str:
    """Participant ``n``'s phone as a trainer types it."""
    return f"020 {50000000 + n:08d}"


def people(count: int, event) -> list[Person]:
    sector, province = Sector.objects.get(code="police"), Province.objects.get(code="01")
    created = Person.objects.bulk_create(
        (registry_person(n, sector, province) for n in range(count)), batch_size=500
    )
    participations = [Participation(event=event, person=person) for person in created]
    for participation in participations:
        participation.take_snapshot()  # as import_sheet does
    Participation.objects.bulk_create(participations, batch_size=500)
    return created


def score_file(quiz) -> bytes:
    questions = paper_questions(quiz, "A")
    # The letter that is right and one that is wrong, per question, as form A prints them.
    right, wrong = {}, {}
    for question in questions:
        if question.kind == QuestionType.TRUE_FALSE:
            right[question.pk], wrong[question.pk] = (
                ("T", "F") if question.answer_true else ("F", "T")
            )
            continue
        correct = [choice.is_correct for choice in paper_choices(question, "A")]
        right[question.pk] = "ABCD"[correct.index(True)]
        wrong[question.pk] = "ABCD"[correct.index(False)]
    header = ["phone", "name"] + [f"q{n}" for n in range(1, len(questions) + 1)]
    rows = (
        [phone_number(n), f"ຜູ້ເຂົ້າຮ່ວມ {n}"]
        + [(right if (n + i) % 3 else wrong)[q.pk] for i, q in enumerate(questions)]
        for n in range(SCORE_ROWS)
    )
    return xlsx([header, *rows])


def signin_file() -> bytes:
    header = ["ລ/ດ", "ຊື່ ແລະ ນາມສະກຸນ", "Romanised name", "ເພດ", "ຫົວໜ່ວຍ", "ຕຳແໜ່ງ", "ເບີໂທ"]
    marks = ["✓", "✓", "✓", "L", "", "E"]
    rows = (
        [n + 1, f"ຜູ້ເຂົ້າຮ່ວມ {n}", f"Participant {n}", "ຍ" if n % 2 else "ຊ", "ATD"]
        + ["ພະນັກງານ", phone_number(n)]
        + [marks[(n + s) % 6] for s in range(3)]
        for n in range(SIGNIN_ROWS)
    )
    return xlsx([["ລາຍຊື່ຜູ້ເຂົ້າຮ່ວມ"], header + ["Session 1", "Session 2", "Session 3"], *rows])


def confirm_token(response) -> str:
    """The token of the preview's confirm form; the page's errors when there is none."""
    html = response.content.decode()
    found = re.search(r'name="token" value="([^"]+)"', html)
    if not found:
        errors = re.findall(
            r'class="(?:help-block help-critical|error-message)"[^>]*>([^<]+)', html
        )
        raise AssertionError(f"preview refused ({response.status_code}): {errors[:5]}")
    return found.group(1)


def trainer_client(event, username: str) -> Client:
    user = UserFactory(username=username, groups=[groups.TRAINERS])
    event.trainers.add(QuizTakerFactory(user=user))
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def bench_scores(results):
    event = make_event()
    quiz = QuizFactory(
        questions=[
            QuestionFactory(choices=[("a", False), ("b", True), ("c", False), ("d", False)])
            if n % 4
            else QuestionFactory(kind=QuestionType.TRUE_FALSE, answer_true=True)
            for n in range(SCORE_QUESTIONS)
        ],
        shuffle_questions=False,
    )
    people(SCORE_ROWS, event)
    client = trainer_client(event, "bench-score-trainer")
    content = score_file(quiz)
    url = reverse("assessments_admin:import_scores")

    def preview():
        upload = SimpleUploadedFile("scores.xlsx", content)
        data = {"action": "preview", "file": upload, "quiz": quiz.pk, "form": "A"}
        return client.post(url, {**data, "event": event.pk})

    response, preview_s, preview_mb = measured(preview)
    page_kb = len(response.content) / 1024
    token = confirm_token(response)
    _response, confirm_s, confirm_mb = measured(
        lambda: client.post(url, {"action": "confirm", "token": token})
    )
    assert Attempt.objects.filter(quiz=quiz).count() == SCORE_ROWS
    answers = Answer.objects.filter(attempt__quiz=quiz).count()
    label = f"score file {SCORE_ROWS} x {SCORE_QUESTIONS + 2} ({len(content) / 1024:.0f} KB)"
    results.append((label, preview_s, preview_mb, confirm_s, confirm_mb, page_kb))
    print(
        f"  {label}: {answers:,} answers imported; preview {preview_s:.1f} s {preview_mb:.0f} MB,"
        f" confirm {confirm_s:.1f} s {confirm_mb:.0f} MB",
        flush=True,
    )


def bench_signin(results):
    event = make_event(session_hours=(4, 4, 4))
    people(SIGNIN_ROWS, event)
    client = trainer_client(event, "bench-signin-trainer")
    content = signin_file()
    url = reverse("events_admin:import", args=[event.pk])

    def preview():
        upload = SimpleUploadedFile("sheet.xlsx", content)
        return client.post(url, {"action": "preview", "sheet": upload})

    response, preview_s, preview_mb = measured(preview)
    page_kb = len(response.content) / 1024
    token = confirm_token(response)
    _response, confirm_s, confirm_mb = measured(
        lambda: client.post(url, {"action": "confirm", "token": token})
    )
    marks = Attendance.objects.filter(session__event=event).count()
    assert marks >= SIGNIN_ROWS * 2, marks
    label = f"sign-in sheet {SIGNIN_ROWS} x 3 sessions ({len(content) / 1024:.0f} KB)"
    results.append((label, preview_s, preview_mb, confirm_s, confirm_mb, page_kb))
    print(
        f"  {label}: {marks:,} marks, {EventSession.objects.filter(event=event).count()} sessions;"
        f" preview {preview_s:.1f} s {preview_mb:.0f} MB, confirm {confirm_s:.1f} s"
        f" {confirm_mb:.0f} MB",
        flush=True,
    )


def bench_refusals() -> list[str]:
    failures = []
    print(f"\nCrafted files (tests/lms/crafted_sheets.py), budget <= {REFUSAL_BUDGET_S:.0f} s each")
    print(f"  {'file':<52} {'size':>8} {'refused in':>11} {'peak':>9}  message")
    translation.activate("en")
    for name, (filename, build, phrase) in CRAFTED.items():
        content = build()

        def read(content=content, filename=filename):
            try:
                spreadsheets.read_rows(content, filename)
            except spreadsheets.SpreadsheetError as error:
                return str(error)
            return None

        message, seconds, peak = measured(read)
        ok = message is not None and phrase in message and seconds <= REFUSAL_BUDGET_S
        print(
            f"  {name:<52} {len(content) / 1024:>6.0f}KB {seconds:>9.2f} s {peak:>6.1f} MB"
            f"  {'ok' if ok else 'MISSED'} {(message or 'ACCEPTED')[:60]}"
        )
        if not ok:
            failures.append(f"{name}: {message or 'accepted'} in {seconds:.2f} s")
    return failures


def main() -> int:
    call_command("migrate", verbosity=0)
    print(f"Database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    print("Largest accepted files, imported through the admin (preview, then confirm):")
    results = []
    try:
        with transaction.atomic():
            bench_scores(results)
            bench_signin(results)
            raise Rollback
    except Rollback:
        pass
    failures = []
    print(f"\n  {'file':<44} {'preview':>9} {'peak':>9} {'confirm':>9} {'peak':>9} {'page':>9}")
    for label, preview_s, preview_mb, confirm_s, confirm_mb, page_kb in results:
        print(
            f"  {label:<44} {preview_s:>7.1f} s {preview_mb:>6.0f} MB {confirm_s:>7.1f} s"
            f" {confirm_mb:>6.0f} MB {page_kb:>6.0f} KB"
        )
        for step, seconds, peak in (
            ("preview", preview_s, preview_mb),
            ("confirm", confirm_s, confirm_mb),
        ):
            if peak > MEMORY_BUDGET_MB:
                failures.append(f"{label} {step}: {peak:.0f} MB (budget {MEMORY_BUDGET_MB} MB)")
            if seconds > TIME_BUDGET_S:
                failures.append(f"{label} {step}: {seconds:.1f} s (budget {TIME_BUDGET_S:.0f} s)")
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  budgets: peak traced memory <= {MEMORY_BUDGET_MB} MB (tracemalloc), each step"
        f" <= {TIME_BUDGET_S:.0f} s; process resident peak so far {maxrss_mb:.0f} MB (maxrss)"
    )
    failures += bench_refusals()
    for failure in failures:
        print(f"MISSED: {failure}", file=sys.stderr)
    print("Within budget." if not failures else "OVER BUDGET.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
