"""Item analysis and knowledge-gain times at 100,000 answers.

Budget (issue 5): item analysis of a quiz with 100,000 submitted answers (5,000 attempts
of 20 questions) in under 5 s, and the matched-pair gain statistics over 10,000 attempts
in under 2 s, also when the attempts are filtered by quiz; exits with status 1 when one
is missed. Builds its data inside a
transaction on the configured database and rolls it back, so it leaves nothing behind:

    DATABASE_URL=sqlite:////tmp/assess.sqlite3 .venv/bin/python benchmarks/item_analysis.py
"""

import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
# The database in DATABASE_URL, else a scratch SQLite file (migrated below).
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/item_analysis_benchmark.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from assessments.models import (  # noqa: E402
    Answer,
    Attempt,
    AttemptStatus,
    Choice,
    Question,
    QuestionType,
    Quiz,
    QuizPurpose,
    QuizQuestion,
)
from assessments.stats import item_analysis, knowledge_gain, knowledge_gain_by  # noqa: E402
from lms.models import Person, Province, Sector, Sex  # noqa: E402

QUESTIONS = 20
ATTEMPTS = 5_000
BUDGET_ITEMS_S = 5.0
BUDGET_GAIN_S = 2.0


class Rollback(Exception):
    pass


def build(rng: random.Random):
    sector, province = Sector.objects.first(), Province.objects.first()
    people = Person.objects.bulk_create(
        Person(
            name_lo=f"ບຸກຄົນ {i}",
            name_latin=f"Bench {i}",
            name_key=f"bench {i}",
            sex=rng.choice([Sex.FEMALE, Sex.MALE]),
            sector=sector,
            province=province,
        )
        for i in range(ATTEMPTS)
    )
    questions = []
    for n in range(QUESTIONS):
        question = Question.objects.create(
            kind=QuestionType.SINGLE, stem_en=f"Q{n}", stem_lo=f"ຄຳຖາມ {n}"
        )
        Choice.objects.bulk_create(
            Choice(
                question=question, sort_order=i, text_en=str(i), text_lo=str(i), is_correct=i == 0
            )
            for i in range(4)
        )
        questions.append((question, list(question.choices.all())))
    quizzes = {}
    for purpose in (QuizPurpose.PRE, QuizPurpose.POST):
        quiz = Quiz.objects.create(title_en=purpose, title_lo=purpose, purpose=purpose, live=True)
        QuizQuestion.objects.bulk_create(
            QuizQuestion(quiz=quiz, question=q, sort_order=i) for i, (q, _) in enumerate(questions)
        )
        quizzes[purpose] = quiz
    now = timezone.now()
    for purpose, offset in ((QuizPurpose.PRE, 0.45), (QuizPurpose.POST, 0.7)):
        attempts = Attempt.objects.bulk_create(
            Attempt(
                quiz=quizzes[purpose],
                person=person,
                status=AttemptStatus.SUBMITTED,
                submitted_at=now
                + timezone.timedelta(hours=1 if purpose == QuizPurpose.POST else 0),
                score_percent=Decimal(0),
            )
            for person in people
        )
        answers = []
        for attempt in attempts:
            ability = min(0.95, max(0.05, rng.gauss(offset, 0.15)))
            earned = 0
            for question, choices in questions:
                right = rng.random() < ability
                pick = choices[0] if right else rng.choice(choices[1:])
                earned += right
                answers.append(
                    Answer(
                        attempt=attempt,
                        question=question,
                        response={"choice": pick.pk},
                        score=Decimal(int(right)),
                    )
                )
            attempt.score_percent = Decimal(earned * 100 / QUESTIONS)
        Attempt.objects.bulk_update(attempts, ["score_percent"], batch_size=2000)
        Answer.objects.bulk_create(answers, batch_size=5000)
    return quizzes


MISSED = []


def timed(label, function, budget):
    start = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - start
    verdict = "ok" if elapsed <= budget else "OVER BUDGET"
    if elapsed > budget:
        MISSED.append(f"{label}: {elapsed:.2f} s (budget {budget:.0f} s)")
    print(f"{label}: {elapsed:.2f} s (budget {budget:.0f} s) {verdict}")
    return result


def main():
    call_command("migrate", verbosity=0)
    rng = random.Random(5)
    try:
        with transaction.atomic():
            start = time.perf_counter()
            quizzes = build(rng)
            answers = Answer.objects.filter(attempt__quiz=quizzes[QuizPurpose.PRE]).count()
            print(f"built {answers:,} answers per quiz in {time.perf_counter() - start:.1f} s")
            # Autovacuum never sees rows of an open transaction: gather the statistics it
            # would, or PostgreSQL plans for empty tables (71 s instead of 0.5 s here).
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            report = timed(
                "item analysis of one quiz (100,000 answers, split pre/post over 200,000)",
                lambda: item_analysis(quizzes[QuizPurpose.PRE]),
                BUDGET_ITEMS_S,
            )
            print(
                "  facility range:",
                min(r["facility"] for r in report),
                "-",
                max(r["facility"] for r in report),
            )
            # Every attempt in the database, as the results page and the reports read them.
            attempts = Attempt.objects.all()
            gain = timed(
                f"knowledge gain over {attempts.count():,} attempts",
                lambda: knowledge_gain(attempts),
                BUDGET_GAIN_S,
            )
            print(f"  pairs {gain['pairs']:,}, mean gain {gain['mean_gain']} points")
            timed(
                "knowledge gain by sex, same attempts",
                lambda: knowledge_gain_by(attempts, "person__sex"),
                BUDGET_GAIN_S,
            )
            # The results page and the reports filter attempts by quiz first.
            by_quiz = Attempt.objects.filter(quiz__in=quizzes.values())
            timed(
                f"knowledge gain over {by_quiz.count():,} attempts filtered by quiz",
                lambda: knowledge_gain(by_quiz),
                BUDGET_GAIN_S,
            )
            raise Rollback
    except Rollback:
        pass
    for failure in MISSED:
        print(f"MISSED: {failure}", file=sys.stderr)
    print("Within budget." if not MISSED else "OVER BUDGET.")
    return 1 if MISSED else 0


if __name__ == "__main__":
    sys.exit(main())
