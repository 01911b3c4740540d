"""Results and statistics: knowledge gain on matched pre/post pairs, and item analysis.

A pair is one person's pre-test and post-test in the same training event (or, for
attempts outside events, the same course), at the tests the event (or course) chose.
The pre score is the person's first submitted pre-test there and the post score their
last submitted post-test. Gains are computed on pairs only; people with only one of the
two are counted apart.
Everything that can be is aggregated in the database.

``class_normalized_gain`` is Hake's class-average normalized gain,
(mean post - mean pre) / (100 - mean pre), over the pairs; ``mean_normalized_gain``
averages each person's g = (post - pre) / (100 - pre) over pairs whose pre score is
below 100 (g is undefined at 100%; those pairs are counted in ``pre_100``).
"""

import math
from collections import defaultdict
from decimal import Decimal

from django.db.models import (
    Avg,
    BigIntegerField,
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models import Case as CaseWhen
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _

from assessments.models import (
    Answer,
    Attempt,
    AttemptStatus,
    Question,
    QuestionType,
    QuizPurpose,
    attempt_context_models,
)
from assessments.passing import attempt_pass_mark

# Below this discrimination index an item is flagged for the trainer to review.
DISCRIMINATION_FLAG = 0.0
# A row limit no query reaches, to keep a subquery apart from the query around it.
ALL_ROWS = 2**62


def _pair_course():
    """The course half of the pair (0 for no course) for attempts outside events, else null."""
    return CaseWhen(
        When(event__isnull=True, then=Coalesce("course_id", Value(0))),
        default=None,
        output_field=BigIntegerField(),
    )


def _chosen_test(purpose: str) -> Q:
    """Attempts at the test their event chose as its pre (or post) test, or, outside events,
    their course chose; where none was chosen, and for stand-alone quizzes, any quiz of that
    purpose. The same choice as "passed the post-test" (assessments.passing)."""
    field = "pre_test" if purpose == QuizPurpose.PRE else "post_test"

    def chosen_by(context: str) -> Q:
        return Q(**{f"{context}__{field}__isnull": True}) | Q(quiz=F(f"{context}__{field}"))

    return (
        (Q(event__isnull=False) & chosen_by("event"))
        | (Q(event__isnull=True, course__isnull=False) & chosen_by("course"))
        | Q(event__isnull=True, course__isnull=True)
    )


def _submitted(attempts: QuerySet, purpose: str) -> QuerySet:
    return (
        attempts.filter(
            status=AttemptStatus.SUBMITTED, score_percent__isnull=False, quiz__purpose=purpose
        )
        .filter(_chosen_test(purpose))
        .alias(pair_course=_pair_course())
    )


def _same_pair() -> Q:
    """Attempts in the outer attempt's pair, matched on the integer columns so the person
    index applies; the outer query must alias ``pair_course`` too.
    """
    return Q(person=OuterRef("person")) & (
        Q(event=OuterRef("event")) | Q(event__isnull=True, pair_course=OuterRef("pair_course"))
    )


def _in_pair(attempts: QuerySet, purpose: str, whole_pairs: bool = False) -> QuerySet:
    """Submitted ``purpose`` attempts of ``attempts`` in the outer attempt's pair.

    The pair is matched first and membership of ``attempts`` checked row by row, so the
    database starts from the person index even when ``attempts`` is filtered by quiz
    (SQLite would otherwise scan the quiz index once per outer row). With ``whole_pairs``
    the caller vouches that ``attempts`` holds every test of each pair it touches (the
    reports select by event and person), so membership needs no check.
    """
    in_pair = _submitted(Attempt.objects.order_by(), purpose).filter(_same_pair())
    if whole_pairs:
        return in_pair
    return in_pair.filter(Exists(attempts.filter(pk=OuterRef("pk"))))


def _pair_id():
    """One integer per person and pair (event ids even, course ids odd), for counting pairs."""
    return ExpressionWrapper(
        F("person_id") * Value(2**32)
        + CaseWhen(
            When(event__isnull=False, then=F("event_id") * Value(2)),
            default=Coalesce("course_id", Value(0)) * Value(2) + Value(1),
        ),
        output_field=BigIntegerField(),
    )


def _scored_posts(attempts: QuerySet, whole_pairs: bool) -> QuerySet:
    """Each person's last post-test per event/course with ``pre_score`` (null when there is
    no pre-test), ``post_score`` and ``pass_mark_held``, the columns the gain is made of."""
    base = attempts.order_by()
    posts = _submitted(base, QuizPurpose.POST)
    later_post = _in_pair(base, QuizPurpose.POST, whole_pairs).filter(
        submitted_at__gt=OuterRef("submitted_at")
    )
    first_pre = _in_pair(base, QuizPurpose.PRE, whole_pairs).order_by("submitted_at", "pk")
    return posts.exclude(Exists(later_post)).annotate(
        pre_score=Cast(Subquery(first_pre.values("score_percent")[:1]), FloatField()),
        post_score=Cast("score_percent", FloatField()),
        pass_mark_held=Cast(attempt_pass_mark(), FloatField()),
    )


def _gain() -> ExpressionWrapper:
    return ExpressionWrapper(F("post_score") - F("pre_score"), output_field=FloatField())


def _normalized_gain() -> CaseWhen:
    """g = (post - pre) / (100 - pre), null at pre = 100."""
    return CaseWhen(
        When(
            pre_score__lt=100,
            then=(F("post_score") - F("pre_score")) / (Value(100.0) - F("pre_score")),
        ),
        default=None,
        output_field=FloatField(),
    )


def _passed() -> Q:
    return Q(post_score__gte=F("pass_mark_held"))


def paired_posts(attempts: QuerySet, whole_pairs: bool = False) -> QuerySet:
    """Each person's last post-test per event/course, annotated with ``pre_score`` (null when
    there is no pre-test), ``gain``, ``normalized_gain`` (null at pre = 100),
    ``pass_mark_held`` (not ``pass_mark``, a property of Attempt) and ``passed``.
    """
    return _scored_posts(attempts, whole_pairs).annotate(
        gain=_gain(),
        normalized_gain=_normalized_gain(),
        passed=CaseWhen(When(_passed(), then=Value(True)), default=Value(False)),
    )


def pre_only_attempts(attempts: QuerySet, whole_pairs: bool = False) -> QuerySet:
    """Submitted pre-tests of people with no post-test in the same event/course."""
    base = attempts.order_by()
    posts = _in_pair(base, QuizPurpose.POST, whole_pairs)
    return _submitted(base, QuizPurpose.PRE).exclude(Exists(posts))


def _gain_aggregates(part: Q | None = None) -> dict:
    """The sums of the gain over scored posts (of ``part``), written on ``pre_score``,
    ``post_score`` and ``pass_mark_held`` alone, so that over the post-tests as a subquery
    (``knowledge_gains``) they read the pre-test score computed once per post-test.
    """
    part = part or Q()
    paired = part & Q(pre_score__isnull=False)
    return {
        "pairs": Count("pk", filter=paired),
        "post_only": Count("pk", filter=part & Q(pre_score__isnull=True)),
        "mean_pre": Avg("pre_score", filter=paired),
        "mean_post": Avg("post_score", filter=paired),
        "mean_gain": Avg(_gain(), filter=paired),
        "mean_normalized_gain": Avg(_normalized_gain(), filter=paired),
        "improved": Count("pk", filter=paired & Q(post_score__gt=F("pre_score"))),
        "passed_count": Count("pk", filter=paired & _passed()),
        "pre_100": Count("pk", filter=paired & Q(pre_score__gte=100)),
    }


def gain_summary(row: dict, pre_only: int, post_only: int) -> dict:
    """The gain figures (keys of ``knowledge_gain``) from one row of ``_gain_aggregates``."""
    pairs = row.get("pairs") or 0
    mean_pre, mean_post = row.get("mean_pre"), row.get("mean_post")
    class_g = None
    if pairs and mean_pre is not None and mean_pre < 100:
        class_g = (mean_post - mean_pre) / (100 - mean_pre)

    def rounded(value, digits=2):
        return None if value is None else round(float(value), digits)

    return {
        "pairs": pairs,
        "pre_only": pre_only,
        "post_only": post_only,
        "mean_pre": rounded(mean_pre) if pairs else None,
        "mean_post": rounded(mean_post) if pairs else None,
        "mean_gain": rounded(row.get("mean_gain")) if pairs else None,
        "class_normalized_gain": rounded(class_g, 3),
        "mean_normalized_gain": rounded(row.get("mean_normalized_gain"), 3) if pairs else None,
        "share_improved": rounded(row["improved"] / pairs, 4) if pairs else None,
        "share_passed": rounded(row["passed_count"] / pairs, 4) if pairs else None,
        "pre_100": row.get("pre_100") or 0,
    }


def knowledge_gains(
    attempts: QuerySet, parts: dict[str, Q], whole_pairs: bool = False
) -> dict[str, dict]:
    """``knowledge_gain`` of each part of ``attempts`` (a condition on the attempt rows, the
    post-test's deciding a pair's part; ``Q()`` for all), in two statements for all the
    parts: one over the post-tests, one over the pre-tests without a post-test.
    """
    # Each part's condition is computed once per row, as a column the sums filter on.
    flags = {
        f"in_part_{index}": ExpressionWrapper(condition, output_field=BooleanField())
        for index, condition in enumerate(parts.values())
        if condition
    }
    conditions = {
        name: Q(**{f"in_part_{index}": True}) if condition else Q()
        for index, (name, condition) in enumerate(parts.items())
    }
    sums = {
        f"{key}__{name}": aggregate
        for name, condition in conditions.items()
        for key, aggregate in _gain_aggregates(condition).items()
    }
    # The sums read the columns of the post-tests as a subquery. The limit keeps SQLite and
    # PostgreSQL from merging it into the sums, which would copy the pre-test lookup into
    # every sum that reads pre_score: with it, one lookup per post-test for all the parts.
    posts = _scored_posts(attempts, whole_pairs).annotate(**flags)[:ALL_ROWS].aggregate(**sums)
    pre_only = (
        pre_only_attempts(attempts, whole_pairs)
        .annotate(**flags)
        .aggregate(
            **{
                name: Count(_pair_id(), distinct=True, filter=condition or None)
                for name, condition in conditions.items()
            }
        )
    )
    result = {}
    for name in parts:
        row = {key: posts[f"{key}__{name}"] for key in _gain_aggregates()}
        result[name] = gain_summary(row, pre_only[name], row["post_only"])
    return result


def knowledge_gain(attempts: QuerySet, whole_pairs: bool = False) -> dict:
    """Matched-pair gain statistics over a queryset of attempts (see the module docstring)."""
    return knowledge_gains(attempts, {"all": Q()}, whole_pairs)["all"]


def _group_value(field: str):
    """An expression for ``field`` on an attempt; ``participation__<f>`` reads the person's
    snapshot at the attempt's event (their sector or province as they were then).
    """
    if field.startswith("participation__"):
        # The courses app's Participation, reached through the attempt's event.
        event_model, _course_model = attempt_context_models()
        Participation = event_model._meta.get_field("participations").related_model
        snapshot = Participation.objects.filter(
            event=OuterRef("event"), person=OuterRef("person")
        ).values(field.removeprefix("participation__"))[:1]
        return Subquery(snapshot)
    return F(field)


def knowledge_gain_by(attempts: QuerySet, field: str, whole_pairs: bool = False) -> dict:
    """``knowledge_gain`` per value of ``field`` (e.g. "event__province", "person__sex",
    "participation__sector"); the value of the post-test attempt decides a pair's group.
    """
    value = _group_value(field)
    rows = {
        r["group"]: r
        for r in _scored_posts(attempts, whole_pairs)
        .annotate(group=value)
        .values("group")
        .annotate(**_gain_aggregates())
        .order_by()
    }
    pre_only = dict(
        pre_only_attempts(attempts, whole_pairs)
        .annotate(group=value)
        .values("group")
        .annotate(n=Count(_pair_id(), distinct=True))
        .order_by()
        .values_list("group", "n")
    )
    empty = dict.fromkeys(("pairs", "post_only", "improved", "passed_count", "pre_100"), 0)
    return {
        group: gain_summary(
            rows.get(group, empty), pre_only.get(group, 0), rows.get(group, empty)["post_only"]
        )
        for group in set(rows) | set(pre_only)
    }


# Item analysis ------------------------------------------------------------------------


def _pearson(n, sx, sy, sxy, sxx, syy) -> float | None:
    if n < 2:
        return None
    cov = n * sxy - sx * sy
    var = (n * sxx - sx * sx) * (n * syy - sy * sy)
    if var <= 0:
        return None
    return cov / math.sqrt(var)


def item_statistics(rows) -> dict[int, dict]:
    """Item statistics from answer rows ``(attempt_id, question_id, credit)``.

    Per question: ``n``, ``facility`` (mean credit, 0..1), ``discrimination`` (Pearson
    correlation of the item's credit with the rest of the attempt's score; None when either
    does not vary) and ``flagged`` (discrimination below zero). Two passes over the rows.
    """
    totals: dict[int, float] = defaultdict(float)
    for attempt_id, _question, credit in rows:
        totals[attempt_id] += credit or 0
    sums: dict[int, list[float]] = defaultdict(lambda: [0, 0.0, 0.0, 0.0, 0.0, 0.0])
    for attempt_id, question_id, credit in rows:
        x = float(credit or 0)
        y = totals[attempt_id] - x
        s = sums[question_id]
        s[0] += 1
        s[1] += x
        s[2] += y
        s[3] += x * y
        s[4] += x * x
        s[5] += y * y
    result = {}
    for question_id, (n, sx, sy, sxy, sxx, syy) in sums.items():
        disc = _pearson(n, sx, sy, sxy, sxx, syy)
        result[question_id] = {
            "n": n,
            "facility": round(sx / n, 4),
            "discrimination": None if disc is None else round(disc, 4),
            "flagged": disc is not None and disc < DISCRIMINATION_FLAG,
        }
    return result


def _submitted_answers(answers: QuerySet) -> QuerySet:
    return answers.filter(attempt__status=AttemptStatus.SUBMITTED)


def distractor_counts(answers: QuerySet) -> dict[int, dict]:
    """How often each choice id (or "true"/"false") was picked, per question.

    Single-choice and true/false picks are counted in the database; multiple-choice
    answers hold a list, so those (fewer) rows are counted here.
    """
    counts: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    submitted = _submitted_answers(answers)
    for row in (
        submitted.filter(question__kind=QuestionType.SINGLE)
        .values("question_id", "response__choice")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if row["response__choice"] is not None:
            counts[row["question_id"]][int(row["response__choice"])] += row["n"]
    for row in (
        submitted.filter(question__kind=QuestionType.TRUE_FALSE)
        .values("question_id", "response__value")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if row["response__value"] is not None:
            counts[row["question_id"]]["true" if row["response__value"] else "false"] += row["n"]
    multiple = submitted.filter(question__kind=QuestionType.MULTIPLE)
    for question_id, response in multiple.values_list("question_id", "response"):
        for choice in (response or {}).get("choices") or []:
            counts[question_id][int(choice)] += 1
    return counts


def item_analysis(quiz, attempts: QuerySet | None = None) -> list[dict]:
    """Per question of ``quiz`` (every question its attempts drew): statistics over this quiz's
    submitted attempts, and the same over every pre-test and every post-test using the question.
    Only the answers of ``attempts`` (all when None) are read: a trainer's own groups.
    """
    scope = Answer.objects.all()
    if attempts is not None:
        scope = scope.filter(attempt__in=attempts.order_by().values("pk"))
    answers = scope.filter(attempt__quiz=quiz)
    question_ids = set(answers.values_list("question_id", flat=True).distinct())
    questions = Question.objects.filter(pk__in=question_ids).prefetch_related("choices")
    # One read of the answer rows, split here into this quiz, pre-tests and post-tests.
    rows = (
        _submitted_answers(scope.filter(question_id__in=question_ids))
        .filter(
            Q(attempt__quiz=quiz)
            | Q(attempt__quiz__purpose__in=[QuizPurpose.PRE, QuizPurpose.POST])
        )
        .annotate(credit=Cast(Coalesce("score", Value(Decimal(0))), FloatField()))
        .values_list(
            "attempt_id", "question_id", "credit", "attempt__quiz_id", "attempt__quiz__purpose"
        )
    )
    parts = {"quiz": [], QuizPurpose.PRE: [], QuizPurpose.POST: []}
    for attempt_id, question_id, credit, quiz_id, purpose in rows.iterator(chunk_size=20000):
        row = (attempt_id, question_id, credit)
        if quiz_id == quiz.pk:
            parts["quiz"].append(row)
        if purpose in parts:
            parts[purpose].append(row)
    overall = item_statistics(parts["quiz"])
    split = {
        purpose: item_statistics(parts[purpose]) for purpose in (QuizPurpose.PRE, QuizPurpose.POST)
    }
    distractors = distractor_counts(answers)
    report = []
    for question in questions:
        stats = overall.get(question.pk, {"n": 0})
        picked = distractors.get(question.pk, {})
        choices = []
        if question.kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            choices = [(c, picked.get(c.pk, 0), c.is_correct) for c in question.choices.all()]
        elif question.kind == QuestionType.TRUE_FALSE:
            choices = [
                (label, picked.get(value, 0), question.answer_true == (value == "true"))
                for value, label in (("true", _("True")), ("false", _("False")))
            ]
        report.append(
            {
                "question": question,
                "n": stats["n"],
                "facility": stats.get("facility"),
                "discrimination": stats.get("discrimination"),
                "flagged": stats.get("flagged", False),
                "choices": choices,
                "pre": split[QuizPurpose.PRE].get(question.pk),
                "post": split[QuizPurpose.POST].get(question.pk),
            }
        )
    return report
