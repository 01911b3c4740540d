import pytest

from assessments import demo
from assessments.attempts import draw_questions
from assessments.models import Attempt, Question, Quiz, QuizForm, QuizPurpose
from assessments.stats import knowledge_gain_by
from courses.demo import attempts as attempts_demo
from courses.events.attendance import register_participant
from lms.models import Sector
from tests.factories import QuizTakerFactory, make_event

pytestmark = pytest.mark.django_db


def test_demo_bank_is_complete_in_both_languages_and_forms_share_anchors():
    bank = demo.build_questions(demo.build_tags())
    assert 10 <= len(bank) <= 20
    assert all(question.is_complete for question, _form in bank)
    pre, post = demo.build_pair("Core", "ພື້ນຖານ", bank)
    assert (pre.purpose, post.purpose) == (QuizPurpose.PRE, QuizPurpose.POST)
    form_a = {q.pk for q in draw_questions(pre, QuizForm.A, seed=1)}
    form_b = {q.pk for q in draw_questions(pre, QuizForm.B, seed=1)}
    assert 10 <= len(form_a) <= 20 and 10 <= len(form_b) <= 20
    assert form_a != form_b and len(form_a & form_b) >= 10


def test_demo_event_attempts_are_seeded_once_and_gains_differ_by_sector():
    event = make_event(post_test_required=True)
    for code in ("police", "judge"):
        for _ in range(12):
            register_participant(event, QuizTakerFactory(sector=Sector.objects.get(code=code)))
    bank = demo.build_questions(demo.build_tags())
    core = demo.build_pair("Core", "ພື້ນຖານ", bank)
    attempts_demo.seed_event_attempts({}, core)
    count = Attempt.objects.count()
    assert count > 30
    event.refresh_from_db()
    assert (event.pre_test, event.post_test) == core

    # Running the demo step again changes nothing.
    demo.build_questions(demo.build_tags())
    attempts_demo.seed_event_attempts({}, demo.build_pair("Core", "ພື້ນຖານ", bank))
    assert Attempt.objects.count() == count
    assert Question.objects.count() == len(bank) and Quiz.objects.count() == 2

    by_sector = knowledge_gain_by(Attempt.objects.all(), "participation__sector__code")
    assert by_sector["police"]["mean_gain"] > by_sector["judge"]["mean_gain"]
    assert all(a.answers.count() == len(a.question_ids) for a in Attempt.objects.all()[:5])
