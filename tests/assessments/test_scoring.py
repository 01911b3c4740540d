from decimal import Decimal

import pytest

from assessments.scoring import AnswerKey, percent, score_response

SINGLE = AnswerKey(kind="single", choice_ids=(1, 2, 3), correct_ids=frozenset({2}))
MULTI_ALL = AnswerKey(kind="multiple", choice_ids=(1, 2, 3, 4), correct_ids=frozenset({1, 3}))
MULTI_PARTIAL = AnswerKey(
    kind="multiple", choice_ids=(1, 2, 3, 4), correct_ids=frozenset({1, 3}), partial_credit=True
)
TRUE = AnswerKey(kind="true_false", answer_true=True)
FALSE = AnswerKey(kind="true_false", answer_true=False)
MATCH_ALL = AnswerKey(kind="matching", choice_ids=(10, 11, 12))
MATCH_PARTIAL = AnswerKey(kind="matching", choice_ids=(10, 11, 12), partial_credit=True)
SHORT = AnswerKey(kind="short", accepted=("ການຄ້າມະນຸດ", "Human trafficking", "ການຫຼອກລວງ"))


@pytest.mark.parametrize(
    ("key", "response", "credit"),
    [
        (SINGLE, {"choice": 2}, "1"),
        (SINGLE, {"choice": "2"}, "1"),
        (SINGLE, {"choice": 1}, "0"),
        (SINGLE, {"choice": "x"}, "0"),
        (SINGLE, {}, "0"),
        (SINGLE, None, "0"),
        (MULTI_ALL, {"choices": [1, 3]}, "1"),
        (MULTI_ALL, {"choices": [3, 1]}, "1"),
        (MULTI_ALL, {"choices": [1]}, "0"),
        (MULTI_ALL, {"choices": [1, 3, 4]}, "0"),
        (MULTI_PARTIAL, {"choices": [1, 3]}, "1"),
        (MULTI_PARTIAL, {"choices": [1]}, "0.5"),
        (MULTI_PARTIAL, {"choices": [1, 3, 4]}, "0.5"),
        (MULTI_PARTIAL, {"choices": [1, 2, 4]}, "0"),  # one right, two wrong: floored at 0
        (MULTI_PARTIAL, {"choices": [1, 2, 3, 4]}, "0"),  # ticking everything earns nothing
        (MULTI_PARTIAL, {"choices": [1, 99]}, "0.5"),  # unknown ids are ignored
        (MULTI_PARTIAL, {"choices": []}, "0"),
        (TRUE, {"value": True}, "1"),
        (TRUE, {"value": "true"}, "1"),
        (TRUE, {"value": False}, "0"),
        (FALSE, {"value": False}, "1"),
        (FALSE, {"value": None}, "0"),
        (MATCH_ALL, {"pairs": {"10": 10, "11": 11, "12": 12}}, "1"),
        (MATCH_ALL, {"pairs": {"10": 10, "11": 12, "12": 11}}, "0"),
        (MATCH_PARTIAL, {"pairs": {"10": 10, "11": 12, "12": 11}}, "0.3333"),
        (MATCH_PARTIAL, {"pairs": {"10": 10, "11": 11}}, "0.6667"),
        (MATCH_PARTIAL, {"pairs": {}}, "0"),
        (SHORT, {"text": "ການຄ້າມະນຸດ"}, "1"),
        (SHORT, {"text": "  HUMAN   trafficking "}, "1"),
        # "Deception" typed with ຫ + ລ instead of ຫຼ: the same word.
        (SHORT, {"text": "ການຫລອກລວງ"}, "1"),
        (SHORT, {"text": "ການຄ້າ"}, "0"),
        (SHORT, {"text": ""}, "0"),
    ],
)
def test_every_question_type_is_scored_by_its_rule(key, response, credit):
    assert score_response(key, response) == Decimal(credit)


@pytest.mark.parametrize(
    ("earned", "possible", "expected"),
    [("7", 10, "70.00"), ("2", 3, "66.67"), ("0", 5, "0.00"), ("1.5", 2, "75.00"), ("3", 0, "0")],
)
def test_percent_of_possible_points(earned, possible, expected):
    assert percent(Decimal(earned), possible) == Decimal(expected)
