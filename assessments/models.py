"""Question bank, quizzes and attempts.

A question holds both languages on the same record, so the Lao and English versions
share one scoring key and one set of statistics. A quiz lists fixed questions and
random draws per tag (each optionally limited to parallel form A or B); an attempt
freezes the questions it drew and its shuffle seed, and its answers are scored on the
server only (assessments.scoring).
"""

import random
import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, PreviewableMixin
from wagtail.search import index

from assessments.passing import pass_mark_for
from assessments.scoring import AnswerKey
from lms.i18n import TranslatedField, active_language

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class TagKind(models.TextChoices):
    TOPIC = "topic", _("Topic")
    OBJECTIVE = "objective", _("Learning objective")
    SECTOR = "sector", _("Sector")


class Tag(models.Model):
    """A topic, learning objective or sector a question is about; random draws pick by tag."""

    kind = models.CharField(_("kind"), max_length=12, choices=TagKind.choices)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_lo = models.CharField(_("name (Lao)"), max_length=200)

    name = TranslatedField("name_lo", "name_en")

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("question tag")
        verbose_name_plural = _("question tags")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name}"


class Vignette(index.Indexed, models.Model):
    """A case scenario shown once above the several questions that refer to it."""

    title_en = models.CharField(_("title (English)"), max_length=200)
    title_lo = models.CharField(_("title (Lao)"), max_length=200)
    text_en = models.TextField(_("scenario (English)"))
    text_lo = models.TextField(_("scenario (Lao)"))

    title = TranslatedField("title_lo", "title_en")
    text = TranslatedField("text_lo", "text_en")

    panels = [
        FieldRowPanel([FieldPanel("title_lo"), FieldPanel("title_en")]),
        FieldPanel("text_lo"),
        FieldPanel("text_en"),
    ]
    search_fields = [index.SearchField("title_en"), index.SearchField("title_lo")]

    class Meta:
        ordering = ["title_en"]
        verbose_name = _("case vignette")
        verbose_name_plural = _("case vignettes")

    def __str__(self):
        return self.title


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")
    MATCHING = "matching", _("Matching pairs")
    SHORT = "short", _("Short answer")


def correct_choice_error(kind: str, correct: int) -> str | None:
    """What is wrong with how many choices are marked correct, or None: a single-choice
    question has exactly one, a multiple-choice question at least one. The admin form and
    the question import both ask here."""
    if kind == QuestionType.SINGLE and correct != 1:
        return _("A single-choice question needs exactly one correct choice.")
    if kind == QuestionType.MULTIPLE and correct == 0:
        return _("A multiple-choice question needs at least one correct choice.")
    return None


class Difficulty(models.IntegerChoices):
    EASY = 1, _("Easy")
    MEDIUM = 2, _("Medium")
    HARD = 3, _("Hard")


class QuestionQuerySet(models.QuerySet):
    def complete(self):
        """Questions whose stem is filled in in both languages."""
        return self.exclude(stem_en="").exclude(stem_lo="")


class Question(PreviewableMixin, index.Indexed, ClusterableModel):
    """One item of the bank, in Lao and English."""

    kind = models.CharField(_("type"), max_length=12, choices=QuestionType.choices)
    stem_en = models.TextField(_("question (English)"), blank=True)
    stem_lo = models.TextField(_("question (Lao)"), blank=True)
    feedback_en = models.TextField(
        _("feedback (English)"), blank=True, help_text=_("Shown after submission if allowed.")
    )
    feedback_lo = models.TextField(_("feedback (Lao)"), blank=True)
    vignette = models.ForeignKey(
        Vignette,
        verbose_name=_("case vignette"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="questions")
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    partial_credit = models.BooleanField(
        _("partial credit"),
        default=False,
        help_text=_(
            "Multiple choice and matching: give credit for each right part "
            "instead of all or nothing."
        ),
    )
    # True/false questions only: the right answer.
    answer_true = models.BooleanField(_("the statement is true"), null=True, blank=True)
    accepted_answers = models.TextField(
        _("accepted answers"),
        blank=True,
        help_text=_(
            "Short answer only: one accepted answer per line, in either language. "
            "Compared ignoring case and Lao spelling variants."
        ),
    )
    # Who wrote it: a trainer may delete their own question while no attempt has used it.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    stem = TranslatedField("stem_lo", "stem_en")
    feedback = TranslatedField("feedback_lo", "feedback_en")

    objects = QuestionQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("difficulty")]),
        FieldPanel("vignette"),
        FieldPanel("stem_lo"),
        FieldPanel("stem_en"),
        InlinePanel("choices", heading=_("Choices"), label=_("choice")),
        MultiFieldPanel(
            [
                FieldPanel("partial_credit"),
                FieldPanel("answer_true"),
                FieldPanel("accepted_answers"),
            ],
            heading=_("Scoring"),
        ),
        FieldPanel("feedback_lo"),
        FieldPanel("feedback_en"),
        FieldPanel("tags"),
    ]
    search_fields = [
        index.SearchField("stem_en"),
        index.SearchField("stem_lo"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return (self.stem or "")[:80]

    @property
    def is_complete(self) -> bool:
        """Both languages filled in for the stem and every choice."""
        if not (self.stem_en.strip() and self.stem_lo.strip()):
            return False
        for choice in self.choices.all():
            if not (choice.text_en.strip() and choice.text_lo.strip()):
                return False
            if self.kind == QuestionType.MATCHING and not (
                choice.match_en.strip() and choice.match_lo.strip()
            ):
                return False
        return True

    def clean(self):
        if self.kind == QuestionType.TRUE_FALSE and self.answer_true is None:
            raise ValidationError({"answer_true": _("Say whether the statement is true.")})
        if self.kind == QuestionType.SHORT and not self.accepted_answers.strip():
            raise ValidationError({"accepted_answers": _("Give at least one accepted answer.")})

    def used_by_attempts(self) -> bool:
        """Whether any attempt answered or was shown this question (an attempt stores the ids
        it drew; read as a list because SQLite cannot search inside JSON)."""
        if self.answers.exists():
            return True
        drawn = Attempt.objects.values_list("question_ids", flat=True)
        return any(self.pk in (ids or ()) for ids in drawn.iterator(chunk_size=2000))

    def answer_key(self) -> AnswerKey:
        """The scoring key, built from the stored choices."""
        choices = list(self.choices.all())
        return AnswerKey(
            kind=self.kind,
            choice_ids=tuple(c.pk for c in choices),
            correct_ids=frozenset(c.pk for c in choices if c.is_correct),
            partial_credit=self.partial_credit,
            answer_true=self.answer_true,
            accepted=tuple(a.strip() for a in self.accepted_answers.splitlines() if a.strip()),
        )

    def correct_answer_text(self) -> str:
        """The right answer in the active language, for the review page and the paper key."""
        if self.kind == QuestionType.TRUE_FALSE:
            return str(_("True") if self.answer_true else _("False"))
        if self.kind == QuestionType.SHORT:
            return " / ".join(self.answer_key().accepted)
        if self.kind == QuestionType.MATCHING:
            return "; ".join(f"{c.text} → {c.match}" for c in self.choices.all())
        return "; ".join(c.text for c in self.choices.all() if c.is_correct)

    # Wagtail preview: one mode per language, so an editor checks both versions.
    @property
    def preview_modes(self):
        return [("lo", _("Lao")), ("en", _("English"))]

    def get_preview_template(self, request, mode_name):
        return "assessments/question_preview.html"

    def get_preview_context(self, request, mode_name):
        from django.utils import translation

        context = super().get_preview_context(request, mode_name)
        translation.activate(mode_name or "lo")
        context["question"] = self
        context["language"] = active_language()
        return context


class Choice(Orderable):
    """An option of a choice question, or one pair (text on the left, match on the right)."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text_en = models.CharField(_("text (English)"), max_length=500, blank=True)
    text_lo = models.CharField(_("text (Lao)"), max_length=500, blank=True)
    is_correct = models.BooleanField(_("correct"), default=False)
    match_en = models.CharField(
        _("matching item (English)"), max_length=500, blank=True, help_text=_("Matching only.")
    )
    match_lo = models.CharField(_("matching item (Lao)"), max_length=500, blank=True)
    feedback_en = models.CharField(_("feedback (English)"), max_length=500, blank=True)
    feedback_lo = models.CharField(_("feedback (Lao)"), max_length=500, blank=True)

    text = TranslatedField("text_lo", "text_en")
    match = TranslatedField("match_lo", "match_en")
    feedback = TranslatedField("feedback_lo", "feedback_en")

    panels = [
        FieldRowPanel([FieldPanel("text_lo"), FieldPanel("text_en"), FieldPanel("is_correct")]),
        FieldRowPanel([FieldPanel("match_lo"), FieldPanel("match_en")]),
        FieldRowPanel([FieldPanel("feedback_lo"), FieldPanel("feedback_en")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return self.text


class QuizPurpose(models.TextChoices):
    PRE = "pre", _("Pre-test")
    POST = "post", _("Post-test")
    PRACTICE = "practice", _("Practice")
    CHECK = "check", _("Knowledge check")


class ReviewPolicy(models.TextChoices):
    """What the review of a submitted attempt shows, and when (as Moodle's review options).

    The first three keep their old meaning (shown at once, or never for "score"); the
    others show the score at once and the correct answers and feedback only once the
    condition holds, counted per quiz and context (assessments.attempts.review_shows_answers).
    """

    SCORE = "score", _("Score only")
    ANSWERS = "answers", _("Score and correct answers")
    FEEDBACK = "feedback", _("Score, correct answers and feedback")
    AFTER_LAST = "after_last", _("Score; correct answers and feedback after the last attempt")
    AFTER_PASS = "after_pass", _("Score; correct answers and feedback after passing")
    LAST_OR_PASS = (
        "last_or_pass",
        _("Score; correct answers and feedback after the last attempt or after passing"),
    )

    @classmethod
    def default_for(cls, purpose) -> str:
        """A post-test keeps its answers until the last attempt or a pass; others show them."""
        return cls.LAST_OR_PASS if purpose == QuizPurpose.POST else cls.FEEDBACK


class QuizForm(models.TextChoices):
    A = "A", _("Form A")
    B = "B", _("Form B")


class QuizAdminForm(WagtailAdminModelForm):
    """Refuses to publish a quiz while a question it uses lacks a language."""

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("live"):
            return cleaned
        incomplete = []
        for name in ("quiz_questions", "draws"):
            formset = self.formsets.get(name)
            if formset is None or not formset.is_valid():
                continue
            for form in formset.forms:
                data = form.cleaned_data
                if not data or data.get("DELETE"):
                    continue
                if name == "quiz_questions" and data.get("question"):
                    incomplete.extend(q for q in [data["question"]] if not q.is_complete)
                elif name == "draws" and data.get("tag"):
                    pool = data["tag"].questions.prefetch_related("choices")
                    incomplete.extend(q for q in pool if not q.is_complete)
        if incomplete:
            self.add_error(
                "live",
                _("Fill in both languages of these questions before publishing: %(list)s")
                % {"list": "; ".join(str(q.pk) + ". " + str(q) for q in incomplete[:10])},
            )
        return cleaned


class QuizQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live=True)


class Quiz(PreviewableMixin, index.Indexed, ClusterableModel):
    """A test built from the question bank: fixed questions and random draws per tag."""

    title_en = models.CharField(_("title (English)"), max_length=200)
    title_lo = models.CharField(_("title (Lao)"), max_length=200)
    introduction_en = models.TextField(_("introduction (English)"), blank=True)
    introduction_lo = models.TextField(_("introduction (Lao)"), blank=True)
    purpose = models.CharField(_("purpose"), max_length=10, choices=QuizPurpose.choices)
    pass_mark = models.DecimalField(
        _("pass mark (%)"), max_digits=5, decimal_places=2, default=Decimal(70), validators=PERCENT
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=1, help_text=_("0 means no limit.")
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=True)
    parallel_forms = models.BooleanField(
        _("parallel forms A and B"),
        default=False,
        help_text=_(
            "Half of a group takes form A first and form B after; questions marked for "
            "one form are only drawn for it."
        ),
    )
    # Empty until saved: Quiz.save fills in the purpose's default (ReviewPolicy.default_for).
    review_policy = models.CharField(
        _("after submission show"),
        max_length=16,
        choices=ReviewPolicy.choices,
        blank=True,
        help_text=_(
            "Leave empty for the default: a post-test shows the correct answers after the "
            "last attempt or after passing; other quizzes show them at once."
        ),
    )
    live = models.BooleanField(
        _("published"),
        default=False,
        help_text=_(
            "Learners can take only published quizzes; every question needs both languages."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    title = TranslatedField("title_lo", "title_en")
    introduction = TranslatedField("introduction_lo", "introduction_en")

    objects = QuizQuerySet.as_manager()
    base_form_class = QuizAdminForm

    panels = [
        FieldRowPanel([FieldPanel("title_lo"), FieldPanel("title_en")]),
        FieldPanel("introduction_lo"),
        FieldPanel("introduction_en"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("purpose"), FieldPanel("pass_mark")]),
                FieldRowPanel([FieldPanel("attempts_allowed"), FieldPanel("time_limit_minutes")]),
                FieldRowPanel(
                    [
                        FieldPanel("shuffle_questions"),
                        FieldPanel("shuffle_choices"),
                        FieldPanel("parallel_forms"),
                    ]
                ),
                FieldPanel("review_policy"),
            ],
            heading=_("Settings"),
        ),
        InlinePanel("quiz_questions", heading=_("Fixed questions"), label=_("question")),
        InlinePanel("draws", heading=_("Random draws"), label=_("draw")),
        FieldPanel("live"),
    ]
    search_fields = [index.SearchField("title_en"), index.SearchField("title_lo")]

    class Meta:
        ordering = ["title_en"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.review_policy:
            self.review_policy = ReviewPolicy.default_for(self.purpose)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "review_policy"}
        super().save(*args, **kwargs)

    @property
    def preview_modes(self):
        return [("lo", _("Lao")), ("en", _("English"))]

    def get_preview_template(self, request, mode_name):
        return "assessments/quiz_preview.html"

    def get_preview_context(self, request, mode_name):
        from django.utils import translation

        translation.activate(mode_name or "lo")
        context = super().get_preview_context(request, mode_name)
        context["quiz"] = self
        context["questions"] = draw_questions(self, form=QuizForm.A, seed=0)
        return context


def draw_questions(quiz: "Quiz", form: str, seed: int, avoid=frozenset()) -> list[Question]:
    """The questions an attempt on ``form`` shows: fixed ones, then random draws per tag.

    A random draw takes questions not in ``avoid`` (those the person was shown in earlier
    attempts) first and tops up from the rest only where the bank runs short, so a retake
    asks other questions where the bank allows; fixed questions always stay.
    Questions of the same case vignette stay together, so the scenario is shown once.
    """
    rng = random.Random(seed)
    chosen: list[Question] = [
        qq.question
        for qq in quiz.quiz_questions.select_related("question__vignette")
        if not qq.form or qq.form == form
    ]
    taken = {q.pk for q in chosen}
    for draw in quiz.draws.select_related("tag"):
        if draw.form and draw.form != form:
            continue
        pool = [
            q
            for q in Question.objects.complete()
            .filter(tags=draw.tag)
            .select_related("vignette")
            .order_by("pk")
            if q.pk not in taken
        ]
        fresh = [q for q in pool if q.pk not in avoid]
        seen = [q for q in pool if q.pk in avoid]
        picked = rng.sample(fresh, min(draw.count, len(fresh)))
        picked += rng.sample(seen, min(draw.count - len(picked), len(seen)))
        chosen.extend(picked)
        taken.update(q.pk for q in picked)
    if not quiz.shuffle_questions:
        return chosen
    # Shuffle groups (a vignette's questions, or a lone question), keeping each group's order.
    groups: dict[object, list[Question]] = {}
    for question in chosen:
        groups.setdefault(question.vignette_id or f"q{question.pk}", []).append(question)
    blocks = list(groups.values())
    rng.shuffle(blocks)
    return [q for block in blocks for q in block]


class QuizQuestion(Orderable):
    """A fixed question of a quiz, in the order set in the admin."""

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="quiz_questions")
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="+"
    )
    # Empty: on both forms.
    form = models.CharField(_("form"), max_length=1, choices=QuizForm.choices, blank=True)

    panels = [FieldPanel("question"), FieldPanel("form")]

    class Meta(Orderable.Meta):
        verbose_name = _("fixed question")
        verbose_name_plural = _("fixed questions")


class QuizDraw(Orderable):
    """Draw ``count`` random questions tagged ``tag`` for each attempt."""

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="draws")
    tag = models.ForeignKey(Tag, verbose_name=_("tag"), on_delete=models.PROTECT, related_name="+")
    count = models.PositiveSmallIntegerField(_("number of questions"), default=1)
    form = models.CharField(_("form"), max_length=1, choices=QuizForm.choices, blank=True)

    panels = [FieldRowPanel([FieldPanel("tag"), FieldPanel("count"), FieldPanel("form")])]

    class Meta(Orderable.Meta):
        verbose_name = _("random draw")
        verbose_name_plural = _("random draws")


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")


class AttemptSource(models.TextChoices):
    WEB = "web", _("Web")
    PAPER = "paper", _("Paper")


class AttemptQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=AttemptStatus.SUBMITTED, score_percent__isnull=False)

    def in_progress(self):
        return self.filter(status=AttemptStatus.IN_PROGRESS)


class Attempt(models.Model):
    """One person taking one quiz once, on the web or on paper."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    quiz = models.ForeignKey(
        Quiz, verbose_name=_("quiz"), on_delete=models.PROTECT, related_name="attempts"
    )
    person = models.ForeignKey(
        "lms.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="attempts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The training event or course the attempt counts for; pre and post tests pair within it.
    event = models.ForeignKey(
        "courses.TrainingEvent",
        verbose_name=_("training event"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attempts",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attempts",
    )
    form = models.CharField(_("form"), max_length=1, choices=QuizForm.choices, default=QuizForm.A)
    source = models.CharField(
        _("source"), max_length=5, choices=AttemptSource.choices, default=AttemptSource.WEB
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # Percent of the available points, 0..100; null until submitted.
    score_percent = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT
    )
    status = models.CharField(
        _("status"), max_length=12, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS
    )
    # Seeds the choice shuffle, so a reload shows the same order.
    seed = models.PositiveIntegerField(default=0)
    # Question ids in the order this attempt shows them, frozen at start.
    question_ids = models.JSONField(default=list, blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        indexes = [models.Index(fields=["quiz", "status"])]
        constraints = [
            # One open attempt per person, quiz and context: a double tap on "Start" cannot
            # open two (start_attempt catches the IntegrityError and resumes the other).
            # NULLs are distinct in a unique index, so the optional event and course are
            # compared as their ids or 0; a partial expression index, on SQLite and PostgreSQL.
            models.UniqueConstraint(
                F("quiz"),
                F("person"),
                Coalesce(F("event"), Value(0), output_field=models.IntegerField()),
                Coalesce(F("course"), Value(0), output_field=models.IntegerField()),
                condition=Q(status="in_progress"),
                name="one_open_attempt_per_quiz_person_context",
                violation_error_message=_("This person already has an open attempt here."),
            )
        ]

    def __str__(self):
        return f"{self.person} · {self.quiz}"

    @property
    def is_submitted(self) -> bool:
        return self.status == AttemptStatus.SUBMITTED

    @property
    def deadline(self):
        if not self.quiz.time_limit_minutes:
            return None
        return self.started_at + timedelta(minutes=self.quiz.time_limit_minutes)

    @property
    def is_overdue(self) -> bool:
        return self.deadline is not None and timezone.now() > self.deadline

    @property
    def pass_mark(self) -> Decimal:
        """The mark of where the attempt was taken (assessments.passing)."""
        return pass_mark_for(self.quiz, self.event, self.course)

    @property
    def is_passed(self) -> bool:
        return self.score_percent is not None and self.score_percent >= self.pass_mark


class Answer(models.Model):
    """A person's response to one question of an attempt, saved as they go."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    # single/true_false: {"choice": id} or {"value": true}; multiple: {"choices": [ids]};
    # matching: {"pairs": {left_id: right_id}}; short: {"text": "..."}.
    response = models.JSONField(default=dict, blank=True)
    # Share of the question's credit earned, 0..1; null until the attempt is scored.
    score = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="one_answer_per_question")
        ]

    def __str__(self):
        return f"{self.attempt_id}/{self.question_id}"


def attempt_context_models():
    """The models of an attempt's event and course (the courses app's), reached through the
    attempt's string foreign keys: the assessments app imports nothing from courses."""
    return Attempt._meta.get_field("event").related_model, Attempt._meta.get_field(
        "course"
    ).related_model
