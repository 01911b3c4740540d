from decimal import Decimal

import pytest

from assessments.models import Answer, Attempt, QuestionType, QuizPurpose
from assessments.stats import (
    distractor_counts,
    item_analysis,
    item_statistics,
    knowledge_gain,
    knowledge_gain_by,
)
from lms.models import Sex
from tests.factories import (
    QuestionFactory,
    QuizFactory,
    QuizTakerFactory,
    make_event,
    submit_attempt,
)

pytestmark = pytest.mark.django_db


def scored(quiz, person, score, minutes=0, **group):
    return submit_attempt(quiz, person, score, minutes=minutes, **group)


@pytest.fixture
def gain_example():
    """A: 40 -> 60 then 70 (the last post counts); B: 60 -> 50; C: 100 -> 90;
    D pre only; E post only."""
    pre = QuizFactory(purpose=QuizPurpose.PRE)
    post = QuizFactory(purpose=QuizPurpose.POST)
    event = make_event(post_test_pass_mark=Decimal(70))
    a, b, c, d, e = (
        QuizTakerFactory(sex=s) for s in (Sex.FEMALE, Sex.MALE, Sex.FEMALE, Sex.MALE, Sex.MALE)
    )
    scored(pre, a, 40, event=event)
    scored(post, a, 60, minutes=1, event=event)
    scored(post, a, 70, minutes=2, event=event)
    scored(pre, b, 60, event=event)
    scored(post, b, 50, minutes=1, event=event)
    scored(pre, c, 100, event=event)
    scored(post, c, 90, minutes=1, event=event)
    scored(pre, d, 50, event=event)
    scored(post, e, 80, minutes=1, event=event)
    # An attempt still in progress never counts.
    Attempt.objects.create(quiz=pre, person=e, event=event)
    return {"event": event, "pre": pre, "post": post, "people": (a, b, c, d, e)}


def test_knowledge_gain_on_a_hand_computed_example(gain_example):
    result = knowledge_gain(Attempt.objects.all())
    assert result == {
        "pairs": 3,
        "pre_only": 1,
        "post_only": 1,
        "mean_pre": 66.67,  # (40 + 60 + 100) / 3
        "mean_post": 70.0,  # (70 + 50 + 90) / 3
        "mean_gain": 3.33,  # (30 - 10 - 10) / 3
        "class_normalized_gain": 0.1,  # (70 - 66.67) / (100 - 66.67)
        "mean_normalized_gain": 0.125,  # (0.5 - 0.25) / 2; C (pre = 100%) has no g
        "share_improved": 0.3333,
        "share_passed": 0.6667,  # A 70 and C 90 reach the event's pass mark of 70
        "pre_100": 1,
    }


def test_pairs_are_matched_within_an_event_not_across_events(gain_example):
    other_event = make_event(title_en="Refresher")
    a = gain_example["people"][0]
    scored(gain_example["post"], a, 95, minutes=5, event=other_event)
    result = knowledge_gain(Attempt.objects.all())
    assert result["pairs"] == 3 and result["post_only"] == 2


def test_share_passed_uses_the_events_pass_mark(gain_example):
    event = gain_example["event"]
    event.post_test_pass_mark = Decimal(80)
    event.save()
    assert knowledge_gain(Attempt.objects.all())["share_passed"] == pytest.approx(1 / 3, abs=1e-4)


def test_knowledge_gain_by_sex(gain_example):
    by_sex = knowledge_gain_by(Attempt.objects.all(), "person__sex")
    assert by_sex[Sex.FEMALE]["pairs"] == 2
    assert by_sex[Sex.FEMALE]["mean_gain"] == 10.0  # (30 - 10) / 2
    assert by_sex[Sex.FEMALE]["pre_100"] == 1
    assert by_sex[Sex.MALE]["pairs"] == 1
    assert by_sex[Sex.MALE]["pre_only"] == 1 and by_sex[Sex.MALE]["post_only"] == 1
    assert by_sex[Sex.MALE]["share_improved"] == 0.0


def test_knowledge_gain_of_nothing_is_empty_not_an_error():
    result = knowledge_gain(Attempt.objects.none())
    assert result["pairs"] == 0 and result["mean_gain"] is None


ITEM_ROWS = [
    # attempt, question, credit
    (1, 1, 1),
    (1, 2, 1),
    (1, 3, 0),
    (2, 1, 1),
    (2, 2, 0),
    (2, 3, 0),
    (3, 1, 0),
    (3, 2, 0),
    (3, 3, 1),
    (4, 1, 1),
    (4, 2, 1),
    (4, 3, 1),
]


def test_item_statistics_on_a_hand_computed_example():
    stats = item_statistics(ITEM_ROWS)
    assert stats[1]["facility"] == 0.75
    # Rest scores of item 1 are 1, 0, 1, 2: no covariance with the item.
    assert stats[1]["discrimination"] == 0.0
    # Item 2 against rests 1, 1, 1, 2: r = 0.5 / sqrt(1 * 0.75).
    assert stats[2]["discrimination"] == pytest.approx(0.57735, abs=1e-4)
    # Item 3 against rests 2, 1, 0, 2: r = -0.5 / sqrt(1 * 2.75), flagged.
    assert stats[3]["discrimination"] == pytest.approx(-0.30151, abs=1e-4)
    assert stats[3]["flagged"] and not stats[2]["flagged"]


def test_item_analysis_reads_submitted_answers_and_splits_pre_and_post():
    question = QuestionFactory()
    right, wrong = (c.pk for c in question.choices.order_by("sort_order")[:2])
    pre = QuizFactory(questions=[question], purpose=QuizPurpose.PRE)
    post = QuizFactory(questions=[question], purpose=QuizPurpose.POST)
    for quiz, picks in ((pre, [right, wrong, wrong, wrong]), (post, [right, right, right, wrong])):
        for pick in picks:
            attempt = scored(quiz, QuizTakerFactory(), 100 if pick == right else 0)
            Answer.objects.create(
                attempt=attempt,
                question=question,
                response={"choice": pick},
                score=Decimal(1 if pick == right else 0),
            )
    report = item_analysis(pre)
    assert len(report) == 1
    row = report[0]
    assert row["n"] == 4 and row["facility"] == 0.25
    assert row["pre"]["facility"] == 0.25 and row["post"]["facility"] == 0.75
    counts = {choice.pk: count for choice, count, _correct in row["choices"]}
    assert counts[right] == 1 and counts[wrong] == 3
    assert row["discrimination"] is None  # a one-question quiz has no rest score


def test_distractors_of_true_false_and_multiple_choice_are_counted():
    true_false = QuestionFactory(kind=QuestionType.TRUE_FALSE)
    multiple = QuestionFactory(kind=QuestionType.MULTIPLE)
    a, b, c = multiple.choices.order_by("sort_order")
    quiz = QuizFactory(questions=[true_false, multiple])
    for value, ticks in ((True, [a.pk, b.pk]), (False, [a.pk]), (True, [c.pk])):
        attempt = scored(quiz, QuizTakerFactory(), 50)
        Answer.objects.create(attempt=attempt, question=true_false, response={"value": value})
        Answer.objects.create(attempt=attempt, question=multiple, response={"choices": ticks})
    counts = distractor_counts(Answer.objects.all())
    assert dict(counts[true_false.pk]) == {"true": 2, "false": 1}
    assert dict(counts[multiple.pk]) == {a.pk: 2, b.pk: 1, c.pk: 1}


def test_an_events_gain_reads_its_chosen_tests_only():
    """The event chose its pre- and post-test: another post quiz taken at the event (a
    refresher quiz, a practice round) changes neither the pairs nor the gain."""
    pre, post, practice = (QuizFactory(purpose=p) for p in ("pre", "post", "post"))
    event = make_event(pre_test=pre, post_test=post)
    person = QuizTakerFactory()
    scored(pre, person, 40, event=event)
    scored(post, person, 50, minutes=1, event=event)
    scored(practice, person, 90, minutes=2, event=event)
    result = knowledge_gain(Attempt.objects.all())
    assert (result["pairs"], result["mean_post"], result["mean_gain"]) == (1, 50.0, 10.0)
    assert result["post_only"] == 0
