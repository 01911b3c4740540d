"""Pure scoring functions: an answer key and a response in, a share of credit (0..1) out.

Nothing here touches the database, so every rule is tested with plain values. Responses
are the JSON stored on ``Answer.response``:
single ``{"choice": id}``, true/false ``{"value": true}``, multiple ``{"choices": [ids]}``,
matching ``{"pairs": {"left_id": right_id}}`` (a pair is right when both ids are the same
stored pair), short answer ``{"text": "..."}``.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from lms.lao import lao_matching_key

ZERO = Decimal(0)
ONE = Decimal(1)


@dataclass(frozen=True)
class AnswerKey:
    kind: str
    choice_ids: tuple[int, ...] = ()
    correct_ids: frozenset[int] = field(default_factory=frozenset)
    partial_credit: bool = False
    answer_true: bool | None = None
    accepted: tuple[str, ...] = ()


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def score_single(key: AnswerKey, response: dict) -> Decimal:
    choice = _as_int(response.get("choice"))
    return ONE if choice is not None and choice in key.correct_ids else ZERO


def score_true_false(key: AnswerKey, response: dict) -> Decimal:
    value = response.get("value")
    if isinstance(value, str):
        value = {"true": True, "false": False}.get(value.lower())
    if value is None or key.answer_true is None:
        return ZERO
    return ONE if bool(value) == key.answer_true else ZERO


def score_multiple(key: AnswerKey, response: dict) -> Decimal:
    """All or nothing; with partial credit, (right ticks - wrong ticks) / right options, min 0."""
    chosen = {c for c in (_as_int(v) for v in response.get("choices") or []) if c is not None}
    chosen &= set(key.choice_ids)
    if not key.correct_ids:
        return ONE if not chosen else ZERO
    if not key.partial_credit:
        return ONE if chosen == key.correct_ids else ZERO
    right = len(chosen & key.correct_ids)
    wrong = len(chosen - key.correct_ids)
    return max(ZERO, Decimal(right - wrong) / Decimal(len(key.correct_ids)))


def score_matching(key: AnswerKey, response: dict) -> Decimal:
    """Share of pairs matched (partial credit) or all pairs right (all or nothing)."""
    if not key.choice_ids:
        return ZERO
    pairs = response.get("pairs") or {}
    right = sum(1 for left in key.choice_ids if _as_int(pairs.get(str(left))) == left)
    if key.partial_credit:
        return Decimal(right) / Decimal(len(key.choice_ids))
    return ONE if right == len(key.choice_ids) else ZERO


def score_short(key: AnswerKey, response: dict) -> Decimal:
    """Right when the text has the same Lao matching key (case folded) as an accepted answer."""
    given = lao_matching_key(str(response.get("text") or ""))
    if not given:
        return ZERO
    return ONE if given in {lao_matching_key(a) for a in key.accepted} else ZERO


SCORERS = {
    "single": score_single,
    "true_false": score_true_false,
    "multiple": score_multiple,
    "matching": score_matching,
    "short": score_short,
}


def score_response(key: AnswerKey, response: dict | None) -> Decimal:
    """Credit (0..1, four decimals) a response earns; an empty or malformed one earns 0."""
    if not isinstance(response, dict) or not response:
        return ZERO
    credit = SCORERS[key.kind](key, response)
    return credit.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def percent(earned: Decimal, possible: int) -> Decimal:
    """Percentage of the possible points, two decimals; 0 when nothing was possible."""
    if not possible:
        return ZERO
    return (Decimal(earned) * 100 / Decimal(possible)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def score_responses(
    keys: dict[int, AnswerKey], responses: dict[int, dict]
) -> tuple[dict[int, Decimal], Decimal]:
    """Credit per question id and the percent score over every question of ``keys``;
    a question without a response earns nothing but still counts."""
    credits = {
        question_id: score_response(key, responses.get(question_id))
        for question_id, key in keys.items()
    }
    return credits, percent(sum(credits.values(), ZERO), len(keys))
