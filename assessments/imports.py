"""Spreadsheet imports (XLSX or CSV) with django-import-export: paper scores and questions.

Every import runs twice: a dry run that validates each row and shows a preview with
every error and every unmatched person, then, once confirmed, the real run inside one
transaction that commits all rows or none. Messages are in the user's language.

Scores count for a training event or a course the uploader manages (lms.access), and only
for the event's participants or the course's enrolled learners: any other person is a row
error and nothing is imported.

Score files: ``phone`` and/or ``name`` (Lao or romanised), then either ``score`` (percent)
or one column per question of the printed form, ``q1``, ``q2``... holding the letter
ticked (``A``, ``AC`` for several, ``T``/``F`` for true or false, the letters of the
right-hand items in order for matching, the text for short answers). An optional ``form``
column (A or B) overrides the form chosen on the upload page.

Question files: ``type``, ``question_lo``, ``question_en``, ``choice1_lo``,
``choice1_en``... (up to six), ``match1_lo``/``match1_en``... (matching), ``correct``,
``feedback_lo``, ``feedback_en``, ``tags`` (codes, comma separated), ``difficulty`` (1-3),
``partial_credit`` (yes/no), ``accepted_answers`` (short answer, separated by ``|``).
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property

import tablib
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources
from openpyxl.utils import get_column_letter

from assessments.attempts import eligible_people
from assessments.models import (
    Answer,
    Attempt,
    AttemptSource,
    AttemptStatus,
    Choice,
    Difficulty,
    Question,
    QuestionType,
    Quiz,
    QuizForm,
    Tag,
    attempt_context_models,
)
from assessments.paper import LETTERS, paper_choices, paper_questions, paper_targets
from assessments.scoring import score_responses
from lms import access, spreadsheets
from lms.lao import choice_letters, lao_matching_key, to_ascii_digits
from lms.models import Person
from lms.people.matching import Probe, Reason, find_candidates, match_people
from lms.spreadsheets import Formula, SpreadsheetError, cell_text
from lms.uploads import UploadError, store_upload, take_upload

MAX_ROWS = spreadsheets.MAX_ROWS
MAX_CHOICES = 6


class ImportFileError(Exception):
    """The file as a whole cannot be imported (type, emptiness, columns)."""


def read_spreadsheet(source, filename: str | None = None, *, column_name=None) -> tablib.Dataset:
    """A dataset with lower-cased headers from an .xlsx or .csv file (an upload or bytes).

    The file is read by lms.spreadsheets (its limits, its formula and escaping rules, the
    first visible sheet); the first row names the columns and empty rows are left out.
    ``column_name`` gives each header's column name (``IGNORED`` leaves it out).
    """
    name = filename if filename is not None else getattr(source, "name", "") or ""
    try:
        rows = spreadsheets.read_rows(source, name, max_rows=MAX_ROWS)
    except SpreadsheetError as error:
        raise ImportFileError(str(error)) from None
    headers = [cell_text(value).lower() for value in (rows[0] if rows else [])]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise ImportFileError(_("The file is empty."))
    if column_name is not None:
        headers = [column_name(header) for header in headers]
    body = []
    for number, row in enumerate(rows[1:], start=2):
        values = [cell_text(value) for value in row]
        if not any(values):
            continue
        for column, value in enumerate(row, start=1):
            if isinstance(value, Formula):
                raise ImportFileError(
                    _("Cell %(cell)s holds a formula (%(formula)s); type the value instead.")
                    % {"cell": f"{get_column_letter(column)}{number}", "formula": value[:40]}
                )
        if any(values[len(headers) :]):
            raise ImportFileError(
                _("Row %(row)s has values in a column without a name.") % {"row": number}
            )
        values = values[: len(headers)]
        values += [""] * (len(headers) - len(values))
        body.append(
            [value for value, header in zip(values, headers, strict=True) if header != IGNORED]
        )
    if not body:
        raise ImportFileError(_("The file has no rows below the column names."))
    return tablib.Dataset(*body, headers=[header for header in headers if header != IGNORED])


def _number(text: str) -> Decimal:
    """A number as typed (Lao digits, a decimal comma, a % sign); InvalidOperation for
    anything else, "NaN" and "Infinity" included."""
    text = to_ascii_digits(text).replace(",", ".").replace("%", "").strip()
    number = Decimal(text)
    if not number.is_finite():
        raise InvalidOperation(text)
    return number


# Scores --------------------------------------------------------------------------------

# A header that is read past: a person's details the score import does not need.
IGNORED = "\x00ignored"
# Score file columns -> spellings (compared through lao_matching_key); a person's columns
# are read with the sign-in sheets' spellings (lms.spreadsheets.PERSON_HEADERS).
SCORE_HEADERS = {
    "score": ["score", "score (%)", "%", "ຄະແນນ", "ຄະແນນ (%)", "ຄະແນນລວມ", "ຄະແນນທີ່ໄດ້"],
    "form": ["form", "ແບບ", "ຊຸດ", "ແບບທົດສອບ", "ຊຸດທີ"],
}
_SCORE_KEYS = spreadsheets.header_keys(SCORE_HEADERS)
_PERSON_KEYS = spreadsheets.header_keys(spreadsheets.PERSON_HEADERS)
# "q1", "ຂໍ້ 1", "ຂໍ້ທີ ໑", "question 1", "ຄຳຖາມ 1".
_QUESTION_WORDS = "|".join(
    re.escape(lao_matching_key(word)) for word in ("ຂໍ້ທີ", "ຂໍ້", "ຄຳຖາມທີ", "ຄຳຖາມ", "question", "q")
)
_QUESTION_HEADER = re.compile(rf"^(?:{_QUESTION_WORDS})\s*\.?\s*(\d+)$")


def score_column(header: str) -> str:
    """The score file's name for a header: phone, name, score, form, q1, q2..., the
    header itself when unknown, ``IGNORED`` for a person's other details."""
    key = lao_matching_key(header)
    question = _QUESTION_HEADER.match(key)
    if question:
        return f"q{int(question.group(1))}"
    if key in _SCORE_KEYS:
        return _SCORE_KEYS[key]
    column = spreadsheets.header_column(header, _PERSON_KEYS)
    if column == "phone":
        return "phone"
    if column in ("name_lo", "name_latin"):
        return "name"
    if column is not None:
        return IGNORED
    return header


@dataclass
class ParsedScoreRow:
    person: Person | None = None
    form: str = QuizForm.A
    score: Decimal | None = None
    responses: dict[int, dict] = field(default_factory=dict)
    credits: dict[int, Decimal] = field(default_factory=dict)
    question_ids: list[int] = field(default_factory=list)


def _row_probe(phone: str, name: str) -> Probe:
    return Probe(name_lo=name, name_latin=name, phone=phone)


# Score rows matched to the registry per query: each probe is compared in Python with every
# person the batch's query finds, so a batch costs its size squared.
MATCH_BATCH = 100


def match_score_rows(rows: list[tuple[str, str]]) -> dict[tuple[str, str], list]:
    """The matcher's candidates (lms.people.matching.match_people) for each (phone, name)
    of a score file, a few queries for the whole file."""
    wanted = list(dict.fromkeys(row for row in rows if any(row)))
    candidates = {}
    for start in range(0, len(wanted), MATCH_BATCH):
        batch = wanted[start : start + MATCH_BATCH]
        found = match_people([_row_probe(*row) for row in batch], Person.objects.all())
        candidates.update(zip(batch, found, strict=True))
    return candidates


def find_person(phone: str, name: str, candidates: list | None = None) -> Person:
    """The registry person a score row names (lms.people.matching): the one person with
    this phone (among several sharing it, the one whose name agrees), else the one person
    with this name (Lao or romanised); ValidationError if there is none or several.

    ``candidates``: the matcher's candidates for this row when already found
    (match_score_rows)."""
    if not phone and not name:
        raise ValidationError(_("Give a phone number or a name."))
    if candidates is None:
        candidates = find_candidates(_row_probe(phone, name), Person.objects.all())
    by_phone = [candidate for candidate in candidates if candidate.same_phone]
    if len(by_phone) == 1:
        return by_phone[0].person
    named_by_phone = [candidate for candidate in by_phone if candidate.same_name]
    if name and len(named_by_phone) == 1:
        return named_by_phone[0].person
    if not name:
        raise ValidationError(
            _("No person in the registry has the phone number %(phone)s.") % {"phone": phone}
        )
    by_name = [candidate for candidate in candidates if candidate.has(Reason.NAME)]
    if not by_name:
        raise ValidationError(_("No person in the registry is called “%(name)s”.") % {"name": name})
    if len(by_name) > 1:
        raise ValidationError(
            _("Several people are called “%(name)s”: add their phone number.") % {"name": name}
        )
    return by_name[0].person


# What may be ticked or written for true or false, by its matching key upper-cased.
_TRUE_FALSE = {
    lao_matching_key(typed).upper(): meaning
    for typed, meaning in {
        "T": True,
        "TRUE": True,
        "ຖືກ": True,
        "ຖ": True,
        "F": False,
        "FALSE": False,
        "ຜິດ": False,
        "ຜ": False,
    }.items()
}


def parse_paper_answer(question: Question, text: str, form: str) -> dict:
    """The stored response for what was ticked on paper form ``form`` (its letters name the
    choices in that form's printed order); ValueError if it cannot be read."""
    text = text.strip()
    choices = list(question.choices.all())
    letters = re.sub(r"[\s,;.()]+", "", text.upper())
    if question.kind == QuestionType.SHORT:
        return {"text": text}
    if question.kind == QuestionType.TRUE_FALSE:
        letters = lao_matching_key(letters).upper()
        if letters not in _TRUE_FALSE:
            raise ValueError(text)
        return {"value": _TRUE_FALSE[letters]}
    if question.kind == QuestionType.MATCHING:
        lettered = paper_targets(question)
    else:
        lettered = paper_choices(question, form)
    # The Lao letters ກ ຂ ຄ ງ of a form printed in Lao are A B C D.
    letters = re.sub(r"[\s,;.()]+", "", choice_letters(text))
    picked = []
    for letter in letters:
        index = LETTERS.find(letter)
        if index < 0 or index >= len(lettered):
            raise ValueError(text)
        picked.append(lettered[index].pk)
    if question.kind == QuestionType.SINGLE:
        if len(picked) != 1:
            raise ValueError(text)
        return {"choice": picked[0]}
    if question.kind == QuestionType.MULTIPLE:
        return {"choices": picked}
    # Matching: one letter per left-hand item, naming the right-hand item in printed order.
    if len(picked) != len(choices):
        raise ValueError(text)
    return {"pairs": {str(left.pk): right for left, right in zip(choices, picked, strict=True)}}


class ScoreResource(resources.ModelResource):
    """Paper attempts: one row per person, a total score or an answer per question."""

    def __init__(self, quiz: Quiz, form: str, event=None, course=None):
        super().__init__()
        self.quiz, self.default_form, self.event, self.course = quiz, form, event, course
        # Read once for the whole file: who may have a score in this event or course.
        self.eligible = set(eligible_people(event, course).values_list("pk", flat=True))
        self.parsed: dict[int, ParsedScoreRow] = {}
        self.seen_people: dict[int, int] = {}
        self._papers: dict[str, list[Question]] = {}
        self._answer_keys: dict[str, dict] = {}
        # Filled once per file by before_import: the matcher's candidates per (phone, name),
        # and this quiz's paper attempts in this event or course per person.
        self.candidates: dict[tuple[str, str], list] = {}
        self.attempts: dict[int, Attempt] = {}

    class Meta:
        model = Attempt
        fields = ("id",)
        skip_diff = True

    def paper(self, form: str) -> list[Question]:
        if form not in self._papers:
            self._papers[form] = paper_questions(self.quiz, form)
        return self._papers[form]

    def answer_keys(self, form: str) -> dict:
        """The scoring key of each question of the printed form, by question id."""
        if form not in self._answer_keys:
            self._answer_keys[form] = {q.pk: q.answer_key() for q in self.paper(form)}
        return self._answer_keys[form]

    def before_import(self, dataset, **kwargs):
        rows = [(row.get("phone", ""), row.get("name", "")) for row in dataset.dict]
        self.candidates = match_score_rows(rows)
        existing = Attempt.objects.filter(
            quiz=self.quiz, event=self.event, course=self.course, source=AttemptSource.PAPER
        )
        self.attempts = {}
        for attempt in existing:  # in the model's order, as .first() would take them
            self.attempts.setdefault(attempt.person_id, attempt)

    def before_import_row(self, row, **kwargs):
        number = kwargs["row_number"]
        errors = []
        parsed = ParsedScoreRow()
        phone, name = row.get("phone", ""), row.get("name", "")
        try:
            parsed.person = find_person(phone, name, self.candidates.get((phone, name)))
        except ValidationError as error:
            errors.extend(error.messages)
        if parsed.person is not None and parsed.person.pk not in self.eligible:
            if self.event is not None:
                message = _("%(person)s is not a participant of this training event.")
            else:
                message = _("%(person)s is not enrolled in this course.")
            errors.append(message % {"person": parsed.person})
        if parsed.person is not None:
            first = self.seen_people.setdefault(parsed.person.pk, number)
            if first != number:
                errors.append(_("This person is already on row %(row)s.") % {"row": first + 1})
        parsed.form = (row.get("form") or self.default_form).upper()
        if parsed.form not in QuizForm.values:
            errors.append(_("The form must be A or B."))
            parsed.form = self.default_form
        if "score" in row:
            try:
                parsed.score = _number(row["score"])
            except InvalidOperation:
                errors.append(_("The score “%(value)s” is not a number.") % {"value": row["score"]})
            else:
                if not Decimal(0) <= parsed.score <= Decimal(100):
                    errors.append(_("The score must be between 0 and 100."))
        else:
            questions = self.paper(parsed.form)
            parsed.question_ids = [q.pk for q in questions]
            for position, question in enumerate(questions, start=1):
                text = row.get(f"q{position}", "")
                if not text:
                    continue
                try:
                    parsed.responses[question.pk] = parse_paper_answer(question, text, parsed.form)
                except ValueError:
                    errors.append(
                        _("Question %(number)s: “%(value)s” is not an answer to this question.")
                        % {"number": position, "value": text}
                    )
            extra = [
                k
                for k in row
                if re.fullmatch(r"q\d+", k) and int(k[1:]) > len(questions) and row[k]
            ]
            if extra:
                errors.append(
                    _("Form %(form)s has only %(count)s questions.")
                    % {"form": parsed.form, "count": len(questions)}
                )
        self.parsed[number] = parsed
        if errors:
            raise ValidationError(errors)
        row["_row_number"] = number

    def get_instance(self, instance_loader, row):
        parsed = self.parsed[row["_row_number"]]
        # A person is on one row only (a second row is an error), so the attempts read
        # before the file are the ones a row may update.
        return self.attempts.get(parsed.person.pk)

    def import_instance(self, instance, row, **kwargs):
        parsed = self.parsed[row["_row_number"]]
        instance.quiz = self.quiz
        instance.person = parsed.person
        instance.event = self.event
        instance.course = self.course
        instance.form = parsed.form
        instance.source = AttemptSource.PAPER
        instance.status = AttemptStatus.SUBMITTED
        instance.submitted_at = instance.started_at = timezone.now()
        if parsed.score is not None:
            instance.score_percent = parsed.score
            instance.question_ids = []
        else:
            instance.question_ids = parsed.question_ids
            keys = self.answer_keys(parsed.form)
            parsed.credits, instance.score_percent = score_responses(keys, parsed.responses)

    def save_instance(self, instance, is_create, row, **kwargs):
        super().save_instance(instance, is_create, row, **kwargs)
        parsed = self.parsed[row["_row_number"]]
        if not is_create:
            instance.answers.all().delete()
        if parsed.score is None:
            Answer.objects.bulk_create(
                Answer(
                    attempt=instance,
                    question=q,
                    response=parsed.responses.get(q.pk, {}),
                    score=parsed.credits[q.pk],
                )
                for q in self.paper(parsed.form)
            )


# Questions -----------------------------------------------------------------------------


QUESTION_REQUIRED = ("type", "question_lo", "question_en", "correct")
QUESTION_OPTIONAL = (
    "feedback_lo",
    "feedback_en",
    "tags",
    "difficulty",
    "partial_credit",
    "accepted_answers",
) + tuple(
    f"{part}{i}_{lang}"
    for i in range(1, MAX_CHOICES + 1)
    for part in ("choice", "match")
    for lang in ("lo", "en")
)
YES = {"yes", "y", "true", "1", "ແມ່ນ"}


@dataclass
class ParsedQuestion:
    kind: str = ""
    choices: list[dict] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    answer_true: bool | None = None
    accepted: list[str] = field(default_factory=list)


class QuestionResource(resources.ModelResource):
    """Questions with both languages in columns; a row with the same stems updates it."""

    def __init__(self):
        super().__init__()
        self.parsed: dict[int, ParsedQuestion] = {}

    @cached_property
    def tags_by_code(self) -> dict[str, Tag]:
        """Every tag, read once for the whole file rather than once per row."""
        return {tag.code: tag for tag in Tag.objects.all()}

    class Meta:
        model = Question
        fields = ("id",)
        skip_diff = True

    def before_import_row(self, row, **kwargs):
        number = kwargs["row_number"]
        errors = []
        parsed = ParsedQuestion(kind=row.get("type", "").lower())
        if parsed.kind not in QuestionType.values:
            errors.append(
                _("Unknown question type “%(value)s”: use %(types)s.")
                % {"value": row.get("type", ""), "types": ", ".join(QuestionType.values)}
            )
        if not (row.get("question_lo") and row.get("question_en")):
            errors.append(_("The question needs both its Lao and English text."))
        for i in range(1, MAX_CHOICES + 1):
            lo, en = row.get(f"choice{i}_lo", ""), row.get(f"choice{i}_en", "")
            if not (lo or en):
                continue
            if not (lo and en):
                errors.append(_("Choice %(number)s needs both languages.") % {"number": i})
            choice = {"text_lo": lo, "text_en": en, "is_correct": False}
            if parsed.kind == QuestionType.MATCHING:
                choice["match_lo"], choice["match_en"] = (
                    row.get(f"match{i}_lo", ""),
                    row.get(f"match{i}_en", ""),
                )
                if not (choice["match_lo"] and choice["match_en"]):
                    errors.append(
                        _("Matching item %(number)s needs both languages.") % {"number": i}
                    )
            parsed.choices.append(choice)
        correct = re.sub(r"[\s,;]+", "", row.get("correct", "").upper())
        if parsed.kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            if len(parsed.choices) < 2:
                errors.append(_("Give at least two choices."))
            for letter in correct:
                index = LETTERS.find(letter)
                if 0 <= index < len(parsed.choices):
                    parsed.choices[index]["is_correct"] = True
                else:
                    errors.append(
                        _("The correct answer “%(value)s” is not one of the choices.")
                        % {"value": letter}
                    )
            right = sum(c["is_correct"] for c in parsed.choices)
            if parsed.kind == QuestionType.SINGLE and right != 1:
                errors.append(_("A single-choice question needs exactly one correct letter."))
            if parsed.kind == QuestionType.MULTIPLE and right == 0:
                errors.append(_("Give at least one correct letter."))
        elif parsed.kind == QuestionType.TRUE_FALSE:
            parsed.answer_true = {"T": True, "TRUE": True, "F": False, "FALSE": False}.get(correct)
            if parsed.answer_true is None:
                errors.append(_("A true-or-false question needs T or F as its correct answer."))
        elif parsed.kind == QuestionType.MATCHING and len(parsed.choices) < 2:
            errors.append(_("Give at least two pairs."))
        elif parsed.kind == QuestionType.SHORT:
            parsed.accepted = [
                a.strip() for a in row.get("accepted_answers", "").split("|") if a.strip()
            ]
            if not parsed.accepted:
                errors.append(_("Give at least one accepted answer."))
        codes = [c.strip() for c in row.get("tags", "").split(",") if c.strip()]
        for code in codes:
            if code not in self.tags_by_code:
                errors.append(_("Unknown tag “%(code)s”.") % {"code": code})
        parsed.tags = list(
            dict.fromkeys(self.tags_by_code[c] for c in codes if c in self.tags_by_code)
        )
        if row.get("difficulty") and row["difficulty"] not in {str(v) for v in Difficulty.values}:
            errors.append(_("The difficulty must be 1, 2 or 3."))
        self.parsed[number] = parsed
        if errors:
            raise ValidationError(errors)
        row["_row_number"] = number

    def get_instance(self, instance_loader, row):
        return Question.objects.filter(
            stem_lo=row["question_lo"], stem_en=row["question_en"]
        ).first()

    def import_instance(self, instance, row, **kwargs):
        parsed = self.parsed[row["_row_number"]]
        instance.kind = parsed.kind
        instance.stem_lo, instance.stem_en = row["question_lo"], row["question_en"]
        instance.feedback_lo = row.get("feedback_lo", "")
        instance.feedback_en = row.get("feedback_en", "")
        instance.difficulty = int(row.get("difficulty") or Difficulty.MEDIUM)
        instance.partial_credit = row.get("partial_credit", "").lower() in YES
        instance.answer_true = parsed.answer_true
        instance.accepted_answers = "\n".join(parsed.accepted)

    def save_instance(self, instance, is_create, row, **kwargs):
        super().save_instance(instance, is_create, row, **kwargs)
        parsed = self.parsed[row["_row_number"]]
        instance.choices.all().delete()
        for order, choice in enumerate(parsed.choices):
            Choice.objects.create(question=instance, sort_order=order, **choice)
        instance.tags.set(parsed.tags)


# Upload, preview and commit ---------------------------------------------------------------


class ScoreUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Spreadsheet (.xlsx or .csv)"), allow_empty_file=True)
    quiz = forms.ModelChoiceField(queryset=Quiz.objects.all(), label=gettext_lazy("Quiz"))
    form = forms.ChoiceField(choices=QuizForm.choices, label=gettext_lazy("Paper form"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the events and courses the uploader manages are offered, or accepted.
        self.fields["event"] = forms.ModelChoiceField(
            queryset=access.managed_events(user).order_by("-start_date"),
            required=False,
            label=gettext_lazy("Training event"),
        )
        self.fields["course"] = forms.ModelChoiceField(
            queryset=access.managed_courses(user).order_by("title"),
            required=False,
            label=gettext_lazy("Course (when not part of an event)"),
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("event") and not cleaned.get("course"):
            raise ValidationError(
                _("Choose the training event or the course these scores are for.")
            )
        return cleaned


class QuestionUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Spreadsheet (.xlsx or .csv)"), allow_empty_file=True)


@dataclass
class RowReport:
    number: int
    values: dict
    errors: list[str]
    summary: str = ""


@dataclass
class ImportOutcome:
    ok: bool
    message: str = ""
    file_errors: list[str] = field(default_factory=list)
    rows: list[RowReport] = field(default_factory=list)
    token: str = ""


class SpreadsheetImport:
    """Shared upload -> preview -> commit flow; subclasses name the resource and columns."""

    template = "assessments/import.html"
    form_class: type[forms.Form]
    kind: str
    # The column name of each header (see ``read_spreadsheet``); None: as typed.
    column_name = None

    def __init__(self, request):
        self.request = request
        data = request.POST if request.method == "POST" else None
        self.form = self.form_class(data, request.FILES or None, **self.form_kwargs())

    def form_kwargs(self) -> dict:
        return {}

    def context_errors(self, context: dict) -> list[str]:
        """Why the stored choices (event, course) may no longer be used by this user."""
        return []

    def check_columns(self, headers: list[str]) -> list[str]:
        raise NotImplementedError

    def resource(self, context: dict):
        raise NotImplementedError

    def context_from_form(self) -> dict:
        return {}

    def summary(self, resource, number: int) -> str:
        return ""

    def run(self, dataset: tablib.Dataset, context: dict, dry_run: bool):
        resource = self.resource(context)
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            use_transactions=True,
            rollback_on_validation_errors=True,
            raise_errors=False,
        )
        reports = []
        for number, (values, row_result) in enumerate(
            zip(dataset.dict, result.rows, strict=False), 1
        ):
            errors = []
            if row_result.validation_error is not None:
                errors.extend(row_result.validation_error.messages)
            for error in row_result.errors:
                errors.append(_("This row could not be saved: %(error)s") % {"error": error.error})
            reports.append(
                RowReport(
                    number + 1, values, errors, "" if errors else self.summary(resource, number)
                )
            )
        for error in result.base_errors:
            reports.append(RowReport(0, {}, [str(error.error)]))
        return result, reports

    def preview(self) -> ImportOutcome:
        if not self.form.is_valid():
            return ImportOutcome(ok=False, file_errors=[_("Check the form below.")])
        try:
            dataset = read_spreadsheet(self.form.cleaned_data["file"], column_name=self.column_name)
        except ImportFileError as error:
            return ImportOutcome(ok=False, file_errors=[str(error)])
        context = self.context_from_form()
        column_errors = self.context_errors(context)
        if column_errors:
            return ImportOutcome(ok=False, file_errors=column_errors)
        column_errors = self.check_columns(list(dataset.headers))
        if column_errors:
            return ImportOutcome(ok=False, file_errors=column_errors)
        _result, reports = self.run(dataset, context, dry_run=True)
        ok = not any(r.errors for r in reports)
        token = ""
        if ok:
            # The file itself is kept (lms.uploads), bound to this user, this kind of import
            # and the choices of the form: any server can confirm it.
            upload = self.form.cleaned_data["file"]
            upload.seek(0)
            token = store_upload(
                self.request.user, self.purpose, upload.name, upload.read(), data=context
            )
        return ImportOutcome(ok=ok, rows=reports, token=token)

    @property
    def purpose(self) -> str:
        return f"assessments-import/{self.kind}"

    def commit(self) -> ImportOutcome:
        token = self.request.POST.get("token", "")
        expired = ImportOutcome(
            ok=False, file_errors=[_("This preview has expired: upload the file again.")]
        )
        try:
            stored = take_upload(self.request.user, self.purpose, token)
        except UploadError:
            return expired
        context = stored.data or {}
        refused = self.context_errors(context)
        if refused:
            return ImportOutcome(ok=False, file_errors=refused)
        try:
            dataset = read_spreadsheet(
                stored.content, stored.filename, column_name=self.column_name
            )
        except ImportFileError:
            return expired
        # import_data rolls the whole file back when any row fails.
        result, reports = self.run(dataset, context, dry_run=False)
        failed = any(r.errors for r in reports)
        if failed:
            return ImportOutcome(
                ok=False,
                rows=reports,
                file_errors=[_("Nothing was imported: the data changed since the preview.")],
            )
        return ImportOutcome(
            ok=True,
            message=_("%(count)s rows imported.") % {"count": len(reports)},
            rows=reports,
        )


class ScoreImport(SpreadsheetImport):
    form_class = ScoreUploadForm
    kind = "scores"
    column_name = staticmethod(score_column)
    title = gettext_lazy("Import paper test results")
    columns_help = gettext_lazy(
        "Columns: phone and/or name, then either score (0 to 100) or q1, q2… with the "
        "letter ticked for each question of the printed form; optional form (A or B)."
    )

    def form_kwargs(self):
        return {"user": self.request.user}

    def context_errors(self, context):
        user = self.request.user
        if (
            context["event"]
            and not access.managed_events(user).filter(pk=context["event"]).exists()
        ):
            return [_("You do not manage this training event.")]
        if (
            context["course"]
            and not access.managed_courses(user).filter(pk=context["course"]).exists()
        ):
            return [_("You do not manage this course.")]
        if not (context["event"] or context["course"]):
            return [_("Choose the training event or the course these scores are for.")]
        return []

    def context_from_form(self) -> dict:
        data = self.form.cleaned_data
        event, course = data.get("event"), data.get("course")
        return {
            "quiz": data["quiz"].pk,
            "form": data["form"],
            "event": event.pk if event else None,
            "course": course.pk if course and not event else None,
        }

    def resource(self, context):
        TrainingEvent, CoursePage = attempt_context_models()
        event = (
            TrainingEvent.objects.filter(pk=context["event"]).first() if context["event"] else None
        )
        course = (
            CoursePage.objects.filter(pk=context["course"]).first() if context["course"] else None
        )
        return ScoreResource(Quiz.objects.get(pk=context["quiz"]), context["form"], event, course)

    def check_columns(self, headers):
        errors = []
        if not {"phone", "name"} & set(headers):
            errors.append(_("The file needs a phone or a name column."))
        answer_columns = [h for h in headers if re.fullmatch(r"q\d+", h)]
        if "score" not in headers and not answer_columns:
            errors.append(_("The file needs a score column or answer columns q1, q2…"))
        if "score" in headers and answer_columns:
            errors.append(_("Give either a score column or answer columns, not both."))
        unknown = [
            h for h in headers if h not in {"phone", "name", "score", "form"} | set(answer_columns)
        ]
        if unknown:
            errors.append(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
        return errors

    def summary(self, resource, number):
        parsed = resource.parsed.get(number)
        return str(parsed.person) if parsed and parsed.person else ""


class QuestionImport(SpreadsheetImport):
    form_class = QuestionUploadForm
    kind = "questions"
    title = gettext_lazy("Import questions")
    columns_help = gettext_lazy(
        "Columns: type (single, multiple, true_false, matching, short), question_lo, "
        "question_en, choice1_lo, choice1_en… (up to 6), match1_lo, match1_en… for matching, "
        "correct (letters, or T/F), feedback_lo, feedback_en, tags (codes), difficulty (1-3), "
        "partial_credit (yes/no), accepted_answers (separated by |)."
    )

    def resource(self, context):
        return QuestionResource()

    def check_columns(self, headers):
        errors = []
        missing = [c for c in QUESTION_REQUIRED if c not in headers]
        if missing:
            errors.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        known = set(QUESTION_REQUIRED) | set(QUESTION_OPTIONAL)
        unknown = [h for h in headers if h not in known]
        if unknown:
            errors.append(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
        return errors

    def summary(self, resource, number):
        parsed = resource.parsed.get(number)
        return parsed.kind if parsed else ""
